package io.aegisml.audit.activity;

import io.aegisml.events.EventEnvelope;
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
 * also published on aegis.activity-log through the {@link ActivityLogFeed}, in that same transaction.
 */
@Service
public class ActivityRecorder {

    private final ActivityLog log;
    private final ActivityLogFeed feed;

    ActivityRecorder(ActivityLog log, ActivityLogFeed feed) {
        this.log = log;
        this.feed = feed;
    }

    /** Returns false when the event had been recorded before. */
    @Transactional
    public boolean record(EventEnvelope event) {
        Operations.Operation operation = Operations.of(event).orElseThrow(() -> new UnknownEventType(event.type()));
        if (!log.markProcessed(event.id())) {
            return false;
        }
        String previousHash = log.lockChainAndGetLastHash();
        UUID id = UUID.nameUUIDFromBytes(("activity:" + event.id()).getBytes(StandardCharsets.UTF_8));
        String status = operation.status();
        String hash = sha256(ActivityLogEntry.chainText(previousHash, id, operation.name(), event.actor(), event.time(),
                status, event.subject(), event.correlationId(), event.id(), event.type()));
        ActivityLogEntry entry = log.insert(new ActivityLogEntry(0, id, operation.name(), event.actor(), event.time(), status,
                event.subject(), event.correlationId(), event.id(), event.type(), hash, previousHash));
        feed.recorded(event.subject(), event.correlationId(), event.actor(), entry.toJson());
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
