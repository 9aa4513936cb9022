package io.aegisml.audit.activity;

import io.aegisml.events.EventEnvelope;
import io.aegisml.events.Topic;
import io.aegisml.outbox.Outbox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records an event as an activity-log entry, exactly once per event id: the id is marked processed in
 * the same transaction as the entry, so a redelivered event finds it and adds nothing. The entry is
 * also published on aegis.activity-log through the outbox, in that same transaction.
 */
@Service
class ActivityRecorder {

    static final String SOURCE = "audit-service";

    private final ActivityLog log;
    private final Outbox outbox;

    ActivityRecorder(ActivityLog log, Outbox outbox) {
        this.log = log;
        this.outbox = outbox;
    }

    /** Returns false when the event had been recorded before. */
    @Transactional
    boolean record(EventEnvelope event) {
        String operation = Operations.forEventType(event.type())
                .orElseThrow(() -> new UnknownEventType(event.type()));
        if (!log.markProcessed(event.id())) {
            return false;
        }
        String previousHash = log.lockChainAndGetLastHash();
        UUID id = UUID.nameUUIDFromBytes(("activity:" + event.id()).getBytes(StandardCharsets.UTF_8));
        String status = "Succeeded";
        String hash = sha256(ActivityLogEntry.chainText(previousHash, id, operation, event.actor(), event.time(),
                status, event.subject(), event.correlationId(), event.id(), event.type()));
        ActivityLogEntry entry = log.insert(new ActivityLogEntry(0, id, operation, event.actor(), event.time(), status,
                event.subject(), event.correlationId(), event.id(), event.type(), hash, previousHash));
        outbox.append(Topic.ACTIVITY_LOG, EventEnvelope.of("ActivityLogEntryRecorded", SOURCE, event.subject(),
                event.correlationId(), event.actor(), entry.toJson()));
        return true;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
