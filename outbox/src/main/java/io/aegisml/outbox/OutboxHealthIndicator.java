package io.aegisml.outbox;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** DOWN when the publisher has stopped: the service then takes changes it cannot publish. */
class OutboxHealthIndicator extends AbstractHealthIndicator {

    private final OutboxPublisher publisher;

    OutboxHealthIndicator(OutboxPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        String failure = publisher.failure();
        if (failure == null && publisher.isRunning()) {
            builder.up();
        } else {
            builder.down().withDetail("reason", failure == null ? "not running" : failure);
        }
    }
}
