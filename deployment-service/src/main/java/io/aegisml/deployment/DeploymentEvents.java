package io.aegisml.deployment;

import io.aegisml.events.Actor;
import java.util.Map;

/**
 * The port through which every change of a model, endpoint or deployment becomes an event on
 * aegis.deployment.events; the adapter writes the outbox. Called inside the transaction that makes
 * the change. Key material never travels: endpoint states carry SHA-256 hashes of the keys only.
 *
 * @param subject the changed resource's id (the Kafka key)
 * @param state   the resource's full state after the change (its last state for a deletion)
 */
public interface DeploymentEvents {

    void publish(String type, String subject, Map<String, Object> state, Actor actor, String correlationId);
}
