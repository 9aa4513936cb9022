package io.aegisml.outbox;

import io.aegisml.events.KafkaCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The embedded engine's and the producer's settings: Debezium's outbox router over pgoutput. */
final class DebeziumSettings {

    private DebeziumSettings() {
    }

    static Properties engine(OutboxProperties outbox, DatabaseAddress database) {
        try {
            Files.createDirectories(outbox.offsetsFile().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + outbox.offsetsFile().getParent(), e);
        }
        Properties props = new Properties();
        props.setProperty("name", outbox.slotName());
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        props.setProperty("offset.storage.file.filename", outbox.offsetsFile().toAbsolutePath().toString());
        props.setProperty("offset.flush.interval.ms", "1000");
        props.setProperty("database.hostname", database.host());
        props.setProperty("database.port", String.valueOf(database.port()));
        props.setProperty("database.user", database.user());
        props.setProperty("database.password", database.password() == null ? "" : database.password());
        props.setProperty("database.dbname", database.name());
        if (database.sslMode() != null) {
            props.setProperty("database.sslmode", database.sslMode());
        }
        props.setProperty("topic.prefix", outbox.slotName());
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", outbox.slotName());
        // Created by the outbox migration with publish = 'insert'.
        props.setProperty("publication.name", "aegis_outbox");
        props.setProperty("publication.autocreate.mode", "disabled");
        props.setProperty("table.include.list", "public.outbox");
        props.setProperty("snapshot.mode", "no_data");
        // Hand changes over every 50 ms instead of 500: revoking access must take effect within a second.
        props.setProperty("poll.interval.ms", "50");
        props.setProperty("tombstones.on.delete", "false");
        props.setProperty("transforms", "outbox");
        props.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        props.setProperty("transforms.outbox.route.by.field", "aggregatetype");
        props.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        props.setProperty("transforms.outbox.table.field.event.key", "aggregateid");
        props.setProperty("transforms.outbox.table.fields.additional.placement",
                "type:header:eventType,id:header:eventId");
        return props;
    }

    static Properties producer(OutboxProperties outbox) {
        // Signs in as this service's broker account (AEGIS_KAFKA_*): the broker lets nobody in anonymously.
        Properties props = KafkaCredentials.clientProperties(outbox.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, outbox.slotName());
        return props;
    }
}
