package io.aegisml.identity.workspace;

import io.aegisml.identity.storage.StorageAccess;
import io.aegisml.events.Actor;
import io.aegisml.identity.IdentityEvents;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Create-or-update and delete: each change and its event commit together. A workspace comes with a
 * default storage account, which outlives it (as in Azure: data is not deleted with a workspace).
 */
@Service
class WorkspaceLifecycle {

    private final Workspaces workspaces;
    private final IdentityEvents events;
    private final StorageAccess storage;

    WorkspaceLifecycle(Workspaces workspaces, IdentityEvents events, StorageAccess storage) {
        this.workspaces = workspaces;
        this.events = events;
        this.storage = storage;
    }

    record Result(Workspace workspace, boolean created) {
    }

    @Transactional
    Result put(WorkspaceId id, String description, Map<String, String> tags, String publicNetworkAccess, Actor caller,
               String correlationId) {
        Workspaces.Upserted result = workspaces.upsert(new Workspace(id.resourceId(), id.subscriptionId(),
                id.resourceGroup(), id.name(), description, tags, publicNetworkAccess, Workspaces.now(), caller.id()));
        Workspace workspace = result.workspace();
        events.publish(result.created() ? "WorkspaceCreated" : "WorkspaceUpdated", workspace.id(),
                workspace.toEventData(), caller, correlationId);
        // Its default storage, as Azure gives every workspace (also for workspaces made before there was one).
        storage.ensureWorkspaceDefault(id.subscriptionId(), id.resourceGroup(), id.name(), id.resourceId(), caller,
                correlationId);
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
