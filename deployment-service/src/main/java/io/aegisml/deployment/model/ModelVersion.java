package io.aegisml.deployment.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One registered version of a model: its ONNX file is the blob {@code blobName} in the model container. */
public record ModelVersion(String id, String workspaceId, String name, String version, String blobName,
                           long sizeBytes, String sha256, String description, Instant createdAt, String createdBy) {

    public Map<String, Object> state(String container) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("version", version);
        state.put("type", "Aegis.ML/workspaces/models/versions");
        state.put("workspace_id", workspaceId);
        state.put("format", "onnx");
        state.put("description", description == null ? "" : description);
        state.put("size_bytes", sizeBytes);
        state.put("sha256", sha256);
        state.put("blob", Map.of("container", container, "name", blobName));
        state.put("created_at", createdAt.toString());
        state.put("created_by", createdBy);
        return state;
    }
}
