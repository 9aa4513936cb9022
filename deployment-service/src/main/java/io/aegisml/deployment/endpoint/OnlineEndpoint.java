package io.aegisml.deployment.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An online endpoint: its Azure-schema settings ({@code spec}: auth_mode, identity, traffic,
 * mirror_traffic, public_network_access, description, tags) and its keys (hash + sealed copy).
 */
record OnlineEndpoint(String id, String workspaceId, String name, Map<String, Object> spec, String provisioningState,
                      EndpointKeys.Sealed primary, EndpointKeys.Sealed secondary, Instant createdAt, String createdBy,
                      Instant updatedAt) {

    static final String TYPE = "Aegis.ML/workspaces/onlineEndpoints";

    String authMode() {
        return (String) spec.get("auth_mode");
    }

    @SuppressWarnings("unchecked")
    Map<String, Integer> traffic() {
        return (Map<String, Integer>) spec.getOrDefault("traffic", Map.of());
    }

    @SuppressWarnings("unchecked")
    Map<String, Integer> mirrorTraffic() {
        return (Map<String, Integer>) spec.getOrDefault("mirror_traffic", Map.of());
    }

    /** What the API shows: no key material at all. */
    Map<String, Object> state(String publicUrl) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("type", TYPE);
        state.put("workspace_id", workspaceId);
        state.putAll(spec);
        state.put("provisioning_state", provisioningState);
        state.put("scoring_uri", publicUrl + "/endpoints/" + name + "/score");
        state.put("created_at", createdAt.toString());
        state.put("created_by", createdBy);
        state.put("updated_at", updatedAt.toString());
        return state;
    }

    /** What the events carry: the state and the keys' hashes, which is all scoring-service needs. */
    Map<String, Object> eventState(String publicUrl) {
        Map<String, Object> state = state(publicUrl);
        if (primary != null && secondary != null) {
            state.put("key_hashes", Map.of("primary", primary.hash(), "secondary", secondary.hash()));
        }
        return state;
    }

    OnlineEndpoint with(Map<String, Object> newSpec, EndpointKeys.Sealed newPrimary, EndpointKeys.Sealed newSecondary,
                        Instant now) {
        return new OnlineEndpoint(id, workspaceId, name, newSpec, provisioningState, newPrimary, newSecondary,
                createdAt, createdBy, now);
    }
}
