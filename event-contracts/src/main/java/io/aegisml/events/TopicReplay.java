package io.aegisml.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic from its beginning, then follows it, handing each event to {@code apply}: how a
 * service materializes state it needs in memory (role assignments, endpoint routing tables). No
 * consumer group and nothing committed: every start rebuilds from the start, so the state is never
 * half-remembered. {@link #caughtUp()} turns true once everything present at start has been applied;
 * readiness waits for it.
 */
public final class TopicReplay {

    private static final Logger log = LoggerFactory.getLogger(TopicReplay.class);

    private final String bootstrapServers;
    private final Topic topic;
    private final String name;
    private final Consumer<EventEnvelope> apply;
    private volatile boolean caughtUp;
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public TopicReplay(String bootstrapServers, Topic topic, String name, Consumer<EventEnvelope> apply) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.name = name;
        this.apply = apply;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    public boolean running() {
        return running;
    }

    public synchronized void start() {
        // Signs in as this service's broker account (AEGIS_KAFKA_*): the broker lets nobody in anonymously.
        Properties props = KafkaCredentials.clientProperties(bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    applyRecord(record);
                }
                if (!caughtUp && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    caughtUp = true;
                    log.info("{} caught up with {}", name, topic.topicName());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("{} stopped reading {}", name, topic.topicName(), e);
            caughtUp = false;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (running) {
            var infos = consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
        }
        throw new WakeupException();
    }

    private void applyRecord(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event;
        try {
            event = EventJson.read(record.value());
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable record at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        apply.accept(event);
    }
}
