package io.aegisml.identity.workspace;

import io.aegisml.events.Actor;

/** The port through which workspace changes become events; the adapter writes the outbox. */
public interface WorkspaceEvents {

    enum Change { WorkspaceCreated, WorkspaceUpdated, WorkspaceDeleted }

    /** Called inside the transaction that makes the change. */
    void changed(Change change, String resourceId, java.util.Map<String, Object> state, Actor actor,
                 String correlationId);
}
