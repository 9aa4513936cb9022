package io.aegisml.security.rbac;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** "accessView": not ready until the role assignments have been read; requests would all be denied. */
class AccessViewHealthIndicator extends AbstractHealthIndicator {

    private final AccessView view;

    AccessViewHealthIndicator(AccessView view) {
        this.view = view;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (view.caughtUp()) {
            builder.up();
        } else {
            builder.outOfService().withDetail("reason", "role assignments not loaded yet");
        }
    }
}
