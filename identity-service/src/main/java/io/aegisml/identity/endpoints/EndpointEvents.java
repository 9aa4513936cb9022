package io.aegisml.identity.endpoints;

import io.aegisml.events.EventEnvelope;
import io.aegisml.identity.access.AccessGrants;
import io.aegisml.identity.identities.SystemAssignedIdentities;
import io.aegisml.identity.storage.StorageAccess;
import io.aegisml.security.rbac.BuiltInRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What identity-service does when endpoints come and go (aegis.deployment.events, each event once):
 * an endpoint with a system-assigned identity gets one, created by whoever created the endpoint, and
 * loses it (and its role assignments) with the endpoint; that identity may read the workspace's default
 * storage from the start (Storage Blob Data Reader there, granted by the platform, as in Azure); and the endpoint's auth mode is remembered
 * so that aml_token tokens are issued for aml_token endpoints only.
 */
@Component
public class EndpointEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final SystemAssignedIdentities identities;
    private final AccessGrants grants;

    EndpointEvents(JdbcClient jdbc, SystemAssignedIdentities identities, AccessGrants grants) {
        this.jdbc = jdbc;
        this.identities = identities;
        this.grants = grants;
    }

    /** {@code /subscriptions/{s}/resourceGroups/{rg}/workspaces/{ws}/onlineEndpoints/{e}} → the workspace's default storage. */
    private static String workspaceStorageOf(String endpointId) {
        String[] segments = endpointId.split("/");
        String workspaceId = String.join("/", java.util.Arrays.copyOf(segments, 7));
        return StorageAccess.defaultAccountIdOf(segments[2], segments[4], segments[6], workspaceId);
    }

    @Transactional
    public void apply(EventEnvelope event) {
        if (jdbc.sql("insert into processed_event (id, processed_at) values (?, now()) on conflict do nothing")
                .param(event.id()).update() == 0) {
            return;
        }
        Map<String, Object> data = event.data();
        String endpointId = event.subject();
        switch (event.type()) {
            case "OnlineEndpointCreated", "OnlineEndpointUpdated" -> {
                Map<?, ?> identity = data.get("identity") instanceof Map<?, ?> i ? i : Map.of();
                List<String> attached = new ArrayList<>();
                if (identity.get("user_assigned_identities") instanceof List<?> list) {
                    list.forEach(entry -> attached.add(String.valueOf(((Map<?, ?>) entry).get("resource_id"))));
                }
                jdbc.sql("""
                                insert into online_endpoint_ref (id, name, auth_mode, identity_type, user_assigned_identities)
                                values (?, ?, ?, ?, ?::jsonb)
                                on conflict (id) do update set auth_mode = excluded.auth_mode,
                                    identity_type = excluded.identity_type,
                                    user_assigned_identities = excluded.user_assigned_identities""")
                        .params(endpointId, data.get("name"), data.get("auth_mode"),
                                identity.get("type") == null ? "none" : String.valueOf(identity.get("type")), JSON.writeValueAsString(attached))
                        .update();
                if (event.type().equals("OnlineEndpointCreated") && "system_assigned".equals(identity.get("type"))) {
                    SystemAssignedIdentities.Created sai = identities.create(endpointId, event.actor(),
                            event.correlationId());
                    // As in Azure: the endpoint's own identity reads the workspace's default storage.
                    grants.grantByPlatform(String.valueOf(sai.state().get("principalId")),
                            BuiltInRoles.STORAGE_BLOB_DATA_READER, workspaceStorageOf(endpointId), event.actor(),
                            event.correlationId());
                }
            }
            case "OnlineEndpointDeleted" -> {
                jdbc.sql("delete from online_endpoint_ref where id = ?").param(endpointId).update();
                identities.delete(endpointId, event.actor(), event.correlationId());
            }
            default -> { } // models and deployments: nothing of identity-service's
        }
    }

    /** Which identity an endpoint's deployments run as: {@code type} system_assigned, user_assigned or none. */
    public record EndpointIdentity(String type, List<String> userAssignedIdentities) {
    }

    public Optional<EndpointIdentity> identityOf(String endpointId) {
        return jdbc.sql("select identity_type, user_assigned_identities from online_endpoint_ref where id = ?")
                .param(endpointId).query((rs, n) -> new EndpointIdentity(rs.getString("identity_type"),
                        JSON.readValue(rs.getString("user_assigned_identities"), STRINGS))).optional();
    }

    /** The endpoint's auth mode, if the endpoint exists. */
    public Optional<String> authMode(String endpointId) {
        return jdbc.sql("select auth_mode from online_endpoint_ref where id = ?").param(endpointId)
                .query(String.class).optional();
    }
}
