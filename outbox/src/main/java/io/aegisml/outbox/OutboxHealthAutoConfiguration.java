package io.aegisml.outbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The publisher's health, named "outbox": services add it to their readiness group, so a stopped
 * publisher takes the service out of rotation. After {@link OutboxAutoConfiguration}, whose publisher
 * it needs.
 */
@AutoConfiguration(after = OutboxAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(OutboxPublisher.class)
public class OutboxHealthAutoConfiguration {

    @Bean // contributor name "outbox": Boot drops the HealthIndicator suffix of the bean name
    OutboxHealthIndicator outboxHealthIndicator(OutboxPublisher publisher) {
        return new OutboxHealthIndicator(publisher);
    }
}
