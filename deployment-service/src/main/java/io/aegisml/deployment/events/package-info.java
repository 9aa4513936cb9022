/** Kafka in and out: the outbox adapter for aegis.deployment.events, the consumer of aegis.scoring.events. */
package io.aegisml.deployment.events;
