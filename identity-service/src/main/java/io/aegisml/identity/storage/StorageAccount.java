package io.aegisml.identity.storage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A storage account: a namespace of containers under a resource group, its name unique everywhere. */
record StorageAccount(String id, String subscriptionId, String resourceGroup, String name, String defaultStorageOf,
                      Map<String, String> tags, Instant createdAt, String createdBy) {

    static final String TYPE = "Aegis.Storage/storageAccounts";

    Map<String, Object> state() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("defaultStorageOf", defaultStorageOf);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("type", TYPE);
        state.put("subscriptionId", subscriptionId);
        state.put("resourceGroup", resourceGroup);
        state.put("properties", properties);
        state.put("tags", tags);
        state.put("createdAt", createdAt.toString());
        state.put("createdBy", createdBy);
        return state;
    }
}
