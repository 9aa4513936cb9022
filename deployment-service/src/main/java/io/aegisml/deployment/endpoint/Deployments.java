package io.aegisml.deployment.endpoint;

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

/** The online_deployment and deployment_log tables. */
@Repository
class Deployments {

    private static final TypeReference<Map<String, Object>> SPEC = new TypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Log lines kept per deployment; older ones go. */
    static final int KEPT_LOG_LINES = 2000;

    private final JdbcClient jdbc;

    Deployments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<OnlineDeployment> find(String id) {
        return jdbc.sql("select * from online_deployment where id = ?").param(id).query(Deployments::map).optional();
    }

    Optional<OnlineDeployment> lock(String id) {
        return jdbc.sql("select * from online_deployment where id = ? for update").param(id).query(Deployments::map)
                .optional();
    }

    List<OnlineDeployment> ofEndpoint(String endpointId) {
        return jdbc.sql("select * from online_deployment where endpoint_id = ? order by name").param(endpointId)
                .query(Deployments::map).list();
    }

    void save(OnlineDeployment d) {
        jdbc.sql("""
                        insert into online_deployment (id, endpoint_id, name, spec, model_id, generation,
                            provisioning_state, failure_reason, created_at, created_by, updated_at)
                        values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (id) do update set spec = excluded.spec, model_id = excluded.model_id,
                            generation = excluded.generation, provisioning_state = excluded.provisioning_state,
                            failure_reason = excluded.failure_reason, updated_at = excluded.updated_at""")
                .params(d.id(), d.endpointId(), d.name(), JSON.writeValueAsString(d.spec()), d.modelId(),
                        d.generation(), d.provisioningState(), d.failureReason(), Timestamp.from(d.createdAt()),
                        d.createdBy(), Timestamp.from(d.updatedAt()))
                .update();
    }

    void delete(String id) {
        jdbc.sql("delete from online_deployment where id = ?").param(id).update();
        jdbc.sql("delete from deployment_log where deployment_id = ?").param(id).update();
    }

    void appendLog(String deploymentId, Instant time, String container, String line) {
        jdbc.sql("insert into deployment_log (deployment_id, time, container, line) values (?, ?, ?, ?)")
                .params(deploymentId, Timestamp.from(time), container, line).update();
        jdbc.sql("""
                        delete from deployment_log where deployment_id = ? and seq <= (
                            select seq from deployment_log where deployment_id = ? order by seq desc
                            offset ? limit 1)""")
                .params(deploymentId, deploymentId, KEPT_LOG_LINES).update();
    }

    /** The last {@code tail} lines, oldest first; of one container only, unless it is null. */
    List<String> log(String deploymentId, int tail, String container) {
        return jdbc.sql("""
                        select time, line from (select * from deployment_log where deployment_id = ?
                                                and (cast(? as text) is null or container = ?)
                                                order by seq desc limit ?) newest order by seq""")
                .params(deploymentId, container, container, tail)
                .query((rs, n) -> rs.getTimestamp("time").toInstant() + " " + rs.getString("line")).list();
    }

    /** True the first time an event id is seen. */
    boolean firstTime(java.util.UUID eventId) {
        return jdbc.sql("insert into processed_event (id, processed_at) values (?, now()) on conflict do nothing")
                .param(eventId).update() == 1;
    }

    private static OnlineDeployment map(ResultSet rs, int row) throws SQLException {
        return new OnlineDeployment(rs.getString("id"), rs.getString("endpoint_id"), rs.getString("name"),
                JSON.readValue(rs.getString("spec"), SPEC), rs.getString("model_id"), rs.getInt("generation"),
                rs.getString("provisioning_state"), rs.getString("failure_reason"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
