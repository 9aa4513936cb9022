package io.aegisml.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
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
        specversion = specversion == null ? SPEC_VERSION : specversion;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        // Not Map.copyOf: state may hold nulls (a workspace without description), and order helps readers.
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A new event with a fresh id and the current time. */
    public static EventEnvelope of(String type, String source, String subject, String correlationId,
                                   Actor actor, Map<String, Object> data) {
        // Milliseconds: what PostgreSQL, JavaScript and most consumers keep, so the time survives a round trip.
        return new EventEnvelope(SPEC_VERSION, UUID.randomUUID(), type, source, subject,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                correlationId, actor, data);
    }
}
