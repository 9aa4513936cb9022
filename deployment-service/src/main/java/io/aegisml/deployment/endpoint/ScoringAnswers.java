package io.aegisml.deployment.endpoint;

import io.aegisml.events.EventEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * scoring-service's answers (aegis.scoring.events), applied once each: DeploymentReady and
 * DeploymentFailed move a deployment's state, DeploymentLogged appends to its log.
 */
@Component
public class ScoringAnswers {

    private final EndpointLifecycle lifecycle;

    ScoringAnswers(EndpointLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Transactional
    public void apply(EventEnvelope event) {
        if (!lifecycle.firstTime(event.id())) {
            return;
        }
        Map<String, Object> data = event.data();
        String deployment = event.subject();
        switch (event.type()) {
            case "DeploymentReady" -> lifecycle.provisioned(deployment, generation(data), true, null, event.actor(),
                    event.correlationId());
            case "DeploymentFailed" -> lifecycle.provisioned(deployment, generation(data), false,
                    String.valueOf(data.get("reason")), event.actor(), event.correlationId());
            case "DeploymentLogged" -> {
                Object lines = data.get("lines");
                if (lines instanceof List<?> list) {
                    for (Object line : list) {
                        if (line instanceof Map<?, ?> entry) {
                            lifecycle.logged(deployment, Instant.parse(String.valueOf(entry.get("time"))),
                                    "storage-initializer".equals(entry.get("container")) ? "storage-initializer"
                                            : "inference-server", String.valueOf(entry.get("text")));
                        }
                    }
                }
            }
            default -> { } // instance health and future types: nothing to do here
        }
    }

    private static int generation(Map<String, Object> data) {
        return ((Number) data.get("generation")).intValue();
    }
}
