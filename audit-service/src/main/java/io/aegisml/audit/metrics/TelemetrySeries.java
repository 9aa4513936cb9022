package io.aegisml.audit.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The telemetry windows as Prometheus series on audit-service's {@code /actuator/prometheus} (which needs a token and
 * the operator's {@code Aegis.Insights/metrics/read}): requests by endpoint, deployment and status, bytes in and out,
 * and a latency histogram ({@code aegis_scoring_latency_ms_bucket}). Fed with what each poll added to the windows,
 * once its transaction has committed, so the series count what the windows count: a redelivered record, left out
 * of the windows, is left out here too. Counters start from zero when audit-service starts (Prometheus reads that
 * as a reset), and with several audit-service instances each counts the partitions it consumes.
 */
@Component
public class TelemetrySeries {

    /** Bucket bounds of the exposed histogram, in ms: what dashboards and alerts on a p99 of a few ms need. */
    private static final double[] BOUNDS_MS = {0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 60000};

    private final MeterRegistry registry;

    TelemetrySeries(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Adds {@code windows} to the series when the current transaction commits (at once if there is none). */
    void addAfterCommit(Map<TelemetryWindows.Key, Figures> windows) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    windows.forEach(TelemetrySeries.this::add);
                }
            });
        } else {
            windows.forEach(this::add);
        }
    }

    /**
     * An endpoint was deleted: its series go (otherwise they stay until audit-service restarts, and a dashboard keeps
     * showing an endpoint that no longer exists). A record still in flight for it may bring one back, counting from 0.
     */
    public void forgetEndpoint(String endpointId) {
        registry.getMeters().stream()
                .filter(meter -> endpointId.equalsIgnoreCase(meter.getId().getTag("endpoint")))
                .toList().forEach(registry::remove);
    }

    private void add(TelemetryWindows.Key key, Figures figures) {
        Tags tags = Tags.of("endpoint", key.endpointId(), "deployment", key.deployment(),
                "mirrored", String.valueOf(key.mirrored()));
        figures.statuses.forEach((status, n) -> Counter.builder("aegis.scoring.requests")
                .description("Scoring requests answered, by status").tags(tags).tag("status", status)
                .register(registry).increment(n));
        Counter.builder("aegis.scoring.request.bytes").baseUnit("bytes").tags(tags).register(registry)
                .increment(figures.requestBytes);
        Counter.builder("aegis.scoring.response.bytes").baseUnit("bytes").tags(tags).register(registry)
                .increment(figures.responseBytes);
        DistributionSummary latency = DistributionSummary.builder("aegis.scoring.latency").baseUnit("ms")
                .description("Scoring request latency as scoring-service measured it")
                .serviceLevelObjectives(BOUNDS_MS).tags(tags).register(registry);
        long[] counts = figures.latency.counts();
        for (int bucket = 0; bucket < counts.length; bucket++) {
            double value = LatencyHistogram.upperBound(bucket);
            for (long i = 0; i < counts[bucket]; i++) {
                latency.record(value); // the window's bucket bound: the same rounding as the metrics API's
            }
        }
    }
}
