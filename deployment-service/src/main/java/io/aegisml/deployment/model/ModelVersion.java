package io.aegisml.deployment.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One registered version of a model: its file is the blob {@code blobName} in the model container. An ONNX model
 * ({@code format} onnx) is served by the platform; any other ({@code custom_model}: a file such as a pickle, or a
 * folder, stored as a zip) only by a deployment's scoring script, which finds it as {@code path} under
 * {@code AZUREML_MODEL_DIR}.
 */
public record ModelVersion(String id, String workspaceId, String name, String version, String blobName,
                           long sizeBytes, String sha256, String description, Instant createdAt, String createdBy,
                           String format, String path, boolean folder) {

    public static final String ONNX = "onnx";
    public static final String CUSTOM = "custom_model";

    public boolean onnx() {
        return ONNX.equals(format);
    }

    public Map<String, Object> state(String container) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("version", version);
        state.put("type", "Aegis.ML/workspaces/models/versions");
        state.put("workspace_id", workspaceId);
        state.put("format", format);
        if (!onnx()) {
            state.put("path", path);
            state.put("folder", folder);
        }
        state.put("description", description == null ? "" : description);
        state.put("size_bytes", sizeBytes);
        state.put("sha256", sha256);
        state.put("blob", Map.of("container", container, "name", blobName));
        state.put("created_at", createdAt.toString());
        state.put("created_by", createdBy);
        return state;
    }
}
