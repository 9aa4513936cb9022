package io.aegisml.identity.identities;

import io.aegisml.events.Actor;
import io.aegisml.identity.IdentityEvents;
import io.aegisml.identity.access.AccessGrants;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * System-assigned identities: one per endpoint, created with it (idempotent: a second create returns
 * the same ids, nothing ever changes them) and deleted with it, role assignments included. Called by
 * the API and by the endpoint lifecycle (aegis.deployment.events).
 */
@Service
public class SystemAssignedIdentities {

    static final String SUFFIX = "/providers/Aegis.ManagedIdentity/identities/default";

    private final JdbcClient jdbc;
    private final IdentityEvents events;
    private final AccessGrants grants;
    private final TransactionTemplate transaction;
    private final String tenantId;

    SystemAssignedIdentities(JdbcClient jdbc, IdentityEvents events, AccessGrants grants, TransactionTemplate transaction,
                             io.aegisml.identity.authority.AuthorityProperties authority) {
        this.jdbc = jdbc;
        this.events = events;
        this.grants = grants;
        this.transaction = transaction;
        this.tenantId = authority.tenantId();
    }

    record Identity(String boundTo, UUID clientId, UUID principalId, Instant createdAt, String createdBy) {
    }

    public record Created(Map<String, Object> state, boolean created) {
    }

    public Created create(String boundTo, Actor actor, String correlationId) {
        Identity fresh = new Identity(boundTo, UUID.randomUUID(), UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), actor.id());
        boolean created = Boolean.TRUE.equals(transaction.execute(status -> {
            int inserted = jdbc.sql("insert into system_assigned_identity (bound_to, client_id, principal_id, created_at, "
                            + "created_by) values (?, ?, ?, ?, ?) on conflict do nothing")
                    .params(fresh.boundTo(), fresh.clientId(), fresh.principalId(), Timestamp.from(fresh.createdAt()),
                            fresh.createdBy()).update();
            if (inserted == 1) {
                events.publish("SystemAssignedIdentityCreated", boundTo + SUFFIX, state(fresh), actor, correlationId);
            }
            return inserted == 1;
        }));
        return new Created(state(find(boundTo).orElseThrow()), created);
    }

    /** False if the endpoint had none. */
    public boolean delete(String boundTo, Actor actor, String correlationId) {
        Optional<Identity> identity = find(boundTo);
        identity.ifPresent(i -> {
            grants.revokeAll(i.principalId().toString(), actor, correlationId);
            transaction.executeWithoutResult(status -> {
                jdbc.sql("delete from system_assigned_identity where bound_to = ?").param(boundTo).update();
                events.publish("SystemAssignedIdentityDeleted", boundTo + SUFFIX, state(i), actor, correlationId);
            });
        });
        return identity.isPresent();
    }

    /** The identity of that resource (an endpoint), if it has one. */
    public Optional<ManagedIdentity> of(String boundTo) {
        return find(boundTo).map(i -> new ManagedIdentity(i.boundTo() + SUFFIX, "SystemAssigned",
                i.clientId().toString(), i.principalId().toString()));
    }

    Optional<Map<String, Object>> state(String boundTo) {
        return find(boundTo).map(this::state);
    }

    private Optional<Identity> find(String boundTo) {
        return jdbc.sql("select * from system_assigned_identity where bound_to = ?").param(boundTo)
                .query((rs, n) -> new Identity(rs.getString("bound_to"), rs.getObject("client_id", UUID.class),
                        rs.getObject("principal_id", UUID.class), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by"))).optional();
    }

    private Map<String, Object> state(Identity i) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", i.boundTo() + SUFFIX);
        state.put("type", "SystemAssigned");
        state.put("boundTo", i.boundTo());
        state.put("clientId", i.clientId().toString());
        state.put("principalId", i.principalId().toString());
        state.put("tenantId", tenantId);
        state.put("createdAt", i.createdAt().toString());
        state.put("createdBy", i.createdBy());
        return state;
    }
}
