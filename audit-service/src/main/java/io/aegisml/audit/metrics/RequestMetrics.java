package io.aegisml.audit.metrics;

import io.aegisml.events.EventEnvelope;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request telemetry as per-minute windows (count, errors, bytes, counts by status, latency histogram) and the
 * metrics computed from them: per endpoint and per deployment over a time range, in whole minutes. Individual
 * records are kept only for non-2xx answers and a sample of successes ({@code aegis.telemetry.sample-successes}).
 * Each poll is applied in one transaction with the offsets it reached, so a redelivered record is never counted
 * twice and a crash loses nothing.
 */
@Repository
public class RequestMetrics {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RequestMetrics.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Long>> STATUSES = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final double sampleSuccesses;
    private final TelemetrySeries series;

    RequestMetrics(JdbcClient jdbc, JdbcTemplate batch,
                   @Value("${aegis.telemetry.sample-successes:0.01}") double sampleSuccesses, TelemetrySeries series) {
        this.series = series;
        this.jdbc = jdbc;
        this.batch = batch;
        this.sampleSuccesses = sampleSuccesses;
    }

    /** One poll of aegis.scoring.requests, with each record's partition and offset. */
    @Transactional
    public void recordAll(List<TelemetryWindows.Delivered> poll) {
        if (poll.isEmpty()) {
            return;
        }
        Map<Integer, Long> progress = new HashMap<>();
        for (Integer partition : poll.stream().map(TelemetryWindows.Delivered::partition).distinct().toList()) {
            // Locked, so that two consumers given the same partition in a rebalance apply it one after the other.
            jdbc.sql("insert into telemetry_progress (partition, next_offset) values (?, 0) on conflict do nothing")
                    .param(partition).update();
            progress.put(partition, jdbc.sql("select next_offset from telemetry_progress where partition = ? for update")
                    .param(partition).query(Long.class).single());
        }
        TelemetryWindows folded = TelemetryWindows.fold(poll, progress, sampleSuccesses);
        log.debug("Telemetry poll of {} records (progress {}): {} windows, {} kept, next offsets {}", poll.size(), progress,
                folded.windows().size(), folded.kept().size(), folded.nextOffsets());
        folded.windows().forEach(this::add);
        series.addAfterCommit(folded.windows());
        keep(folded.kept());
        folded.nextOffsets().forEach((partition, next) ->
                jdbc.sql("update telemetry_progress set next_offset = ? where partition = ?").params(next, partition).update());
    }

    private void add(TelemetryWindows.Key key, Figures w) {
        jdbc.sql("""
                insert into telemetry_window as t (endpoint_id, deployment, mirrored, window_start, count, errors,
                    model_errors, request_bytes, response_bytes, statuses, latency_buckets)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                on conflict (endpoint_id, deployment, mirrored, window_start) do update set
                    count = t.count + excluded.count, errors = t.errors + excluded.errors,
                    model_errors = t.model_errors + excluded.model_errors,
                    request_bytes = t.request_bytes + excluded.request_bytes,
                    response_bytes = t.response_bytes + excluded.response_bytes,
                    statuses = (select jsonb_object_agg(k, coalesce((t.statuses ->> k)::bigint, 0)
                                                          + coalesce((excluded.statuses ->> k)::bigint, 0))
                                  from jsonb_object_keys(t.statuses || excluded.statuses) as k),
                    latency_buckets = (select array_agg(a + b order by i)
                                         from unnest(t.latency_buckets, excluded.latency_buckets) with ordinality as u(a, b, i))""")
                .params(key.endpointId(), key.deployment(), key.mirrored(), Timestamp.from(key.windowStart()), w.count,
                        w.errors, w.modelErrors, w.requestBytes, w.responseBytes, JSON.writeValueAsString(w.statuses),
                        buckets(w.latency.counts()))
                .update();
    }

    private Array buckets(long[] counts) {
        Long[] boxed = new Long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            boxed[i] = counts[i];
        }
        return batch.execute((java.sql.Connection c) -> c.createArrayOf("bigint", boxed));
    }

    /** Non-2xx answers and the sampled successes, one row each (a redelivered one is skipped by its event id). */
    private void keep(List<EventEnvelope> events) {
        List<Object[]> rows = events.stream().map(event -> {
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

    /**
     * The endpoint's figures over the minutes that [from, to) touches, in total (mirrored copies apart) and per
     * deployment: counts, errors, counts by status, bytes, and latency percentiles from the summed histograms.
     */
    Map<String, Object> of(String endpointId, Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        List<Map<String, Object>> rows = jdbc.sql("""
                        select deployment, mirrored, count, errors, model_errors, request_bytes, response_bytes,
                               statuses::text as statuses, latency_buckets
                          from telemetry_window where endpoint_id = ? and window_start >= ? and window_start < ?""")
                .params(endpointId, Timestamp.from(start), Timestamp.from(to))
                .query((rs, n) -> {
                    Map<String, Object> row = new HashMap<>();
                    row.put("deployment", rs.getString("deployment"));
                    row.put("mirrored", rs.getBoolean("mirrored"));
                    row.put("figures", Figures.of(rs.getLong("count"), rs.getLong("errors"), rs.getLong("model_errors"),
                            rs.getLong("request_bytes"), rs.getLong("response_bytes"),
                            JSON.readValue(rs.getString("statuses"), STATUSES), longs(rs.getArray("latency_buckets"))));
                    return row;
                }).list();
        Figures total = new Figures();
        Map<String, Figures> byDeployment = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            Figures figures = (Figures) row.get("figures");
            boolean mirrored = (Boolean) row.get("mirrored");
            String deployment = (String) row.get("deployment");
            if (!mirrored) {
                total.add(figures);
            }
            if (!deployment.isEmpty()) {
                byDeployment.computeIfAbsent(deployment + "\u0000" + mirrored, k -> new Figures()).add(figures);
            }
        }
        List<Map<String, Object>> deployments = new ArrayList<>();
        byDeployment.forEach((key, figures) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("deployment", key.substring(0, key.indexOf('\u0000')));
            entry.put("mirrored", Boolean.parseBoolean(key.substring(key.indexOf('\u0000') + 1)));
            entry.putAll(figures.toMap());
            deployments.add(entry);
        });
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("endpoint", endpointId);
        metrics.put("from", start.toString());
        metrics.put("to", to.toString());
        metrics.putAll(total.toMap());
        metrics.put("deployments", deployments);
        return metrics;
    }

    private static long[] longs(Array array) throws java.sql.SQLException {
        Object[] values = (Object[]) array.getArray();
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = ((Number) values[i]).longValue();
        }
        return result;
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : 0;
    }
}
