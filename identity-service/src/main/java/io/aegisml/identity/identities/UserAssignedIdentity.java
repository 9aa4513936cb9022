package io.aegisml.identity.identities;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A user-assigned identity as stored, returned, and carried by its events. */
record UserAssignedIdentity(String id, String subscriptionId, String resourceGroup, String name, UUID clientId,
                            UUID principalId, Map<String, String> tags, Instant createdAt, String createdBy) {

    Map<String, Object> state(String tenantId) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("type", "Aegis.ManagedIdentity/userAssignedIdentities");
        state.put("subscriptionId", subscriptionId);
        state.put("resourceGroup", resourceGroup);
        state.put("clientId", clientId.toString());
        state.put("principalId", principalId.toString());
        state.put("tenantId", tenantId);
        state.put("tags", tags);
        state.put("createdAt", createdAt.toString());
        state.put("createdBy", createdBy);
        return state;
    }
}
