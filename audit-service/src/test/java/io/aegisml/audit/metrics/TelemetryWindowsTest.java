package io.aegisml.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.events.Actor;
import io.aegisml.events.EventEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Telemetry folded into windows: exactly once per record, kept records chosen the same way every time. */
class TelemetryWindowsTest {

    private static final String ENDPOINT = "/subscriptions/s/resourceGroups/g/workspaces/w/onlineEndpoints/e";
    private static final Instant MINUTE = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aPollBecomesOneWindowPerEndpointDeploymentAndMinute() {
        List<TelemetryWindows.Delivered> poll = List.of(
                delivered(0, 0, MINUTE.plusSeconds(1), "blue", 200, 1.0),
                delivered(0, 1, MINUTE.plusSeconds(2), "blue", 200, 3.0),
                delivered(1, 0, MINUTE.plusSeconds(3), "blue", 429, 0.2),
                delivered(1, 1, MINUTE.plusSeconds(61), "blue", 200, 2.0),
                delivered(1, 2, MINUTE.plusSeconds(4), null, 401, 0.1));
        TelemetryWindows folded = TelemetryWindows.fold(poll, Map.of(), 0);

        assertThat(folded.windows()).hasSize(3);
        Figures first = folded.windows().get(new TelemetryWindows.Key(ENDPOINT, "blue", false, MINUTE));
        assertThat(first.count).isEqualTo(3);
        assertThat(first.errors).isEqualTo(1);
        assertThat(first.statuses).isEqualTo(Map.of("200", 2L, "429", 1L));
        assertThat(first.requestBytes).isEqualTo(300);
        assertThat(first.latency.total()).isEqualTo(3);
        assertThat(folded.windows().get(new TelemetryWindows.Key(ENDPOINT, "", false, MINUTE)).count).isEqualTo(1);
        // With no successes sampled, only the non-2xx answers are kept one by one.
        assertThat(folded.kept()).extracting(e -> e.data().get("status")).containsExactlyInAnyOrder(429, 401);
        assertThat(folded.nextOffsets()).isEqualTo(Map.of(0, 2L, 1, 3L));
    }

    /** Kafka's commit lost in a crash: the poll comes again, and what the database already has is not counted twice. */
    @Test
    void aRedeliveredRecordIsNotCountedAgain() {
        List<TelemetryWindows.Delivered> poll = List.of(
                delivered(0, 5, MINUTE, "blue", 200, 1.0),
                delivered(0, 6, MINUTE, "blue", 500, 1.0),
                delivered(0, 7, MINUTE, "blue", 200, 1.0));
        TelemetryWindows again = TelemetryWindows.fold(poll, Map.of(0, 7L), 1.0);
        assertThat(again.windows().values()).singleElement().satisfies(w -> assertThat(w.count).isEqualTo(1));
        assertThat(again.kept()).hasSize(1);
        assertThat(again.nextOffsets()).isEqualTo(Map.of(0, 8L));

        TelemetryWindows nothingNew = TelemetryWindows.fold(poll, Map.of(0, 8L), 1.0);
        assertThat(nothingNew.windows()).isEmpty();
        assertThat(nothingNew.nextOffsets()).isEmpty();
    }

    @Test
    void successesAreSampledByEventIdTheSameWayEveryTime() {
        List<TelemetryWindows.Delivered> poll = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            poll.add(delivered(0, i, MINUTE, "blue", 200, 1.0));
        }
        TelemetryWindows once = TelemetryWindows.fold(poll, Map.of(), 0.01);
        TelemetryWindows twice = TelemetryWindows.fold(poll, new HashMap<>(), 0.01);
        assertThat(once.kept()).hasSizeBetween(50, 200).isEqualTo(twice.kept());
        assertThat(once.windows().values()).singleElement().satisfies(w -> assertThat(w.count).isEqualTo(10_000));
    }

    @Test
    void histogramsAddUpAndGivePercentilesWithinABucket() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            histogram.add(i); // 1 .. 100 ms
        }
        assertThat(histogram.percentile(0.5)).isBetween(50.0, 50 * 1.19);
        assertThat(histogram.percentile(0.99)).isBetween(99.0, 99 * 1.19);
        LatencyHistogram other = new LatencyHistogram();
        other.add(1000);
        histogram.add(other);
        assertThat(histogram.total()).isEqualTo(101);
        assertThat(histogram.percentile(1.0)).isBetween(1000.0, 1190.0);
        assertThat(new LatencyHistogram().percentile(0.5)).isNull();
        assertThat(LatencyHistogram.bucketOf(-3)).isZero();
        assertThat(LatencyHistogram.bucketOf(Double.NaN)).isZero();
        assertThat(LatencyHistogram.bucketOf(1e12)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.bucketOf(LatencyHistogram.upperBound(20))).isEqualTo(20);
    }

    private static TelemetryWindows.Delivered delivered(int partition, long offset, Instant time, String deployment,
                                                        int status, double ms) {
        Map<String, Object> data = new HashMap<>();
        data.put("endpointId", ENDPOINT);
        data.put("deployment", deployment);
        data.put("status", status);
        data.put("modelStatus", status == 200 ? 200 : 0);
        data.put("durationMs", ms);
        data.put("requestBytes", 100);
        data.put("responseBytes", 20);
        data.put("mirrored", false);
        EventEnvelope event = new EventEnvelope(null, UUID.randomUUID(), "ScoringRequest", "scoring-service", ENDPOINT, time,
                null, new Actor("key", Actor.Kind.EndpointKey, "primary"), data);
        return new TelemetryWindows.Delivered(partition, offset, event);
    }
}
