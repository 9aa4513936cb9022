package io.aegisml.security.rbac;

import io.aegisml.events.KafkaCredentials;
import io.aegisml.events.Actor;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventRecords;
import io.aegisml.events.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refusal becomes an {@code AccessDenied} event on aegis.security.events, which the activity
 * log records as a failed operation. Sent directly, not through an outbox: a refusal changes no state
 * to keep consistent with, and the request must not wait for Kafka.
 */
public class AccessDenials implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessDenials.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String source;

    public AccessDenials(String bootstrapServers, String source) {
        // Signs in as this service's broker account (AEGIS_KAFKA_*): the broker lets nobody in anonymously.
        Properties props = KafkaCredentials.clientProperties(bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, source + "-access-denials");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.source = source;
    }

    public void record(AccessDecision decision, Actor caller, String method, String path, String correlationId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("principalId", decision.principalId());
        data.put("action", decision.action());
        data.put("scope", decision.scope());
        data.put("method", method);
        data.put("path", path);
        send(EventEnvelope.of("AccessDenied", source, decision.scope(), correlationId, caller, data),
                "denial of " + decision.action() + " on " + decision.scope());
    }

    /**
     * A client that failed to authenticate {@code failures} times within the window and is now refused on
     * {@code scope} until it ends: one record per client and window, however often it keeps trying.
     */
    public void authenticationLimited(String scope, String client, int failures, long windowSeconds, String correlationId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scope", scope);
        data.put("client", client);
        data.put("failures", failures);
        data.put("windowSeconds", windowSeconds);
        send(EventEnvelope.of("AuthenticationLimited", source, scope, correlationId, Actor.system(source), data),
                "limit on " + scope);
    }

    private void send(EventEnvelope event, String what) {
        try {
            producer.send(EventRecords.of(Topic.SECURITY_EVENTS, event.subject(), event), (metadata, error) -> {
                if (error != null) {
                    log.warn("Could not record the {}: {}", what, error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not record the {}: {}", what, e.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
