package io.aegisml.identity.workspace;

import io.aegisml.events.Actor;
import io.aegisml.identity.IdentityEvents;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Create-or-update and delete: each change and its event commit together. */
@Service
class WorkspaceLifecycle {

    private final Workspaces workspaces;
    private final IdentityEvents events;

    WorkspaceLifecycle(Workspaces workspaces, IdentityEvents events) {
        this.workspaces = workspaces;
        this.events = events;
    }

    record Result(Workspace workspace, boolean created) {
    }

    @Transactional
    Result put(WorkspaceId id, String description, Map<String, String> tags, Actor caller, String correlationId) {
        Workspaces.Upserted result = workspaces.upsert(new Workspace(id.resourceId(), id.subscriptionId(),
                id.resourceGroup(), id.name(), description, tags, Workspaces.now(), caller.id()));
        Workspace workspace = result.workspace();
        events.publish(result.created() ? "WorkspaceCreated" : "WorkspaceUpdated", workspace.id(),
                workspace.toEventData(), caller, correlationId);
        return new Result(workspace, result.created());
    }

    /** Deletes the workspace; empty if there was none (the API answers 204, as Azure does). */
    @Transactional
    Optional<Workspace> delete(WorkspaceId id, Actor caller, String correlationId) {
        Optional<Workspace> existing = workspaces.findForUpdate(id.resourceId());
        existing.ifPresent(w -> {
            workspaces.delete(w.id());
            events.publish("WorkspaceDeleted", w.id(), w.toEventData(), caller, correlationId);
        });
        return existing;
    }
}
