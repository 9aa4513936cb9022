package io.aegisml.deployment.code;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The code_version table. */
@Repository
public class CodeVersions {

    private final JdbcClient jdbc;

    CodeVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CodeVersion> find(String id) {
        return jdbc.sql("select * from code_version where id = ?").param(id).query(CodeVersions::map).optional();
    }

    /** False if the version exists already: versions never change. */
    boolean insert(CodeVersion c) {
        return jdbc.sql("""
                        insert into code_version (id, workspace_id, name, version, blob_name, size_bytes, sha256,
                                                  created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""")
                .params(c.id(), c.workspaceId(), c.name(), c.version(), c.blobName(), c.sizeBytes(), c.sha256(),
                        Timestamp.from(c.createdAt()), c.createdBy())
                .update() == 1;
    }

    private static CodeVersion map(ResultSet rs, int row) throws SQLException {
        return new CodeVersion(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getString("version"), rs.getString("blob_name"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }
}
