package io.aegisml.identity.access;

import io.aegisml.security.rbac.RoleAssignment;
import io.aegisml.security.rbac.Scopes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The role_assignment table. */
@Repository
class RoleAssignments {

    private final JdbcClient jdbc;

    RoleAssignments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RoleAssignment> find(String id) {
        return jdbc.sql("select * from role_assignment where id = ?").param(id).query(RoleAssignments::map).optional();
    }

    Optional<RoleAssignment> same(String scope, String principalId, String roleDefinitionId) {
        return jdbc.sql("select * from role_assignment where scope = ? and principal_id = ? and role_definition_id = ?")
                .params(scope, principalId, roleDefinitionId).query(RoleAssignments::map).optional();
    }

    /** Assignments that apply at {@code scope} (at it or above) or live below it. */
    List<RoleAssignment> relatedTo(String scope) {
        return jdbc.sql("select * from role_assignment order by scope, name").query(RoleAssignments::map).list()
                .stream().filter(a -> Scopes.covers(a.scope(), scope) || Scopes.covers(scope, a.scope())).toList();
    }

    List<RoleAssignment> ofPrincipal(String principalId) {
        return jdbc.sql("select * from role_assignment where principal_id = ?").param(principalId)
                .query(RoleAssignments::map).list();
    }

    List<RoleAssignment> withRole(String roleDefinitionId) {
        return jdbc.sql("select * from role_assignment where lower(role_definition_id) = lower(?)")
                .param(roleDefinitionId).query(RoleAssignments::map).list();
    }

    boolean anyWithRole(String roleDefinitionId) {
        return jdbc.sql("select count(*) from role_assignment where lower(role_definition_id) = lower(?)")
                .param(roleDefinitionId).query(Long.class).single() > 0;
    }

    /** False if one with the same id, or the same principal, role and scope, exists already. */
    boolean insert(RoleAssignment a, String createdBy) {
        return jdbc.sql("""
                        insert into role_assignment (id, name, scope, principal_id, principal_type, role_definition_id,
                                                     created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(a.id(), a.name(), a.scope(), a.principalId(), a.principalType(), a.roleDefinitionId(),
                        Timestamp.from(Instant.now()), createdBy)
                .update() == 1;
    }

    boolean delete(String id) {
        return jdbc.sql("delete from role_assignment where id = ?").param(id).update() == 1;
    }

    private static RoleAssignment map(ResultSet rs, int row) throws SQLException {
        return new RoleAssignment(rs.getString("id"), rs.getString("name"), rs.getString("scope"),
                rs.getString("principal_id"), rs.getString("principal_type"), rs.getString("role_definition_id"));
    }
}
