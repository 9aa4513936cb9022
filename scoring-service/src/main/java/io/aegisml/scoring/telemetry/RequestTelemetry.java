package io.aegisml.scoring.telemetry;

import io.aegisml.events.KafkaCredentials;
import io.aegisml.events.Actor;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventRecords;
import io.aegisml.events.Topic;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One record per score request on aegis.scoring.requests, keyed by endpoint id, sent without
 * waiting (batched by the producer): the request path never waits for Kafka. No credential is
 * part of a record: the caller is named by id and kind only.
 */
@Component
public class RequestTelemetry implements DisposableBean {

    /** What one request did. {@code modelStatus} 0: the model was never reached. */
    public record Request(String method, String path, String endpointId, String endpoint, String deployment,
                          int status, int modelStatus, long requestBytes, long responseBytes, String userAgent,
                          String requestId, String correlationId, double durationMs, boolean mirrored,
                          Actor caller) {
    }

    private static final Logger log = LoggerFactory.getLogger(RequestTelemetry.class);

    private final KafkaProducer<String, byte[]> producer;

    RequestTelemetry(@Value("${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}") String bootstrapServers) {
        // Signs in as this service's broker account (AEGIS_KAFKA_*): the broker lets nobody in anonymously.
        Properties props = KafkaCredentials.clientProperties(bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Telemetry must never block a score request: if Kafka is away, records wait in a bounded
        // buffer and are dropped (and counted in the log) once it is full.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "scoring-telemetry");
        // Without blocking, a send finds the topic only if its metadata is already known: keep it known while idle.
        props.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, (int) java.time.Duration.ofDays(1).toMillis());
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        Thread priming = new Thread(this::learnTopic, "scoring-telemetry-metadata");
        priming.setDaemon(true);
        priming.start();
    }

    /** Fetches the topic's metadata before the first request, so that its record is not the one dropped. */
    private void learnTopic() {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!producer.partitionsFor(Topic.SCORING_REQUESTS.topicName()).isEmpty()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // max.block.ms is 0: each call only asks for the metadata; ask again shortly
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public void record(Request r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", r.method());
        data.put("path", r.path());
        data.put("endpoint", r.endpoint());
        data.put("endpointId", r.endpointId());
        data.put("deployment", r.deployment());
        data.put("status", r.status());
        data.put("modelStatus", r.modelStatus());
        data.put("requestBytes", r.requestBytes());
        data.put("responseBytes", r.responseBytes());
        data.put("userAgent", r.userAgent());
        data.put("requestId", r.requestId());
        data.put("durationMs", Math.round(r.durationMs() * 1000) / 1000.0);
        data.put("mirrored", r.mirrored());
        // A refused request has no known caller: the platform itself is the actor.
        Actor caller = r.caller() == null ? Actor.system("scoring-service") : r.caller();
        String key = r.endpointId() == null ? r.endpoint() : r.endpointId();
        EventEnvelope event = EventEnvelope.of("ScoringRequest", "scoring-service", key, r.correlationId(), caller, data);
        try {
            producer.send(EventRecords.of(Topic.SCORING_REQUESTS, key, event), (metadata, error) -> {
                if (error != null) {
                    log.warn("Telemetry record for request {} lost: {}", r.requestId(), error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Telemetry record for request {} lost: {}", r.requestId(), e.getMessage());
        }
    }

    @Override
    public void destroy() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
