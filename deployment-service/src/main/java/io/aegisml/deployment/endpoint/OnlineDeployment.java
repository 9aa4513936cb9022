package io.aegisml.deployment.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A deployment of a model version behind an endpoint, with its provisioning state. */
record OnlineDeployment(String id, String endpointId, String name, Map<String, Object> spec, String modelId,
                        int generation, String provisioningState, String failureReason, Instant createdAt,
                        String createdBy, Instant updatedAt) {

    static final String TYPE = "Aegis.ML/workspaces/onlineEndpoints/deployments";

    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("type", TYPE);
        state.put("endpoint_id", endpointId);
        state.putAll(spec);
        state.put("generation", generation);
        state.put("provisioning_state", provisioningState);
        if (failureReason != null) {
            state.put("failure_reason", failureReason);
        }
        state.put("created_at", createdAt.toString());
        state.put("created_by", createdBy);
        state.put("updated_at", updatedAt.toString());
        return state;
    }

    OnlineDeployment moved(String state, String reason, Instant now) {
        return new OnlineDeployment(id, endpointId, name, spec, modelId, generation, state, reason, createdAt,
                createdBy, now);
    }
}
