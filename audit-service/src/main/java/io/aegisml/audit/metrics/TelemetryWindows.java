package io.aegisml.audit.metrics;

import io.aegisml.events.EventEnvelope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One poll of aegis.scoring.requests, folded into per-minute windows (per endpoint, deployment and mirrored or not):
 * request count, errors, bytes, counts by status and a latency histogram. Records already applied — at or after a
 * partition's stored next offset, they are new; before it, a redelivery after a crash between the database commit
 * and Kafka's — are left out, so each request is counted exactly once. Individual records are kept only for
 * non-2xx answers and a sample of successes, chosen by event id so that a redelivered record is chosen the same way.
 * No I/O here: {@link RequestMetrics} reads the progress and writes the result.
 */
public final class TelemetryWindows {

    /** One record as the binder delivered it. */
    public record Delivered(int partition, long offset, EventEnvelope event) {
    }

    record Key(String endpointId, String deployment, boolean mirrored, Instant windowStart) {
    }

    private final Map<Key, Figures> windows = new LinkedHashMap<>();
    private final List<EventEnvelope> kept = new ArrayList<>();
    private final Map<Integer, Long> nextOffsets = new TreeMap<>();

    /**
     * @param progress each partition's next offset to apply, as stored (absent: nothing applied yet)
     * @param sampleSuccesses the fraction (0..1) of 2xx answers kept as individual records
     */
    static TelemetryWindows fold(List<Delivered> poll, Map<Integer, Long> progress, double sampleSuccesses) {
        TelemetryWindows result = new TelemetryWindows();
        for (Delivered record : poll) {
            long next = progress.getOrDefault(record.partition(), 0L);
            if (record.offset() < next) {
                continue; // applied before: a redelivery
            }
            result.nextOffsets.merge(record.partition(), record.offset() + 1, Math::max);
            Map<String, Object> d = record.event().data();
            if (d.get("endpointId") == null) {
                continue;
            }
            int status = number(d.get("status")).intValue();
            Key key = new Key(String.valueOf(d.get("endpointId")), d.get("deployment") == null ? "" : String.valueOf(d.get("deployment")),
                    Boolean.TRUE.equals(d.get("mirrored")), record.event().time().truncatedTo(ChronoUnit.MINUTES));
            result.windows.computeIfAbsent(key, k -> new Figures()).add(status, number(d.get("modelStatus")).intValue(),
                    number(d.get("requestBytes")).longValue(), number(d.get("responseBytes")).longValue(),
                    number(d.get("durationMs")).doubleValue());
            if (status < 200 || status >= 300 || sampled(record.event(), sampleSuccesses)) {
                result.kept.add(record.event());
            }
        }
        return result;
    }

    /** The same answer for the same event, wherever and however often it is delivered. */
    static boolean sampled(EventEnvelope event, double fraction) {
        long bits = event.id().getLeastSignificantBits() ^ event.id().getMostSignificantBits();
        return Math.floorMod(bits, 10_000L) < Math.round(fraction * 10_000);
    }

    Map<Key, Figures> windows() {
        return windows;
    }

    List<EventEnvelope> kept() {
        return kept;
    }

    /** Each partition's next offset after this poll (only partitions that had new records). */
    Map<Integer, Long> nextOffsets() {
        return nextOffsets;
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : 0;
    }
}
