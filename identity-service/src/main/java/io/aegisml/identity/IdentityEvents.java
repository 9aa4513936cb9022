package io.aegisml.identity;

import io.aegisml.events.Actor;
import java.util.Map;

/**
 * The port through which every identity change becomes an event on aegis.identity.events; the adapter
 * writes the outbox. Called inside the transaction that makes the change.
 *
 * @param subject the changed resource's id (the Kafka key)
 * @param state   the resource's full state after the change (its last state for a deletion)
 */
public interface IdentityEvents {

    void publish(String type, String subject, Map<String, Object> state, Actor actor, String correlationId);
}
