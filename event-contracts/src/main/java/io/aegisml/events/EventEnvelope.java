package io.aegisml.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope every event travels in (DESIGN.md §5). The standard attributes use CloudEvents'
 * names; {@code id} is the idempotency key consumers deduplicate on. {@code data} carries the full
 * state of the resource after the change, so a consumer can materialize it from the latest event.
 */
public record EventEnvelope(
        String specversion,
        UUID id,
        String type,
        String source,
        String subject,
        Instant time,
        String correlationId,
        Actor actor,
        Map<String, Object> data) {

    public static final String SPEC_VERSION = "1.0";

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** A new event with a fresh id and the current time. */
    public static EventEnvelope of(String type, String source, String subject, String correlationId,
                                   Actor actor, Map<String, Object> data) {
        return new EventEnvelope(SPEC_VERSION, UUID.randomUUID(), type, source, subject, Instant.now(),
                correlationId, actor, data);
    }
}
