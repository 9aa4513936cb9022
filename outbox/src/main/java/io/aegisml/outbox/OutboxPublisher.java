package io.aegisml.outbox;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs the embedded Debezium engine on the outbox table and sends each routed record to Kafka. A
 * record is acknowledged to Debezium only once Kafka has it (acks=all), and a failed send is retried
 * until it succeeds: while Kafka is down the replication slot holds the events, and they drain when
 * it returns. Delivery is at least once; consumers deduplicate by event id.
 */
public class OutboxPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final OutboxProperties properties;
    private final DatabaseAddress database;
    private final JdbcClient jdbc;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-publisher"));
    private KafkaProducer<String, byte[]> producer;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile boolean running;

    public OutboxPublisher(OutboxProperties properties, DatabaseAddress database, JdbcClient jdbc) {
        this.properties = properties;
        this.database = database;
        this.jdbc = jdbc;
    }

    @Override
    public void start() {
        producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
        engine = DebeziumEngine.create(Connect.class)
                .using(engineProperties())
                .notifying(this::publish)
                .using((success, message, error) -> {
                    if (!success && running) {
                        log.error("Outbox engine stopped: {}", message, error);
                    }
                })
                .build();
        running = true;
        executor.execute(engine);
        awaitSlotActive();
        log.info("Outbox publisher streaming from slot {}", properties.slotName());
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

    private void awaitSlotActive() {
        // With snapshot.mode=no_data, rows written before the slot exists would never be published:
        // the service accepts no traffic until it is streaming.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Boolean active = jdbc.sql("select active from pg_replication_slots where slot_name = ?")
                    .param(properties.slotName()).query(Boolean.class).optional().orElse(false);
            if (Boolean.TRUE.equals(active)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the outbox replication slot " + properties.slotName()
                + " did not become active within 90 s");
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, properties.slotName());
        return props;
    }

    private Properties engineProperties() {
        try {
            Files.createDirectories(properties.offsetsFile().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + properties.offsetsFile().getParent(), e);
        }
        Properties props = new Properties();
        props.setProperty("name", properties.slotName());
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        props.setProperty("offset.storage.file.filename", properties.offsetsFile().toAbsolutePath().toString());
        props.setProperty("offset.flush.interval.ms", "1000");
        props.setProperty("database.hostname", database.host());
        props.setProperty("database.port", String.valueOf(database.port()));
        props.setProperty("database.user", database.user());
        props.setProperty("database.password", database.password() == null ? "" : database.password());
        props.setProperty("database.dbname", database.name());
        props.setProperty("topic.prefix", properties.slotName());
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", properties.slotName());
        props.setProperty("publication.name", "aegis_outbox");
        props.setProperty("publication.autocreate.mode", "disabled");
        props.setProperty("table.include.list", "public.outbox");
        props.setProperty("snapshot.mode", "no_data");
        props.setProperty("tombstones.on.delete", "false");
        props.setProperty("transforms", "outbox");
        props.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        props.setProperty("transforms.outbox.route.by.field", "aggregatetype");
        props.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        props.setProperty("transforms.outbox.table.field.event.key", "aggregateid");
        props.setProperty("transforms.outbox.table.fields.additional.placement", "type:header:eventType,id:header:eventId");
        return props;
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
            }
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
