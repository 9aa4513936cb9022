package io.aegisml.identity.events;

import io.aegisml.events.Actor;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.Topic;
import io.aegisml.identity.IdentityEvents;
import io.aegisml.outbox.Outbox;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
class OutboxIdentityEvents implements IdentityEvents {

    static final String SOURCE = "identity-service";

    private final Outbox outbox;

    OutboxIdentityEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void publish(String type, String subject, Map<String, Object> state, Actor actor, String correlationId) {
        outbox.append(Topic.IDENTITY_EVENTS, EventEnvelope.of(type, SOURCE, subject, correlationId, actor, state));
    }
}
