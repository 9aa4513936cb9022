package io.aegisml.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** On a single broker, a topic holding the only copy of something is flushed to disk before it is acknowledged. */
class TopicDurabilityTest {

    /** High volume and re-derivable: Kafka's default (the OS flushes within seconds). */
    static final Set<Topic> TELEMETRY = EnumSet.of(Topic.SCORING_REQUESTS, Topic.METRICS);

    @Test
    void everyTopicButTelemetryIsFlushedBeforeItIsAcknowledged() {
        for (Topic topic : Topic.values()) {
            if (TELEMETRY.contains(topic)) {
                assertThat(topic.config()).as(topic.topicName()).doesNotContainKey("flush.messages");
            } else {
                assertThat(topic.config()).as(topic.topicName()).containsEntry("flush.messages", "1");
            }
        }
    }
}
