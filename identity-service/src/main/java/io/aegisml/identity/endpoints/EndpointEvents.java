package io.aegisml.identity.endpoints;

import io.aegisml.events.EventEnvelope;
import io.aegisml.identity.identities.SystemAssignedIdentities;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What identity-service does when endpoints come and go (aegis.deployment.events, each event once):
 * an endpoint with a system-assigned identity gets one, created by whoever created the endpoint, and
 * loses it (and its role assignments) with the endpoint; and the endpoint's auth mode is remembered
 * so that aml_token tokens are issued for aml_token endpoints only.
 */
@Component
public class EndpointEvents {

    private final JdbcClient jdbc;
    private final SystemAssignedIdentities identities;

    EndpointEvents(JdbcClient jdbc, SystemAssignedIdentities identities) {
        this.jdbc = jdbc;
        this.identities = identities;
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
                jdbc.sql("""
                                insert into online_endpoint_ref (id, name, auth_mode) values (?, ?, ?)
                                on conflict (id) do update set auth_mode = excluded.auth_mode""")
                        .params(endpointId, data.get("name"), data.get("auth_mode")).update();
                if (event.type().equals("OnlineEndpointCreated") && data.get("identity") instanceof Map<?, ?> identity
                        && "system_assigned".equals(identity.get("type"))) {
                    identities.create(endpointId, event.actor(), event.correlationId());
                }
            }
            case "OnlineEndpointDeleted" -> {
                jdbc.sql("delete from online_endpoint_ref where id = ?").param(endpointId).update();
                identities.delete(endpointId, event.actor(), event.correlationId());
            }
            default -> { } // models and deployments: nothing of identity-service's
        }
    }

    /** The endpoint's auth mode, if the endpoint exists. */
    public java.util.Optional<String> authMode(String endpointId) {
        return jdbc.sql("select auth_mode from online_endpoint_ref where id = ?").param(endpointId)
                .query(String.class).optional();
    }
}
