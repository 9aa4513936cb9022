package io.aegisml.outbox;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs the embedded Debezium engine on the outbox table and sends each routed record to Kafka. A
 * record is acknowledged to Debezium only once Kafka has it (acks=all), and a failed send is retried
 * until it succeeds: while Kafka is down the replication slot holds the events, and they drain when
 * it returns. Delivery is at least once; consumers deduplicate by event id.
 */
public class OutboxPublisher implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final OutboxProperties properties;
    private final DatabaseAddress database;
    private final JdbcClient jdbc;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbox-publisher");
        thread.setDaemon(true); // never keeps a failed application's JVM alive
        return thread;
    });
    private KafkaProducer<String, byte[]> producer;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile boolean running;
    private volatile String failure;

    public OutboxPublisher(OutboxProperties properties, DatabaseAddress database, JdbcClient jdbc) {
        this.properties = properties;
        this.database = database;
        this.jdbc = jdbc;
    }

    @Override
    public void start() {
        producer = new KafkaProducer<>(DebeziumSettings.producer(properties), new StringSerializer(),
                new ByteArraySerializer());
        engine = DebeziumEngine.create(Connect.class)
                .using(DebeziumSettings.engine(properties, database))
                .notifying(this::publish)
                .using((success, message, error) -> {
                    if (!success && running) {
                        failure = message;
                        log.error("Outbox engine stopped: {}", message, error);
                    }
                })
                .build();
        running = true;
        executor.execute(engine);
        try {
            awaitStreaming();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("Outbox publisher streaming from slot {}", properties.slotName());
    }

    /** Null while publishing; otherwise why it stopped. Feeds the readiness health check. */
    public String failure() {
        return failure;
    }

    private void publish(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                         DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        for (ChangeEvent<SourceRecord, SourceRecord> change : records) {
            SourceRecord record = change.value();
            if (record.topic() != null && record.value() != null) {
                sendUntilAcknowledged(toProducerRecord(record));
            }
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
    }

    private void sendUntilAcknowledged(ProducerRecord<String, byte[]> record) throws InterruptedException {
        while (running) {
            try {
                producer.send(record).get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Kafka did not take event {} yet ({}); retrying", record.key(), e.getMessage());
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        }
        throw new InterruptedException("stopping before event for " + record.key() + " was published");
    }

    private static ProducerRecord<String, byte[]> toProducerRecord(SourceRecord record) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(record.topic(), String.valueOf(record.key()),
                record.value().toString().getBytes(StandardCharsets.UTF_8));
        for (org.apache.kafka.connect.header.Header header : record.headers()) {
            out.headers().add(header.key(), String.valueOf(header.value()).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * With snapshot.mode=no_data, rows written before the slot streams would never be published, so
     * the service takes no traffic until it does. A slot held by another process does not count: our
     * engine would have failed, and that failure is reported here.
     */
    private void awaitStreaming() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (failure != null) {
                throw new IllegalStateException("the outbox engine failed: " + failure);
            }
            Boolean active = jdbc.sql("select active from pg_replication_slots where slot_name = ?")
                    .param(properties.slotName()).query(Boolean.class).optional().orElse(false);
            if (Boolean.TRUE.equals(active)) {
                sleep(Duration.ofMillis(500)); // a failing engine reports within this pause
                if (failure == null) {
                    return;
                }
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the outbox replication slot " + properties.slotName()
                + " did not become active within 90 s");
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the outbox slot", e);
        }
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (engine != null) {
                engine.close();
            }
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("Outbox engine did not close cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(10));
                producer = null;
            }
        }
    }

    /** Also when the context fails after start, so the replication slot is released. */
    @Override
    public void destroy() {
        if (running || producer != null) {
            stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start after the data source and Flyway, stop before them; and before the web server takes traffic. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
