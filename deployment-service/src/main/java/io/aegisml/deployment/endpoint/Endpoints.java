package io.aegisml.deployment.endpoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The online_endpoint table. */
@Repository
class Endpoints {

    private static final TypeReference<Map<String, Object>> SPEC = new TypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    Endpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<OnlineEndpoint> find(String id) {
        return jdbc.sql("select * from online_endpoint where id = ?").param(id).query(Endpoints::map).optional();
    }

    /** Locks the row until the transaction ends: changes to one endpoint and its deployments take turns. */
    Optional<OnlineEndpoint> lock(String id) {
        return jdbc.sql("select * from online_endpoint where id = ? for update").param(id).query(Endpoints::map).optional();
    }

    /** The workspace holding an endpoint of that name, if any (names are unique across workspaces). */
    Optional<String> holderOfName(String name) {
        return jdbc.sql("select id from online_endpoint where name = ?").param(name).query(String.class).optional();
    }

    List<OnlineEndpoint> inWorkspace(String workspaceId) {
        return jdbc.sql("select * from online_endpoint where workspace_id = ? order by name").param(workspaceId)
                .query(Endpoints::map).list();
    }

    void insert(OnlineEndpoint e) {
        jdbc.sql("""
                        insert into online_endpoint (id, workspace_id, name, spec, provisioning_state, primary_key_hash,
                            secondary_key_hash, primary_key_sealed, secondary_key_sealed, created_at, created_by, updated_at)
                        values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.id(), e.workspaceId(), e.name(), JSON.writeValueAsString(e.spec()), e.provisioningState(),
                        hash(e.primary()), hash(e.secondary()), sealed(e.primary()), sealed(e.secondary()),
                        Timestamp.from(e.createdAt()), e.createdBy(), Timestamp.from(e.updatedAt()))
                .update();
    }

    void update(OnlineEndpoint e) {
        jdbc.sql("""
                        update online_endpoint set spec = ?::jsonb, provisioning_state = ?, primary_key_hash = ?,
                            secondary_key_hash = ?, primary_key_sealed = ?, secondary_key_sealed = ?, updated_at = ?
                        where id = ?""")
                .params(JSON.writeValueAsString(e.spec()), e.provisioningState(), hash(e.primary()),
                        hash(e.secondary()), sealed(e.primary()), sealed(e.secondary()),
                        Timestamp.from(e.updatedAt()), e.id())
                .update();
    }

    void delete(String id) {
        jdbc.sql("delete from online_endpoint where id = ?").param(id).update();
    }

    private static String hash(EndpointKeys.Sealed key) {
        return key == null ? null : key.hash();
    }

    private static String sealed(EndpointKeys.Sealed key) {
        return key == null ? null : key.sealed();
    }

    private static OnlineEndpoint map(ResultSet rs, int row) throws SQLException {
        String primaryHash = rs.getString("primary_key_hash");
        String secondaryHash = rs.getString("secondary_key_hash");
        return new OnlineEndpoint(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                JSON.readValue(rs.getString("spec"), SPEC), rs.getString("provisioning_state"),
                primaryHash == null ? null : new EndpointKeys.Sealed(primaryHash, rs.getString("primary_key_sealed")),
                secondaryHash == null ? null : new EndpointKeys.Sealed(secondaryHash, rs.getString("secondary_key_sealed")),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
