package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Benchmark (not part of ./mvnw verify; run by bench/run revocation): how long after DELETE of a role
 * assignment returns is the principal's next request refused, over repeated rounds; against the
 * floor measured in the same run, a bare Kafka produce-to-consume on the same broker.
 */
@ExtendWith(StackExtension.class)
class RevocationBench {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 20);

    @Test
    void revocationToDenial(AegisStack stack) throws InterruptedException {
        DataPlaneBench.awaitQuietMachine();
        Api api = new Api(stack.edgeUrl());
        Tokens tokens = new Tokens(stack);
        String owner = tokens.admin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String ws = "/subscriptions/sub-bench/resourceGroups/rg-" + run + "/workspaces/ws";
        assertThat(api.put("/api" + ws, owner, "{}").status()).isEqualTo(201);
        String userId = tokens.createUser("bench-" + run, "pw-" + run);
        String token = tokens.user("bench-" + run, "pw-" + run);

        List<Long> revocationMs = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            String assignment = "/api" + ws + "/providers/Aegis.Authorization/roleAssignments/bench-" + run + "-" + i;
            assertThat(api.put(assignment, owner, "{\"roleDefinitionId\":\"Reader\",\"principalId\":\"" + userId + "\"}")
                    .status()).isEqualTo(201);
            Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + ws, token).status(), s -> s == 200, "granted");
            assertThat(api.delete(assignment, owner).status()).isEqualTo(200);
            long start = System.nanoTime();
            while (api.get("/api" + ws, token).status() != 403) {
                assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(15).toNanos());
            }
            revocationMs.add((System.nanoTime() - start) / 1_000_000);
        }
        List<Long> kafkaMs = kafkaRoundTrips(stack, ROUNDS);
        long revocationP50 = percentile(revocationMs, 50);
        long kafkaP50 = Math.max(1, percentile(kafkaMs, 50));
        System.out.printf("%nBENCH revocation-to-denial over %d rounds: p50 %d ms, p95 %d ms, max %d ms%n", ROUNDS,
                revocationP50, percentile(revocationMs, 95), Collections.max(revocationMs));
        System.out.printf("BENCH reference, bare Kafka produce-to-consume: p50 %d ms, p95 %d ms%n", kafkaP50,
                percentile(kafkaMs, 95));
        System.out.printf("BENCH ratio revocation / bare Kafka (p50): %.1f%n%n", (double) revocationP50 / kafkaP50);
    }

    private static List<Long> kafkaRoundTrips(AegisStack stack, int rounds) {
        String topic = "aegis.dead-letters"; // an existing one-partition topic; the bench's records are marked
        Properties p = stack.infrastructure().kafkaAdminCredentials().clientProperties(stack.infrastructure().kafkaBootstrapServers(), null);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Properties c = stack.infrastructure().kafkaAdminCredentials().clientProperties(stack.infrastructure().kafkaBootstrapServers(), null);
        List<Long> times = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (int i = 0; i < rounds; i++) {
                String marker = "bench-" + UUID.randomUUID();
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, marker, marker));
                boolean seen = false;
                while (!seen) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        seen |= marker.equals(record.key());
                    }
                }
                times.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        return times;
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

}
