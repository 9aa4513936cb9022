package io.aegisml.identity.principals;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The service_principal table: who they are, never their secrets. */
@Repository
class ServicePrincipals {

    record ServicePrincipal(String clientId, String principalId, String displayName, Instant createdAt, String createdBy) {
        Map<String, Object> state() {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("clientId", clientId);
            state.put("principalId", principalId);
            state.put("displayName", displayName);
            state.put("createdAt", createdAt.toString());
            state.put("createdBy", createdBy);
            return state;
        }
    }

    private final JdbcClient jdbc;

    ServicePrincipals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ServicePrincipal sp) {
        jdbc.sql("insert into service_principal (client_id, principal_id, display_name, created_at, created_by) "
                        + "values (?, ?, ?, ?, ?)")
                .params(sp.clientId(), sp.principalId(), sp.displayName(), Timestamp.from(sp.createdAt()), sp.createdBy())
                .update();
    }

    Optional<ServicePrincipal> find(String clientId) {
        return jdbc.sql("select * from service_principal where client_id = ?").param(clientId)
                .query((rs, n) -> new ServicePrincipal(rs.getString("client_id"), rs.getString("principal_id"),
                        rs.getString("display_name"), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by"))).optional();
    }

    List<ServicePrincipal> all() {
        return jdbc.sql("select * from service_principal order by display_name")
                .query((rs, n) -> new ServicePrincipal(rs.getString("client_id"), rs.getString("principal_id"),
                        rs.getString("display_name"), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by"))).list();
    }

    void delete(String clientId) {
        jdbc.sql("delete from service_principal where client_id = ?").param(clientId).update();
    }
}
