package io.aegisml.scoring.catalog;

import java.util.Map;

/**
 * A deployment's {@code liveness_probe} or {@code readiness_probe}, Azure's settings with Azure's defaults (seconds):
 * initial_delay 10, period 10, timeout 2, success_threshold 1, failure_threshold 30.
 */
public record Probe(int initialDelay, int period, int timeout, int successThreshold, int failureThreshold) {

    public static final Probe DEFAULT = new Probe(10, 10, 2, 1, 30);

    /** The settings as written (any of them may be missing; a value out of Azure's bounds takes the default). */
    static Probe of(Object written) {
        if (!(written instanceof Map<?, ?> map)) {
            return DEFAULT;
        }
        return new Probe(seconds(map.get("initial_delay"), DEFAULT.initialDelay(), 0, 3600),
                seconds(map.get("period"), DEFAULT.period(), 1, 3600), seconds(map.get("timeout"), DEFAULT.timeout(), 1, 3600),
                seconds(map.get("success_threshold"), DEFAULT.successThreshold(), 1, 100),
                seconds(map.get("failure_threshold"), DEFAULT.failureThreshold(), 1, 1000));
    }

    /** How long a worker may take to become ready before it counts as failed: the probes that may fail, in seconds. */
    public long readyWithinMillis() {
        return 1000L * (initialDelay + (long) period * failureThreshold);
    }

    private static int seconds(Object value, int fallback, int min, int max) {
        return value instanceof Number n && n.intValue() >= min && n.intValue() <= max ? n.intValue() : fallback;
    }
}
