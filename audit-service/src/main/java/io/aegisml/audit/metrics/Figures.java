package io.aegisml.audit.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request figures that add up: one minute's window as the consumer folds it, or windows summed by the metrics API —
 * counts, errors, bytes, counts by status and a latency histogram.
 */
final class Figures {
    long count;
    long errors;
    long modelErrors;
    long requestBytes;
    long responseBytes;
    final Map<String, Long> statuses = new TreeMap<>();
    final LatencyHistogram latency = new LatencyHistogram();

    static Figures of(long count, long errors, long modelErrors, long requestBytes, long responseBytes,
                      Map<String, Long> statuses, long[] buckets) {
        Figures figures = new Figures();
        figures.count = count;
        figures.errors = errors;
        figures.modelErrors = modelErrors;
        figures.requestBytes = requestBytes;
        figures.responseBytes = responseBytes;
        figures.statuses.putAll(statuses);
        figures.latency.add(new LatencyHistogram(buckets));
        return figures;
    }

    /** One request's answer. */
    void add(int status, int modelStatus, long requestBytes, long responseBytes, double ms) {
        count++;
        errors += status >= 400 ? 1 : 0;
        modelErrors += modelStatus >= 400 ? 1 : 0;
        this.requestBytes += requestBytes;
        this.responseBytes += responseBytes;
        statuses.merge(String.valueOf(status), 1L, Long::sum);
        latency.add(ms);
    }

    void add(Figures other) {
        count += other.count;
        errors += other.errors;
        modelErrors += other.modelErrors;
        requestBytes += other.requestBytes;
        responseBytes += other.responseBytes;
        other.statuses.forEach((status, n) -> statuses.merge(status, n, Long::sum));
        latency.add(other.latency);
    }

    /** As the metrics API shows them. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        map.put("errors", errors);
        map.put("modelErrors", modelErrors);
        map.put("statuses", statuses);
        map.put("requestBytes", requestBytes);
        map.put("responseBytes", responseBytes);
        Map<String, Object> latencyMs = new LinkedHashMap<>();
        latencyMs.put("p50", latency.percentile(0.50));
        latencyMs.put("p95", latency.percentile(0.95));
        latencyMs.put("p99", latency.percentile(0.99));
        map.put("latencyMs", latencyMs);
        return map;
    }
}
