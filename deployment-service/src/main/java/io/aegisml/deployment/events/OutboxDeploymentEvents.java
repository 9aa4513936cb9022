package io.aegisml.deployment.events;

import io.aegisml.deployment.DeploymentEvents;
import io.aegisml.events.Actor;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.Topic;
import io.aegisml.outbox.Outbox;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
class OutboxDeploymentEvents implements DeploymentEvents {

    static final String SOURCE = "deployment-service";

    private final Outbox outbox;

    OutboxDeploymentEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void publish(String type, String subject, Map<String, Object> state, Actor actor, String correlationId) {
        outbox.append(Topic.DEPLOYMENT_EVENTS, EventEnvelope.of(type, SOURCE, subject, correlationId, actor, state));
    }
}
