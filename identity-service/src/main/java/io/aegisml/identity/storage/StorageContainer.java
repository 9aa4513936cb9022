package io.aegisml.identity.storage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A blob container of an account; {@code blobContainer} is the real container behind it. */
record StorageContainer(String id, String accountId, String name, String blobContainer, Instant createdAt,
                        String createdBy) {

    static final String TYPE = "Aegis.Storage/storageAccounts/containers";

    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("type", TYPE);
        state.put("storageAccount", accountId);
        state.put("createdAt", createdAt.toString());
        state.put("createdBy", createdBy);
        return state;
    }
}
