package io.aegisml.cli.events;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.session.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code aegis events tail --topic aegis.deployment.events}: the platform's events as they happen, one
 * JSON line each (topic, partition, offset, key, event type, the event). A consumer of its own (no
 * committed offsets), like any user's consumer of the public topics.
 */
@Command(name = "events", description = "The platform's Kafka topics.", subcommands = EventsCommand.Tail.class)
public final class EventsCommand {

    @Command(name = "tail", description = "Print events as they arrive (Ctrl-C stops).")
    static final class Tail implements Callable<Integer> {
        @Option(names = "--topic", required = true, description = "e.g. aegis.deployment.events, aegis.activity-log.")
        String topic;
        @Option(names = "--bootstrap-servers", description = "Kafka (default: configured 'kafka', else localhost:9092).")
        String bootstrapServers;
        @Option(names = "--kafka-username", description = "The broker account (default: $AEGIS_KAFKA_USERNAME; ./aegis sets the local stack's read-only one).")
        String kafkaUsername;
        @Option(names = "--kafka-password-file", description = "A file holding that account's password (default: $AEGIS_KAFKA_PASSWORD).")
        java.nio.file.Path kafkaPasswordFile;
        @Option(names = "--from-beginning", description = "Start with the oldest records kept.") boolean fromBeginning;
        @Option(names = "--max-events", description = "Stop after this many.") Integer max;
        @Option(names = "--timeout", description = "Stop after this many seconds without an event.") Integer timeout;

        @Override
        public Integer call() {
            if (!topic.matches("aegis\\.[a-z.-]+")) {
                throw new CliError(2, "Topics are named aegis.*, e.g. aegis.deployment.events.");
            }
            String servers = bootstrapServers != null ? bootstrapServers
                    : Session.current().config().getOrDefault("kafka", "localhost:9092");
            // Signs in as AEGIS_KAFKA_USERNAME (./aegis sets the local stack's read-only account): the broker lets
            // nobody in anonymously, and that account may read the topics and join aegis-cli-* groups only.
            Properties props = credentials().clientProperties(servers, null);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "aegis-cli-tail-" + UUID.randomUUID());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
            int printed = 0;
            Instant quietSince = Instant.now();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                if (consumer.partitionsFor(topic, Duration.ofSeconds(10)).isEmpty()) {
                    throw new CliError(CliError.REFUSED, "No topic " + topic + ".");
                }
                consumer.subscribe(List.of(topic));
                while (max == null || printed < max) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        System.out.println(line(record));
                        quietSince = Instant.now();
                        if (max != null && ++printed >= max) {
                            break;
                        }
                    }
                    if (timeout != null && Duration.between(quietSince, Instant.now()).toSeconds() >= timeout) {
                        break;
                    }
                }
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new CliError(CliError.UNREACHABLE, "Cannot read " + topic + " from " + servers + ": " + e.getMessage());
            }
            return 0;
        }

        private io.aegisml.events.KafkaCredentials credentials() {
            if (kafkaUsername == null) {
                return io.aegisml.events.KafkaCredentials.fromEnvironment();
            }
            if (kafkaPasswordFile == null) {
                throw new CliError(2, "--kafka-username needs --kafka-password-file.");
            }
            try {
                return io.aegisml.events.KafkaCredentials.scram(kafkaUsername, java.nio.file.Files.readString(kafkaPasswordFile).strip());
            } catch (java.io.IOException e) {
                throw new CliError(2, "Cannot read " + kafkaPasswordFile + ": " + e.getMessage());
            }
        }

        private static String line(ConsumerRecord<String, byte[]> record) {
            ObjectNode line = ApiClient.JSON.createObjectNode();
            line.put("topic", record.topic());
            line.put("partition", record.partition());
            line.put("offset", record.offset());
            line.put("key", record.key());
            var type = record.headers().lastHeader("eventType");
            line.put("eventType", type == null ? null : new String(type.value(), StandardCharsets.UTF_8));
            try {
                line.set("event", ApiClient.JSON.readTree(record.value()));
            } catch (RuntimeException notJson) {
                line.put("event", new String(record.value(), StandardCharsets.UTF_8));
            }
            return ApiClient.JSON.writeValueAsString(line);
        }
    }
}
