package io.aegisml.outbox;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled          publish (true) or only record (false, e.g. in tests of the domain alone)
 * @param slotName         the PostgreSQL replication slot; unique per database server
 * @param offsetsFile      where Debezium remembers how far it has published; reset it with the database
 * @param bootstrapServers Kafka
 */
@ConfigurationProperties("aegis.outbox")
public record OutboxProperties(boolean enabled, String slotName, Path offsetsFile, String bootstrapServers) {

    public OutboxProperties {
        bootstrapServers = bootstrapServers == null ? "localhost:9092" : bootstrapServers;
    }
}
