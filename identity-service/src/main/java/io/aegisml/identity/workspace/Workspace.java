package io.aegisml.identity.workspace;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A workspace as stored and as returned by the API. {@code publicNetworkAccess} is Azure's setting, {@code Enabled}
 * or {@code Disabled}: disabled, none of its endpoints answers on public networks, whatever the endpoint says.
 */
record Workspace(String id, String subscriptionId, String resourceGroup, String name, String description,
                 Map<String, String> tags, String publicNetworkAccess, Instant createdAt, String createdBy) {

    static final java.util.Set<String> NETWORK_ACCESS = java.util.Set.of("Enabled", "Disabled");

    static final String TYPE = "Aegis.ML/workspaces";

    /** The full state carried by the workspace's events (docs/events/identity/Workspace*.schema.json). */
    Map<String, Object> toEventData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("subscriptionId", subscriptionId);
        data.put("resourceGroup", resourceGroup);
        data.put("name", name);
        data.put("description", description);
        data.put("tags", tags);
        data.put("publicNetworkAccess", publicNetworkAccess);
        data.put("createdAt", createdAt.toString());
        data.put("createdBy", createdBy);
        return data;
    }
}
