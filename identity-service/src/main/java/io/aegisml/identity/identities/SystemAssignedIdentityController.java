package io.aegisml.identity.identities;

import io.aegisml.security.web.ResourceNames;
import io.aegisml.security.rbac.AccessChecks;
import io.aegisml.security.rbac.Actions;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The system-assigned identity of an online endpoint, at Azure's path
 * {@code {endpoint id}/providers/Aegis.ManagedIdentity/identities/default}: the endpoint lifecycle creates
 * it with the endpoint (PUT is idempotent and never changes it) and deletes it, with its role
 * assignments, when the endpoint goes. Managing it needs write/delete on the endpoint itself.
 */
@RestController
@RequestMapping(SystemAssignedIdentityController.PATH)
class SystemAssignedIdentityController {

    static final String PATH = "/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/onlineEndpoints/{endpoint}"
            + "/providers/Aegis.ManagedIdentity/identities/default";

    private final SystemAssignedIdentities identities;
    private final AccessChecks checks;

    SystemAssignedIdentityController(SystemAssignedIdentities identities, AccessChecks checks) {
        this.identities = identities;
        this.checks = checks;
    }

    @PutMapping
    ResponseEntity<Map<String, Object>> create(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                               @PathVariable String endpoint, @AuthenticationPrincipal Jwt caller,
                                               HttpServletRequest request) {
        String boundTo = endpointId(sub, rg, ws, endpoint);
        checks.require(caller, Actions.ENDPOINTS_WRITE, boundTo, request);
        SystemAssignedIdentities.Created created = identities.create(boundTo, Callers.actorOf(caller),
                RequestIdFilter.correlationId(request));
        return ResponseEntity.status(created.created() ? HttpStatus.CREATED : HttpStatus.OK).body(created.state());
    }

    @GetMapping
    Map<String, Object> show(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                             @PathVariable String endpoint, @AuthenticationPrincipal Jwt caller,
                             HttpServletRequest request) {
        String boundTo = endpointId(sub, rg, ws, endpoint);
        checks.require(caller, Actions.ENDPOINTS_READ, boundTo, request);
        return identities.state(boundTo).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "Endpoint " + boundTo + " has no system-assigned identity."));
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                @PathVariable String endpoint, @AuthenticationPrincipal Jwt caller,
                                HttpServletRequest request) {
        String boundTo = endpointId(sub, rg, ws, endpoint);
        checks.require(caller, Actions.ENDPOINTS_DELETE, boundTo, request);
        boolean deleted = identities.delete(boundTo, Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    private static String endpointId(String sub, String rg, String ws, String endpoint) {
        return "/subscriptions/" + ResourceNames.require("subscription", sub) + "/resourceGroups/"
                + ResourceNames.require("resource group", rg) + "/workspaces/" + ResourceNames.require("workspace", ws)
                + "/onlineEndpoints/" + ResourceNames.require("endpoint", endpoint);
    }
}
