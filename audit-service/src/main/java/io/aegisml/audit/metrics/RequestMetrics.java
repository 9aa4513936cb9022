package io.aegisml.audit.metrics;

import io.aegisml.events.EventEnvelope;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Request telemetry kept per request, and the metrics computed from it on demand: count, errors and
 * latency percentiles per endpoint and per deployment over a time window (PostgreSQL's
 * percentile_cont, so the figures are exact, not sketched).
 */
@Repository
public class RequestMetrics {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    RequestMetrics(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Stores ScoringRequest records, one JDBC batch per poll: at a thousand requests a second, a
     * statement per record would cost more than the scoring. A redelivered record is skipped (event id).
     */
    public void recordAll(List<EventEnvelope> events) {
        List<Object[]> rows = events.stream().filter(e -> e.data().get("endpointId") != null).map(event -> {
            Map<String, Object> d = event.data();
            return new Object[] {event.id(), Timestamp.from(event.time()), d.get("endpointId"), d.get("deployment"),
                    number(d.get("status")).intValue(), number(d.get("modelStatus")).intValue(),
                    number(d.get("durationMs")).doubleValue(), number(d.get("requestBytes")).longValue(),
                    number(d.get("responseBytes")).longValue(), Boolean.TRUE.equals(d.get("mirrored"))};
        }).toList();
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    insert into request_telemetry (event_id, time, endpoint_id, deployment, status, model_status,
                        duration_ms, request_bytes, response_bytes, mirrored)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", rows);
        }
    }

    /** The endpoint's figures over [from, to), in total and per deployment (mirrored copies apart). */
    Map<String, Object> of(String endpointId, Instant from, Instant to) {
        String figures = """
                count(*) as count,
                count(*) filter (where status >= 400) as errors,
                count(*) filter (where model_status >= 400) as model_errors,
                percentile_cont(0.5) within group (order by duration_ms) as p50,
                percentile_cont(0.95) within group (order by duration_ms) as p95,
                percentile_cont(0.99) within group (order by duration_ms) as p99
                """;
        Map<String, Object> total = jdbc.sql("select " + figures + """
                         from request_telemetry where endpoint_id = ? and time >= ? and time < ? and not mirrored""")
                .params(endpointId, Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> row(rs)).single();
        List<Map<String, Object>> deployments = jdbc.sql("select deployment, mirrored, " + figures + """
                         from request_telemetry where endpoint_id = ? and time >= ? and time < ?
                           and deployment is not null
                         group by deployment, mirrored order by deployment, mirrored""")
                .params(endpointId, Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("deployment", rs.getString("deployment"));
                    row.put("mirrored", rs.getBoolean("mirrored"));
                    row.putAll(row(rs));
                    return row;
                }).list();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("endpoint", endpointId);
        metrics.put("from", from.toString());
        metrics.put("to", to.toString());
        metrics.putAll(total);
        metrics.put("deployments", deployments);
        return metrics;
    }

    private static Map<String, Object> row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("count", rs.getLong("count"));
        row.put("errors", rs.getLong("errors"));
        row.put("modelErrors", rs.getLong("model_errors"));
        Map<String, Object> latency = new LinkedHashMap<>();
        for (String p : new String[] {"p50", "p95", "p99"}) {
            double value = rs.getDouble(p);
            latency.put(p, rs.wasNull() ? null : Math.round(value * 1000) / 1000.0);
        }
        row.put("latencyMs", latency);
        return row;
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : 0;
    }
}
