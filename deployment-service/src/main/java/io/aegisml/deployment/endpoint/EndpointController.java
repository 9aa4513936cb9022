package io.aegisml.deployment.endpoint;

import io.aegisml.deployment.WorkspaceId;
import io.aegisml.deployment.documents.Documents;
import io.aegisml.security.rbac.AccessChecks;
import io.aegisml.security.rbac.Actions;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Online endpoints and their deployments at their resource-id paths, like
 * {@code az ml online-endpoint} and {@code az ml online-deployment}. Bodies are Azure's YAML schema,
 * sent as YAML or JSON.
 */
@RestController
@RequestMapping("/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/onlineEndpoints")
class EndpointController {

    private final EndpointLifecycle lifecycle;
    private final AccessChecks checks;

    EndpointController(EndpointLifecycle lifecycle, AccessChecks checks) {
        this.lifecycle = lifecycle;
        this.checks = checks;
    }

    @PutMapping("/{endpoint}")
    ResponseEntity<Map<String, Object>> put(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                            @PathVariable String endpoint, @RequestBody(required = false) byte[] body,
                                            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
                                            @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        Map<String, Object> document = Documents.parse(type, body);
        // Attaching a user-assigned identity lets the endpoint's code act as it: the caller must be allowed to
        // use it (Azure's assign/action on the identity), checked before anything is created.
        for (String identity : EndpointSpecs.attachedIdentities(document, endpoint)) {
            checks.require(caller, Actions.IDENTITIES_ASSIGN, identity, request);
        }
        EndpointLifecycle.Outcome outcome = lifecycle.putEndpoint(new WorkspaceId(sub, rg, ws), endpoint,
                document, Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.state());
    }

    @GetMapping("/{endpoint}")
    Map<String, Object> show(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                             @PathVariable String endpoint) {
        return lifecycle.show(new WorkspaceId(sub, rg, ws).endpoint(endpoint));
    }

    @GetMapping
    Map<String, List<Map<String, Object>>> list(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws) {
        return Map.of("value", lifecycle.list(new WorkspaceId(sub, rg, ws)));
    }

    /** Deletes its deployments with it. 200 if it existed, 204 if there was nothing to delete. */
    @DeleteMapping("/{endpoint}")
    ResponseEntity<Void> delete(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                @PathVariable String endpoint, @AuthenticationPrincipal Jwt caller,
                                HttpServletRequest request) {
        boolean deleted = lifecycle.deleteEndpoint(new WorkspaceId(sub, rg, ws).endpoint(endpoint),
                Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        return deleted ? ResponseEntity.ok().build() : ResponseEntity.noContent().build();
    }

    @PostMapping("/{endpoint}/listKeys")
    Map<String, String> listKeys(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                 @PathVariable String endpoint) {
        return lifecycle.listKeys(new WorkspaceId(sub, rg, ws).endpoint(endpoint));
    }

    record RegenerateKeysRequest(String keyType) {
    }

    @PostMapping("/{endpoint}/regenerateKeys")
    ResponseEntity<Void> regenerateKeys(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                        @PathVariable String endpoint,
                                        @RequestBody(required = false) RegenerateKeysRequest body,
                                        @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        if (body == null || body.keyType() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The body must be {\"keyType\": \"Primary\"} or "
                    + "{\"keyType\": \"Secondary\"}.");
        }
        lifecycle.regenerateKey(new WorkspaceId(sub, rg, ws).endpoint(endpoint), body.keyType(),
                Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        return ResponseEntity.ok().build();
    }

    @PutMapping("/{endpoint}/deployments/{deployment}")
    ResponseEntity<Map<String, Object>> putDeployment(@PathVariable String sub, @PathVariable String rg,
                                                      @PathVariable String ws, @PathVariable String endpoint,
                                                      @PathVariable String deployment,
                                                      @RequestBody(required = false) byte[] body,
                                                      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false)
                                                      String type,
                                                      @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        EndpointLifecycle.Outcome outcome = lifecycle.putDeployment(new WorkspaceId(sub, rg, ws), endpoint, deployment,
                Documents.parse(type, body), Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.state());
    }

    @GetMapping("/{endpoint}/deployments/{deployment}")
    Map<String, Object> showDeployment(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                       @PathVariable String endpoint, @PathVariable String deployment) {
        return lifecycle.showDeployment(new WorkspaceId(sub, rg, ws).deployment(endpoint, deployment));
    }

    @GetMapping("/{endpoint}/deployments")
    Map<String, List<Map<String, Object>>> listDeployments(@PathVariable String sub, @PathVariable String rg,
                                                           @PathVariable String ws, @PathVariable String endpoint) {
        return Map.of("value", lifecycle.listDeployments(new WorkspaceId(sub, rg, ws).endpoint(endpoint)));
    }

    @DeleteMapping("/{endpoint}/deployments/{deployment}")
    ResponseEntity<Void> deleteDeployment(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                          @PathVariable String endpoint, @PathVariable String deployment,
                                          @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        boolean deleted = lifecycle.deleteDeployment(new WorkspaceId(sub, rg, ws), endpoint, deployment,
                Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        return deleted ? ResponseEntity.ok().build() : ResponseEntity.noContent().build();
    }

    /** The deployment's own log (init output, load errors, runtime errors), as Azure's get-logs. */
    @GetMapping("/{endpoint}/deployments/{deployment}/logs")
    Map<String, Object> logs(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                             @PathVariable String endpoint, @PathVariable String deployment,
                             @RequestParam(defaultValue = "100") int tail,
                             @RequestParam(required = false) String container) {
        if (tail < 1 || tail > Deployments.KEPT_LOG_LINES) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "'tail' must be between 1 and " + Deployments.KEPT_LOG_LINES + ".");
        }
        // Azure's two containers; without one, both (Azure shows inference-server's: ours adds the fetch lines).
        if (container != null && !container.equals("inference-server") && !container.equals("storage-initializer")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "'container' must be inference-server or storage-initializer.");
        }
        List<String> lines = lifecycle.logs(new WorkspaceId(sub, rg, ws).deployment(endpoint, deployment), tail,
                container);
        return Map.of("content", String.join("\n", lines), "lines", lines);
    }
}
