package io.aegisml.audit.activity;

import java.util.Map;
import java.util.Optional;

/**
 * Which operation each event type records, in Azure's naming ({@code .../write} for create and
 * update, {@code .../delete}). An event type missing here is not silently logged as something else:
 * the consumer sends it to the dead-letter topic.
 */
final class Operations {

    private static final Map<String, String> BY_EVENT_TYPE = Map.of(
            "WorkspaceCreated", "Aegis.ML/workspaces/write",
            "WorkspaceUpdated", "Aegis.ML/workspaces/write",
            "WorkspaceDeleted", "Aegis.ML/workspaces/delete");

    private Operations() {
    }

    static Optional<String> forEventType(String type) {
        return Optional.ofNullable(BY_EVENT_TYPE.get(type));
    }
}
