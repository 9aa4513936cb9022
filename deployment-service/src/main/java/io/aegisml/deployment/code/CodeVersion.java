package io.aegisml.deployment.code;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One registered version of a code folder: the zip is the blob {@code blobName} in the model container. */
public record CodeVersion(String id, String workspaceId, String name, String version, String blobName,
                          long sizeBytes, String sha256, Instant createdAt, String createdBy) {

    public Map<String, Object> state(String container) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("version", version);
        state.put("type", "Aegis.ML/workspaces/codes/versions");
        state.put("workspace_id", workspaceId);
        state.put("size_bytes", sizeBytes);
        state.put("sha256", sha256);
        state.put("blob", Map.of("container", container, "name", blobName));
        state.put("created_at", createdAt.toString());
        state.put("created_by", createdBy);
        return state;
    }
}
