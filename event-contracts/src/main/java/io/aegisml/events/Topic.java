package io.aegisml.events;

import java.time.Duration;
import java.util.Map;

/**
 * The topics of DESIGN.md §5. Their names are public contract: users subscribe to them.
 *
 * <p>Business-event topics are compacted (keyed by resource id, each event carries the resource's
 * full state) so that a consumer replaying from the start rebuilds current state; compaction waits
 * a week so that slower consumers such as the activity log still see every event. Telemetry and log
 * topics are plain time-retained streams.
 *
 * <p>Durability on a single broker: there is no replica to take over, so every topic whose records are
 * the only copy of something (state changes, saga answers, the activity log, security facts, dead
 * letters) is written to disk before the broker acknowledges it ({@code flush.messages=1}); the outbox
 * then advances past a record only once it survives a power cut. Request telemetry and metric windows
 * are high-volume and re-derivable, so they keep Kafka's default (the OS flushes within seconds): a
 * crash of the machine can lose their last seconds, nothing else. See docs/operations.md.
 */
public enum Topic {
    IDENTITY_EVENTS("aegis.identity.events", 3, durable(compacted())),
    DEPLOYMENT_EVENTS("aegis.deployment.events", 3, durable(compacted())),
    SCORING_EVENTS("aegis.scoring.events", 3, durable(retained(Duration.ofDays(7)))),
    SCORING_REQUESTS("aegis.scoring.requests", 6, retained(Duration.ofDays(7))),
    /** Security facts that change no state, such as refused requests (AccessDenied). */
    SECURITY_EVENTS("aegis.security.events", 3, durable(retained(Duration.ofDays(90)))),
    ACTIVITY_LOG("aegis.activity-log", 3, durable(retained(Duration.ofDays(90)))),
    METRICS("aegis.metrics", 3, retained(Duration.ofDays(7))),
    /** Events a consumer could not handle (unparseable, unknown type), kept for a person to look at. */
    DEAD_LETTERS("aegis.dead-letters", 1, durable(retained(Duration.ofDays(30))));

    private final String topicName;
    private final int partitions;
    private final Map<String, String> config;

    Topic(String topicName, int partitions, Map<String, String> config) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.config = config;
    }

    public String topicName() {
        return topicName;
    }

    public int partitions() {
        return partitions;
    }

    public Map<String, String> config() {
        return config;
    }

    /** On disk before acknowledged: the broker fsyncs each append. */
    private static Map<String, String> durable(Map<String, String> config) {
        Map<String, String> withFlush = new java.util.HashMap<>(config);
        withFlush.put("flush.messages", "1");
        return Map.copyOf(withFlush);
    }

    private static Map<String, String> compacted() {
        return Map.of("cleanup.policy", "compact",
                "min.compaction.lag.ms", String.valueOf(Duration.ofDays(7).toMillis()),
                "retention.ms", "-1");
    }

    private static Map<String, String> retained(Duration retention) {
        return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(retention.toMillis()));
    }
}
