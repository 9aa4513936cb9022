package io.aegisml.identity.identities;

import io.aegisml.identity.IdentityEvents;
import io.aegisml.security.web.ResourceNames;
import io.aegisml.identity.access.AccessGrants;
import io.aegisml.security.rbac.AccessChecks;
import io.aegisml.security.rbac.Actions;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The system-assigned identity of an online endpoint, at Azure's path
 * {@code {endpoint id}/providers/Aegis.ManagedIdentity/identities/default}: the endpoint lifecycle creates
 * it with the endpoint (PUT is idempotent and never changes it) and deletes it, with its role
 * assignments, when the endpoint goes. Managing it needs write/delete on the endpoint itself.
 */
@RestController
@RequestMapping(SystemAssignedIdentityController.PATH)
class SystemAssignedIdentityController {

    static final String PATH = "/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/onlineEndpoints/{endpoint}"
            + "/providers/Aegis.ManagedIdentity/identities/default";
    static final String SUFFIX = "/providers/Aegis.ManagedIdentity/identities/default";

    private final JdbcClient jdbc;
    private final IdentityEvents events;
    private final AccessChecks checks;
    private final AccessGrants grants;
    private final TransactionTemplate transaction;
    private final String tenantId;

    SystemAssignedIdentityController(JdbcClient jdbc, IdentityEvents events, AccessChecks checks, AccessGrants grants,
                                     TransactionTemplate transaction,
                                     @Value("${aegis.keycloak.url}/realms/${aegis.keycloak.realm}") String tenantId) {
        this.jdbc = jdbc;
        this.events = events;
        this.checks = checks;
        this.grants = grants;
        this.transaction = transaction;
        this.tenantId = tenantId;
    }

    record Identity(String boundTo, UUID clientId, UUID principalId, Instant createdAt, String createdBy) {
    }

    @PutMapping
    ResponseEntity<Map<String, Object>> create(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                               @PathVariable String endpoint, @AuthenticationPrincipal Jwt caller,
                                               HttpServletRequest request) {
        String boundTo = endpointId(sub, rg, ws, endpoint);
        checks.require(caller, Actions.ENDPOINTS_WRITE, boundTo, request);
        Identity fresh = new Identity(boundTo, UUID.randomUUID(), UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), caller.getSubject());
        boolean created = Boolean.TRUE.equals(transaction.execute(status -> {
            int inserted = jdbc.sql("insert into system_assigned_identity (bound_to, client_id, principal_id, created_at, "
                            + "created_by) values (?, ?, ?, ?, ?) on conflict do nothing")
                    .params(fresh.boundTo(), fresh.clientId(), fresh.principalId(), Timestamp.from(fresh.createdAt()),
                            fresh.createdBy()).update();
            if (inserted == 1) {
                events.publish("SystemAssignedIdentityCreated", boundTo + SUFFIX, state(fresh), Callers.actorOf(caller),
                        RequestIdFilter.correlationId(request));
            }
            return inserted == 1;
        }));
        Identity identity = find(boundTo).orElseThrow();
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(state(identity));
    }

    @GetMapping
    Map<String, Object> show(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                             @PathVariable String endpoint, @AuthenticationPrincipal Jwt caller,
                             HttpServletRequest request) {
        String boundTo = endpointId(sub, rg, ws, endpoint);
        checks.require(caller, Actions.ENDPOINTS_READ, boundTo, request);
        return state(find(boundTo).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "Endpoint " + boundTo + " has no system-assigned identity.")));
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                @PathVariable String endpoint, @AuthenticationPrincipal Jwt caller,
                                HttpServletRequest request) {
        String boundTo = endpointId(sub, rg, ws, endpoint);
        checks.require(caller, Actions.ENDPOINTS_DELETE, boundTo, request);
        Optional<Identity> identity = find(boundTo);
        identity.ifPresent(i -> {
            grants.revokeAll(i.principalId().toString(), caller, request);
            transaction.executeWithoutResult(status -> {
                jdbc.sql("delete from system_assigned_identity where bound_to = ?").param(boundTo).update();
                events.publish("SystemAssignedIdentityDeleted", boundTo + SUFFIX, state(i), Callers.actorOf(caller),
                        RequestIdFilter.correlationId(request));
            });
        });
        return ResponseEntity.status(identity.isPresent() ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
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

    private static String endpointId(String sub, String rg, String ws, String endpoint) {
        return "/subscriptions/" + ResourceNames.require("subscription", sub) + "/resourceGroups/"
                + ResourceNames.require("resource group", rg) + "/workspaces/" + ResourceNames.require("workspace", ws)
                + "/onlineEndpoints/" + ResourceNames.require("endpoint", endpoint);
    }
}
