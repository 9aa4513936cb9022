package io.aegisml.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A Kafka record for an event produced directly (not through an outbox): the same shape as the
 * outbox's records, so consumers see one contract: the JSON envelope as value, and the headers
 * {@code eventType} and {@code eventId}.
 */
public final class EventRecords {

    private EventRecords() {
    }

    public static ProducerRecord<String, byte[]> of(Topic topic, String key, EventEnvelope event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.topicName(), key,
                EventJson.write(event).getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", event.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventId", event.id().toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
