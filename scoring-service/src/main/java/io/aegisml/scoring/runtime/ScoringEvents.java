package io.aegisml.scoring.runtime;

import io.aegisml.events.KafkaCredentials;
import io.aegisml.events.Actor;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventRecords;
import io.aegisml.events.Topic;
import java.time.Instant;
import java.util.List;
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
 * scoring-service's answers on aegis.scoring.events, keyed by deployment id: DeploymentReady,
 * DeploymentFailed (for one generation) and DeploymentLogged (lines of the deployment's own log).
 * scoring-service keeps no database, so these are produced directly (idempotent producer, acks=all):
 * an answer lost with a crash is given again, since every start reloads every deployment.
 */
@Component
class ScoringEvents implements DisposableBean {

    static final String SOURCE = "scoring-service";
    /** Azure's names for the two parts of a deployment's log (az ml online-deployment get-logs --container). */
    static final String STORAGE_INITIALIZER = "storage-initializer";
    static final String INFERENCE_SERVER = "inference-server";
    private static final Logger log = LoggerFactory.getLogger(ScoringEvents.class);
    private static final Actor SERVICE = Actor.system(SOURCE);

    private final KafkaProducer<String, byte[]> producer;

    ScoringEvents(@Value("${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}") String bootstrapServers) {
        // Signs in as this service's broker account (AEGIS_KAFKA_*): the broker lets nobody in anonymously.
        Properties props = KafkaCredentials.clientProperties(bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "scoring-events");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void ready(String deploymentId, int generation, String correlationId) {
        publish("DeploymentReady", deploymentId, correlationId, Map.of("generation", generation));
    }

    void failed(String deploymentId, int generation, String reason, String correlationId) {
        publish("DeploymentFailed", deploymentId, correlationId, Map.of("generation", generation, "reason", reason));
    }

    /** Lines of the inference server's log (Azure's {@code --container inference-server}). */
    void logged(String deploymentId, List<String> lines, String correlationId) {
        logged(deploymentId, List.of(), lines, correlationId);
    }

    /**
     * Lines of the deployment's log: {@code storage} those of fetching its files (Azure's {@code storage-initializer}
     * container), then the inference server's.
     */
    void logged(String deploymentId, List<String> storage, List<String> lines, String correlationId) {
        String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        List<Map<String, Object>> entries = new java.util.ArrayList<>();
        storage.forEach(line -> entries.add(Map.of("time", now, "text", line, "container", STORAGE_INITIALIZER)));
        lines.forEach(line -> entries.add(Map.of("time", now, "text", line, "container", INFERENCE_SERVER)));
        publish("DeploymentLogged", deploymentId, correlationId, Map.of("lines", entries));
    }


    private void publish(String type, String deploymentId, String correlationId, Map<String, Object> data) {
        EventEnvelope event = EventEnvelope.of(type, SOURCE, deploymentId, correlationId, SERVICE, data);
        producer.send(EventRecords.of(Topic.SCORING_EVENTS, deploymentId, event), (metadata, error) -> {
            if (error != null) {
                log.error("Could not publish {} for {}", type, deploymentId, error);
            }
        });
    }

    @Override
    public void destroy() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
