package io.aegisml.identity.access;

import io.aegisml.security.rbac.BuiltInRoles;
import io.aegisml.security.rbac.RoleDefinition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Built-in roles from code, custom roles from the role_definition table. */
@Repository
class RoleDefinitions {

    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    RoleDefinitions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** By id or name, built-in first. */
    Optional<RoleDefinition> find(String idOrName) {
        return BuiltInRoles.find(idOrName).or(() -> jdbc.sql(
                        "select * from role_definition where lower(id) = lower(?) or lower(role_name) = lower(?)")
                .params(idOrName, idOrName).query(RoleDefinitions::map).optional());
    }

    /** A custom role by its id only (a name is not an identity: two tenants' roles may be asked for by id). */
    Optional<RoleDefinition> findById(String id) {
        return jdbc.sql("select * from role_definition where lower(id) = lower(?)").param(id)
                .query(RoleDefinitions::map).optional();
    }

    List<RoleDefinition> custom() {
        return jdbc.sql("select * from role_definition order by role_name").query(RoleDefinitions::map).list();
    }

    /** True if created, false if updated. */
    boolean save(RoleDefinition r, String by) {
        return jdbc.sql("""
                        insert into role_definition (id, role_name, description, actions, not_actions, data_actions,
                                                     not_data_actions, assignable_scopes, created_by, updated_at)
                        values (?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, now())
                        on conflict (id) do update set role_name = excluded.role_name,
                            description = excluded.description, actions = excluded.actions,
                            not_actions = excluded.not_actions, data_actions = excluded.data_actions,
                            not_data_actions = excluded.not_data_actions,
                            assignable_scopes = excluded.assignable_scopes, updated_at = now()
                        returning (xmax = 0)""")
                .params(r.id(), r.roleName(), r.description(), json(r.actions()), json(r.notActions()),
                        json(r.dataActions()), json(r.notDataActions()), json(r.assignableScopes()), by)
                .query(Boolean.class).single();
    }

    boolean delete(String id) {
        return jdbc.sql("delete from role_definition where lower(id) = lower(?)").param(id).update() == 1;
    }

    private static String json(List<String> values) {
        return JSON.writeValueAsString(values);
    }

    private static RoleDefinition map(ResultSet rs, int row) throws SQLException {
        return new RoleDefinition(rs.getString("id"), rs.getString("role_name"), rs.getString("description"),
                JSON.readValue(rs.getString("actions"), LIST), JSON.readValue(rs.getString("not_actions"), LIST),
                JSON.readValue(rs.getString("data_actions"), LIST),
                JSON.readValue(rs.getString("not_data_actions"), LIST),
                JSON.readValue(rs.getString("assignable_scopes"), LIST), false);
    }
}
