package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.events.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's consumer reads the topics: the records the running services publish carry the resource id
 * as key, the event type as a header, and validate against the schemas published in docs/events.
 */
@ExtendWith(StackExtension.class)
class EventContractE2EIT {

    @Test
    void workspaceAndActivityLogEventsMatchTheirPublishedSchemas(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        String token = new Tokens(stack).admin();
        String path = "/api/subscriptions/sub-contract/resourceGroups/rg/workspaces/ws-" + UUID.randomUUID().toString().substring(0, 8);
        String resourceId = path.substring("/api".length());
        assertThat(api.put(path, token, "{\"tags\":{\"k\":\"v\"}}").status()).isEqualTo(201);
        assertThat(api.delete(path, token).status()).isEqualTo(200);

        List<ConsumerRecord<String, String>> identity = readUntil(stack, Topic.IDENTITY_EVENTS, resourceId, 2);
        assertThat(identity).extracting(r -> header(r, "eventType")).containsExactly("WorkspaceCreated", "WorkspaceDeleted");
        for (ConsumerRecord<String, String> record : identity) {
            String type = header(record, "eventType");
            assertThat(PublishedContract.violations(stack.config().repository(), "identity/" + type + ".schema.json",
                    record.value())).as(type).isEmpty();
        }
        List<ConsumerRecord<String, String>> activity = readUntil(stack, Topic.ACTIVITY_LOG, resourceId, 2);
        for (ConsumerRecord<String, String> record : activity) {
            assertThat(PublishedContract.violations(stack.config().repository(),
                    "activity-log/ActivityLogEntryRecorded.schema.json", record.value())).isEmpty();
        }
    }

    private static List<ConsumerRecord<String, String>> readUntil(AegisStack stack, Topic topic, String key, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infrastructure().kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic.topicName()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (matching.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        matching.add(r);
                    }
                });
            }
        }
        assertThat(matching).as("records keyed " + key + " on " + topic.topicName()).hasSize(count);
        return matching;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
