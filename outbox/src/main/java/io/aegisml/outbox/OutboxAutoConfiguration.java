package io.aegisml.outbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@link Outbox} for writing, and its publisher when {@code aegis.outbox.enabled} is true. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration"})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Bean
    Outbox outbox(JdbcClient jdbc) {
        return new Outbox(jdbc);
    }

    @Bean
    @ConditionalOnProperty(name = "aegis.outbox.enabled", havingValue = "true", matchIfMissing = true)
    OutboxPublisher outboxPublisher(OutboxProperties properties, DataSourceProperties dataSource, JdbcClient jdbc) {
        return new OutboxPublisher(properties, DatabaseAddress.fromJdbcUrl(dataSource.getUrl(),
                dataSource.getUsername(), dataSource.getPassword()), jdbc);
    }
}
