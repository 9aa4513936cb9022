package io.aegisml.scoring.catalog;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Not ready until every endpoint and deployment published so far is known. */
@Component
class ServingCatalogHealthIndicator implements HealthIndicator {

    private final ServingCatalog catalog;

    ServingCatalogHealthIndicator(ServingCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Health health() {
        return catalog.caughtUp() ? Health.up().build() : Health.outOfService().withDetail("reason",
                "replaying aegis.deployment.events").build();
    }
}
