package io.aegisml.audit.events;

import io.aegisml.audit.activity.ActivityLogFeed;
import io.aegisml.events.Actor;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.Topic;
import io.aegisml.outbox.Outbox;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Publishes each recorded entry on aegis.activity-log, in the transaction that recorded it. */
@Component
class OutboxActivityLogFeed implements ActivityLogFeed {

    static final String SOURCE = "audit-service";

    private final Outbox outbox;

    OutboxActivityLogFeed(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void recorded(String scope, String correlationId, Actor caller, Map<String, Object> entry) {
        outbox.append(Topic.ACTIVITY_LOG, EventEnvelope.of("ActivityLogEntryRecorded", SOURCE, scope, correlationId,
                caller, entry));
    }
}
