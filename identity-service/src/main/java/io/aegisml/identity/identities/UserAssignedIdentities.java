package io.aegisml.identity.identities;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The user_assigned_identity table. */
@Repository
public class UserAssignedIdentities {

    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    UserAssignedIdentities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UserAssignedIdentity> find(String id) {
        return jdbc.sql("select * from user_assigned_identity where id = ?").param(id).query(UserAssignedIdentities::map)
                .optional();
    }

    /** The identity of that resource id, as a runtime uses it. */
    public Optional<ManagedIdentity> managedIdentity(String id) {
        return find(id).map(i -> new ManagedIdentity(i.id(), "UserAssigned", i.clientId().toString(),
                i.principalId().toString()));
    }

    List<UserAssignedIdentity> inResourceGroup(String subscriptionId, String resourceGroup) {
        return jdbc.sql("select * from user_assigned_identity where subscription_id = ? and resource_group = ? order by name")
                .params(subscriptionId, resourceGroup).query(UserAssignedIdentities::map).list();
    }

    record Upserted(UserAssignedIdentity identity, boolean created) {
    }

    /** Creates it with fresh ids, or only updates its tags: its ids never change. */
    Upserted upsert(UserAssignedIdentity i) {
        return jdbc.sql("""
                        insert into user_assigned_identity (id, subscription_id, resource_group, name, client_id,
                                                            principal_id, tags, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                        on conflict (id) do update set tags = excluded.tags
                        returning *, (xmax = 0) as created""")
                .params(i.id(), i.subscriptionId(), i.resourceGroup(), i.name(), i.clientId(), i.principalId(),
                        JSON.writeValueAsString(i.tags()), Timestamp.from(i.createdAt()), i.createdBy())
                .query((rs, n) -> new Upserted(map(rs, n), rs.getBoolean("created"))).single();
    }

    void delete(String id) {
        jdbc.sql("delete from user_assigned_identity where id = ?").param(id).update();
    }

    private static UserAssignedIdentity map(ResultSet rs, int row) throws SQLException {
        return new UserAssignedIdentity(rs.getString("id"), rs.getString("subscription_id"),
                rs.getString("resource_group"), rs.getString("name"), rs.getObject("client_id", UUID.class),
                rs.getObject("principal_id", UUID.class), JSON.readValue(rs.getString("tags"), TAGS),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }
}
