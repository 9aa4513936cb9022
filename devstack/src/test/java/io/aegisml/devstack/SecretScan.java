package io.aegisml.devstack;

import io.aegisml.events.Topic;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import tools.jackson.databind.JsonNode;

/** Looks for secrets where none may be: every service and infrastructure log, every Kafka record, every row of our databases. */
final class SecretScan {

    private SecretScan() {
    }

    static List<String> logsContaining(AegisStack stack, List<String> secrets) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(stack.config().dataDir())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                secrets.stream().filter(text::contains).forEach(s -> found.add(file.toString()));
            }
        }
        return found;
    }

    static List<String> kafkaRecordsContaining(AegisStack stack, List<String> secrets) {
        List<String> found = new ArrayList<>();
        readToTheEnd(stack, Arrays.asList(Topic.values()), r -> {
            String value = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
            secrets.stream().filter(value::contains).forEach(s -> found.add(r.topic() + "@" + r.offset()));
        });
        return found;
    }

    /** Every record of {@code topics}, from the beginning to the end they had when reading began (admin account). */
    static void readToTheEnd(AegisStack stack, List<Topic> topics,
                             java.util.function.Consumer<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> each) {
        Properties props = stack.infrastructure().kafkaAdminCredentials().clientProperties(stack.infrastructure().kafkaBootstrapServers(), null);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(t -> consumer.partitionsFor(t.topicName()).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
            assertThat(partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))).as("read every record").isTrue();
        }
    }

    static List<String> databaseRowsContaining(AegisStack stack, List<String> secrets) throws Exception {
        List<String> found = new ArrayList<>();
        for (String database : List.of("identity", "deployment", "audit")) {
            try (Connection c = DriverManager.getConnection(stack.infrastructure().jdbcUrl(database),
                    stack.infrastructure().databaseSuperuser(), stack.infrastructure().databaseSuperuserPassword());
                 ResultSet tables = c.createStatement().executeQuery(
                         "select table_name from information_schema.tables where table_schema = 'public'")) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString(1));
                }
                for (String table : names) {
                    try (ResultSet rows = c.createStatement().executeQuery(
                            "select row_to_json(t)::text from \"" + table + "\" t")) {
                        while (rows.next()) {
                            String row = rows.getString(1);
                            secrets.stream().filter(row::contains).forEach(s -> found.add(database + "." + table));
                        }
                    }
                }
            }
        }
        return found;
    }
}
