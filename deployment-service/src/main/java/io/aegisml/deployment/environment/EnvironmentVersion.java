package io.aegisml.deployment.environment;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One registered version of an environment: {@code spec} holds its image, conda file (as an object), description. */
public record EnvironmentVersion(String id, String workspaceId, String name, String version, Map<String, Object> spec,
                                 Instant createdAt, String createdBy) {

    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("version", version);
        state.put("type", "Aegis.ML/workspaces/environments/versions");
        state.put("workspace_id", workspaceId);
        state.putAll(spec);
        state.put("created_at", createdAt.toString());
        state.put("created_by", createdBy);
        return state;
    }
}
