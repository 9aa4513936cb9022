package io.aegisml.deployment.environment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The environment_version table. */
@Repository
public class EnvironmentVersions {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JdbcClient jdbc;

    EnvironmentVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<EnvironmentVersion> find(String id) {
        return jdbc.sql("select * from environment_version where id = ?").param(id).query(EnvironmentVersions::map)
                .optional();
    }

    /** False if the version exists already: versions never change. */
    boolean insert(EnvironmentVersion e) {
        return jdbc.sql("""
                        insert into environment_version (id, workspace_id, name, version, spec, created_at, created_by)
                        values (?, ?, ?, ?, cast(? as jsonb), ?, ?) on conflict (id) do nothing""")
                .params(e.id(), e.workspaceId(), e.name(), e.version(), JSON.writeValueAsString(e.spec()),
                        Timestamp.from(e.createdAt()), e.createdBy())
                .update() == 1;
    }

    @SuppressWarnings("unchecked")
    private static EnvironmentVersion map(ResultSet rs, int row) throws SQLException {
        return new EnvironmentVersion(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getString("version"), JSON.readValue(rs.getString("spec"), Map.class),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }
}
