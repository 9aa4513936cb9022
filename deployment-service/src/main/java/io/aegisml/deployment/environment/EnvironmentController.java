package io.aegisml.deployment.environment;

import io.aegisml.deployment.DeploymentEvents;
import io.aegisml.deployment.WorkspaceId;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Environment versions, as {@code az ml environment create -f env.yml} registers them: {@code image} (or
 * {@code docker.image}), {@code conda_file} as the file's content (the CLI reads it for you), {@code description}.
 * A deployment names one as {@code environment: azureml:name:version}.
 */
@RestController
@RequestMapping("/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/environments")
class EnvironmentController {

    private final EnvironmentVersions versions;
    private final DeploymentEvents events;
    private final TransactionTemplate transaction;

    EnvironmentController(EnvironmentVersions versions, DeploymentEvents events, TransactionTemplate transaction) {
        this.versions = versions;
        this.events = events;
        this.transaction = transaction;
    }

    @PutMapping("/{name}/versions/{version}")
    ResponseEntity<Map<String, Object>> register(@PathVariable String sub, @PathVariable String rg,
                                                 @PathVariable String ws, @PathVariable String name,
                                                 @PathVariable String version,
                                                 @RequestBody(required = false) Map<String, Object> document,
                                                 @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        WorkspaceId workspace = new WorkspaceId(sub, rg, ws);
        String id = workspace.environmentVersion(name, version);
        EnvironmentVersion environment = new EnvironmentVersion(id, workspace.id(), name, version,
                Environments.read(document == null ? Map.of() : document), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                caller.getSubject());
        boolean inserted = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!versions.insert(environment)) {
                return false;
            }
            events.publish("EnvironmentVersionCreated", id, environment.state(), Callers.actorOf(caller),
                    RequestIdFilter.correlationId(request));
            return true;
        }));
        if (!inserted) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Environment version " + id
                    + " exists already; versions never change: register a new version.");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(environment.state());
    }

    @GetMapping("/{name}/versions/{version}")
    Map<String, Object> show(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                             @PathVariable String name, @PathVariable String version) {
        String id = new WorkspaceId(sub, rg, ws).environmentVersion(name, version);
        return versions.find(id).map(EnvironmentVersion::state).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No environment version " + id + "."));
    }
}
