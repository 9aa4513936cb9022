package io.aegisml.deployment.model;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The model_version table. */
@Repository
public class ModelVersions {

    private final JdbcClient jdbc;

    ModelVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ModelVersion> find(String id) {
        return jdbc.sql("select * from model_version where id = ?").param(id).query(ModelVersions::map).optional();
    }

    List<ModelVersion> versions(String workspaceId, String name) {
        return jdbc.sql("select * from model_version where workspace_id = ? and name = ? order by created_at desc")
                .params(workspaceId, name).query(ModelVersions::map).list();
    }

    List<ModelVersion> latestOfEach(String workspaceId) {
        return jdbc.sql("""
                        select distinct on (name) * from model_version where workspace_id = ?
                        order by name, created_at desc""")
                .param(workspaceId).query(ModelVersions::map).list();
    }

    /** False if the version exists already: versions are immutable, like Azure's. */
    boolean insert(ModelVersion m) {
        return jdbc.sql("""
                        insert into model_version (id, workspace_id, name, version, blob_name, size_bytes, sha256,
                                                   description, created_at, created_by, format, path, folder)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""")
                .params(m.id(), m.workspaceId(), m.name(), m.version(), m.blobName(), m.sizeBytes(), m.sha256(),
                        m.description(), Timestamp.from(m.createdAt()), m.createdBy(), m.format(), m.path(), m.folder())
                .update() == 1;
    }

    void delete(String id) {
        jdbc.sql("delete from model_version where id = ?").param(id).update();
    }

    /** The deployments that use this version (it cannot be deleted while any does). */
    List<String> usedBy(String id) {
        return jdbc.sql("select id from online_deployment where model_id = ? order by id").param(id)
                .query(String.class).list();
    }

    private static ModelVersion map(ResultSet rs, int row) throws SQLException {
        return new ModelVersion(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getString("version"), rs.getString("blob_name"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getString("description"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                rs.getString("format"), rs.getString("path"), rs.getBoolean("folder"));
    }
}
