package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aegisml.events.Actor;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventJson;
import io.aegisml.events.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** Nothing is lost or applied twice when events are redelivered, a consumer stops, or Kafka stops. */
@ExtendWith(StackExtension.class)
class FaultToleranceE2EIT {

    static AegisStack stack;
    static Api api;
    static String adminToken;

    @BeforeAll
    static void connect(AegisStack running) {
        stack = running;
        api = new Api(running.edgeUrl());
        adminToken = new Tokens(running).admin();
    }

    static String newGroup() {
        return "/subscriptions/sub-faults/resourceGroups/rg-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The workspace operations at or below the scope (each workspace also comes with its default storage account). */
    static List<JsonNode> activityFor(String scope) {
        Api.Response response = api.get("/api/activityLog?top=500&operation=Aegis.ML/workspaces/write&scope=" + scope,
                adminToken);
        return response.status() == 200 ? response.json().get("value").valueStream().toList() : List.of();
    }

    @Test
    void anEventDeliveredTwiceIsRecordedOnce() throws Exception {
        String group = newGroup();
        EventEnvelope event = workspaceCreated(group + "/workspaces/twice");
        EventEnvelope marker = workspaceCreated(group + "/workspaces/twice"); // same key: same partition, after it
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (EventEnvelope e : List.of(event, event, marker)) {
                producer.send(new ProducerRecord<>(Topic.IDENTITY_EVENTS.topicName(), e.subject(),
                        EventJson.write(e).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        // Once the later marker is recorded, both copies before it on the partition have been handled.
        List<JsonNode> entries = Eventually.until(Duration.ofSeconds(20), () -> activityFor(group),
                list -> list.stream().anyMatch(e -> e.get("eventId").asString().equals(marker.id().toString())),
                "the marker event");
        assertThat(entries).filteredOn(e -> e.get("eventId").asString().equals(event.id().toString())).hasSize(1);
        assertThat(entries).hasSize(2);
        // Recognised as a redelivery, not refused by a constraint and dead-lettered.
        assertThat(deadLetteredKeys()).doesNotContain(event.subject());
    }

    /** Keys of every record on the dead-letter topic so far. */
    private static List<String> deadLetteredKeys() {
        Properties props = stack.infrastructure().kafkaAdminCredentials().clientProperties(stack.infrastructure().kafkaBootstrapServers(), null);
        List<String> keys = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.DEAD_LETTERS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    @Test
    void theActivityLogCatchesUpAfterAuditServiceWasDown() {
        String group = newGroup();
        stack.stop(Service.AUDIT);
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(api.put("/api" + group + "/workspaces/while-audit-down-" + i, adminToken, "{}").status())
                        .isEqualTo(201);
            }
        } finally {
            stack.start(Service.AUDIT);
        }
        List<JsonNode> entries = Eventually.until(Duration.ofSeconds(60), () -> activityFor(group),
                list -> list.size() >= 5, "five entries after audit-service restarted");
        assertThat(entries).hasSize(5);
        assertThat(entries).extracting(e -> e.get("scope").asString()).doesNotHaveDuplicates();
    }

    @Test
    void theOutboxDrainsAfterKafkaWasDown() {
        assumeTrue(stack.infrastructure().canRestartKafka(), "Kafka can be restarted only as a local process");
        String group = newGroup();
        stack.infrastructure().stopKafka();
        try {
            for (int i = 0; i < 3; i++) {
                // The workspace commits with its outbox row: the API does not need Kafka to answer.
                assertThat(api.put("/api" + group + "/workspaces/while-kafka-down-" + i, adminToken, "{}").status())
                        .isEqualTo(201);
            }
        } finally {
            stack.infrastructure().startKafka();
        }
        List<JsonNode> entries = Eventually.until(Duration.ofSeconds(120), () -> activityFor(group),
                list -> list.size() >= 3, "three entries after Kafka restarted");
        assertThat(entries).hasSize(3);
    }

    private static EventEnvelope workspaceCreated(String resourceId) {
        String[] parts = resourceId.split("/");
        return EventEnvelope.of("WorkspaceCreated", "fault-test", resourceId, "fault-" + UUID.randomUUID(),
                new Actor("fault-test", Actor.Kind.System, "fault-test"),
                Map.of("id", resourceId, "subscriptionId", parts[2], "resourceGroup", parts[4], "name", parts[6],
                        "tags", Map.of(), "createdAt", "2026-11-23T00:00:00Z", "createdBy", "fault-test"));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = stack.infrastructure().kafkaAdminCredentials().clientProperties(stack.infrastructure().kafkaBootstrapServers(), null);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
