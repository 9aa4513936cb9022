package io.aegisml.devstack;

import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventJson;
import io.aegisml.events.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The records on aegis.scoring.requests for one endpoint, read from the beginning to the current end. */
final class TelemetryRecords {

    private TelemetryRecords() {
    }

    /** The count once it has stopped changing for a second (records still in flight have arrived). */
    static long settled(AegisStack stack, String endpointId) {
        long last = -1;
        for (int i = 0; i < 30; i++) {
            long now = count(stack, endpointId);
            if (now == last) {
                return now;
            }
            last = now;
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the telemetry records of " + endpointId + " kept changing for 30 s");
    }

    static long count(AegisStack stack, String endpointId) {
        Properties props = stack.infrastructure().kafkaAdminCredentials()
                .clientProperties(stack.infrastructure().kafkaBootstrapServers(), null);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.SCORING_REQUESTS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope event = EventJson.read(record.value());
                    if (endpointId.equals(event.data().get("endpointId"))) {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
