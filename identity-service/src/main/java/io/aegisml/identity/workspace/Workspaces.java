package io.aegisml.identity.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The workspace table. */
@Repository
class Workspaces {

    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    Workspaces(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Workspace> find(String id) {
        return jdbc.sql("select * from workspace where id = ?").param(id).query(Workspaces::map).optional();
    }

    /** Locks the row for the rest of the transaction, so concurrent PUTs of one workspace serialize. */
    Optional<Workspace> findForUpdate(String id) {
        return jdbc.sql("select * from workspace where id = ? for update").param(id).query(Workspaces::map).optional();
    }

    List<Workspace> inResourceGroup(String subscriptionId, String resourceGroup) {
        return jdbc.sql("select * from workspace where subscription_id = ? and resource_group = ? order by name")
                .params(subscriptionId, resourceGroup).query(Workspaces::map).list();
    }

    record Upserted(Workspace workspace, boolean created) {
    }

    /**
     * ({@code publicNetworkAccess} null: keep the stored value, {@code Enabled} for a new workspace.)
     * Creates the workspace, or updates its description and tags if it exists, in one statement, so
     * that concurrent PUTs and DELETEs cannot interleave between a check and a write. {@code xmax = 0}
     * tells PostgreSQL's insert from its update.
     */
    Upserted upsert(Workspace w) {
        return jdbc.sql("""
                        insert into workspace (id, subscription_id, resource_group, name, description, tags,
                                               public_network_access, created_at, created_by, updated_at)
                        values (?, ?, ?, ?, ?, ?::jsonb, coalesce(cast(? as text), 'Enabled'), ?, ?, now())
                        on conflict (id) do update set description = excluded.description, tags = excluded.tags,
                                                       public_network_access = coalesce(cast(? as text),
                                                           workspace.public_network_access),
                                                       updated_at = now()
                        returning *, (xmax = 0) as created""")
                .params(w.id(), w.subscriptionId(), w.resourceGroup(), w.name(), w.description(),
                        JSON.writeValueAsString(w.tags()), w.publicNetworkAccess(), Timestamp.from(w.createdAt()),
                        w.createdBy(), w.publicNetworkAccess())
                .query((rs, row) -> new Upserted(map(rs, row), rs.getBoolean("created"))).single();
    }

    void delete(String id) {
        jdbc.sql("delete from workspace where id = ?").param(id).update();
    }

    private static Workspace map(ResultSet rs, int row) throws SQLException {
        return new Workspace(rs.getString("id"), rs.getString("subscription_id"), rs.getString("resource_group"),
                rs.getString("name"), rs.getString("description"), JSON.readValue(rs.getString("tags"), TAGS),
                rs.getString("public_network_access"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }

    static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
