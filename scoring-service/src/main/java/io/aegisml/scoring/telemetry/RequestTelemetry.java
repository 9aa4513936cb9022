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
        // Idempotent: a retried send is not written twice, so audit-service, which counts records by offset,
        // counts each request once.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
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
        this.sender = startSender(); // after the producer exists: the sender uses it
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

    /**
     * Records waiting for the sender thread. The request path only offers its record here (no JSON, no Kafka
     * call on that thread); the sender turns them into events and hands them to the producer in batches.
     */
    private final java.util.concurrent.BlockingQueue<Request> pending = new java.util.concurrent.ArrayBlockingQueue<>(65_536);
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean stopping;
    private final Thread sender;

    private Thread startSender() {
        Thread thread = new Thread(this::sendPending, "scoring-telemetry-sender");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Off the request thread: never blocks a score request; a full queue drops the record (counted in the log). */
    public void record(Request r) {
        if (!pending.offer(r)) {
            long lost = dropped.incrementAndGet();
            if (lost == 1 || lost % 10_000 == 0) {
                log.warn("Telemetry queue full: {} record(s) dropped so far", lost);
            }
        }
    }

    private void sendPending() {
        java.util.List<Request> batch = new java.util.ArrayList<>(512);
        while (!stopping || !pending.isEmpty()) {
            try {
                Request first = pending.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, 511);
                batch.forEach(this::send);
                batch.clear();
            } catch (InterruptedException e) {
                if (!stopping) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("Telemetry batch of {} record(s) lost: {}", batch.size(), e.getMessage());
                batch.clear();
            }
        }
    }

    private void send(Request r) {
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
        stopping = true; // the sender drains what is queued, then the producer flushes it
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
