package io.aegisml.audit.activity;

import io.aegisml.events.Actor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The activity_log and processed_event tables. */
@Repository
class ActivityLog {

    private final JdbcClient jdbc;

    ActivityLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time an event id is seen; false for a redelivery. */
    boolean markProcessed(UUID eventId) {
        return jdbc.sql("insert into processed_event (event_id) values (?) on conflict do nothing")
                .param(eventId).update() == 1;
    }

    /** The hash of the newest entry, taken under a transaction-scoped lock so the chain stays linear. */
    String lockChainAndGetLastHash() {
        jdbc.sql("select pg_advisory_xact_lock(4242)").query().singleRow();
        return jdbc.sql("select hash from activity_log order by seq desc limit 1").query(String.class)
                .optional().orElse(null);
    }

    ActivityLogEntry insert(ActivityLogEntry e) {
        long seq = jdbc.sql("""
                        insert into activity_log (id, event_id, event_type, operation_name, caller_id, caller_kind,
                            caller_name, time, status, scope, correlation_id, hash, previous_hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning seq""")
                .params(e.id(), e.eventId(), e.eventType(), e.operationName(), e.caller().id(),
                        e.caller().kind().name(), e.caller().name(), Timestamp.from(e.time()), e.status(), e.scope(),
                        e.correlationId(), e.hash(), e.previousHash())
                .query(Long.class).single();
        return new ActivityLogEntry(seq, e.id(), e.operationName(), e.caller(), e.time(), e.status(), e.scope(),
                e.correlationId(), e.eventId(), e.eventType(), e.hash(), e.previousHash());
    }

    /** Newest first (by the operation's time, then arrival); {@code before} continues a previous page. */
    List<ActivityLogEntry> find(ActivityLogQuery q, int limit) {
        StringBuilder sql = new StringBuilder("select * from activity_log where true");
        List<Object> params = new ArrayList<>();
        if (q.scope() != null) {
            sql.append(" and (scope = ? or scope like ? escape '\\')");
            params.add(q.scope());
            params.add(escapeLike(q.scope()) + "/%");
        }
        if (q.from() != null) {
            sql.append(" and time >= ?");
            params.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and time <= ?");
            params.add(Timestamp.from(q.to()));
        }
        if (q.caller() != null) {
            sql.append(" and (caller_id = ? or caller_name = ?)");
            params.add(q.caller());
            params.add(q.caller());
        }
        if (q.operation() != null) {
            sql.append(" and lower(operation_name) = lower(?)");
            params.add(q.operation());
        }
        if (q.status() != null) {
            sql.append(" and lower(status) = lower(?)");
            params.add(q.status());
        }
        if (q.before() != null) {
            sql.append(" and (time, seq) < (?, ?)");
            params.add(Timestamp.from(q.before().time()));
            params.add(q.before().seq());
        }
        sql.append(" order by time desc, seq desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(ActivityLog::map).list();
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static ActivityLogEntry map(ResultSet rs, int row) throws SQLException {
        return new ActivityLogEntry(rs.getLong("seq"), rs.getObject("id", UUID.class), rs.getString("operation_name"),
                new Actor(rs.getString("caller_id"), Actor.Kind.valueOf(rs.getString("caller_kind")),
                        rs.getString("caller_name")),
                rs.getTimestamp("time").toInstant(), rs.getString("status"), rs.getString("scope"),
                rs.getString("correlation_id"), rs.getObject("event_id", UUID.class), rs.getString("event_type"),
                rs.getString("hash"), rs.getString("previous_hash"));
    }

}
