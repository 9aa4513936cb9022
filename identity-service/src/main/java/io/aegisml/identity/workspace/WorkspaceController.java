package io.aegisml.identity.workspace;

import io.aegisml.identity.storage.StorageAccess;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/subscriptions/{sub}/resourceGroups/{rg}/workspaces[/{ws}]}: the resource id is the path. */
@RestController
@RequestMapping("/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces")
class WorkspaceController {

    private final WorkspaceLifecycle lifecycle;
    private final Workspaces workspaces;

    WorkspaceController(WorkspaceLifecycle lifecycle, Workspaces workspaces) {
        this.lifecycle = lifecycle;
        this.workspaces = workspaces;
    }

    /** The body is optional; unknown fields are ignored, as Azure's templates carry more than we use. */
    record WorkspaceRequest(String description, Map<String, String> tags, String publicNetworkAccess) {
    }

    /**
     * {@code location}: Azure's region field, which Azure's scripts read ({@code az ml workspace show --query location})
     * and pass on to {@code az storage account create --location}; one machine, one location: "local".
     */
    record WorkspaceResponse(String id, String name, String type, String location, String subscriptionId,
                             String resourceGroup, String description, Map<String, String> tags, String publicNetworkAccess,
                             String storageAccount, String createdAt, String createdBy) {
        static WorkspaceResponse of(Workspace w) {
            return new WorkspaceResponse(w.id(), w.name(), Workspace.TYPE, "local", w.subscriptionId(), w.resourceGroup(),
                    w.description(), w.tags(), w.publicNetworkAccess(), StorageAccess.defaultAccountIdOf(w.subscriptionId(), w.resourceGroup(),
                    w.name(), w.id()), w.createdAt().toString(), w.createdBy());
        }
    }

    @PutMapping("/{ws}")
    ResponseEntity<WorkspaceResponse> put(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                          @RequestBody(required = false) WorkspaceRequest body,
                                          @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        WorkspaceRequest req = body == null ? new WorkspaceRequest(null, null, null) : body;
        WorkspaceLimits.check(req.description(), req.tags());
        WorkspaceLifecycle.Result result = lifecycle.put(new WorkspaceId(sub, rg, ws), req.description(),
                req.tags() == null ? Map.of() : req.tags(), WorkspaceLimits.networkAccess(req.publicNetworkAccess()),
                Callers.actorOf(caller),
                RequestIdFilter.correlationId(request));
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(WorkspaceResponse.of(result.workspace()));
    }

    @GetMapping("/{ws}")
    WorkspaceResponse get(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws) {
        WorkspaceId id = new WorkspaceId(sub, rg, ws);
        return workspaces.find(id.resourceId()).map(WorkspaceResponse::of)
                .orElseThrow(() -> notFound(id));
    }

    @GetMapping
    Map<String, List<WorkspaceResponse>> list(@PathVariable String sub, @PathVariable String rg) {
        WorkspaceId anyInGroup = new WorkspaceId(sub, rg, "list");
        return Map.of("value", workspaces.inResourceGroup(anyInGroup.subscriptionId(), anyInGroup.resourceGroup())
                .stream().map(WorkspaceResponse::of).toList());
    }

    @DeleteMapping("/{ws}")
    ResponseEntity<Void> delete(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        boolean deleted = lifecycle.delete(new WorkspaceId(sub, rg, ws), Callers.actorOf(caller),
                RequestIdFilter.correlationId(request)).isPresent();
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    private static ResponseStatusException notFound(WorkspaceId id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "Workspace " + id.resourceId() + " was not found.");
    }
}
