/** Adapters: events in from Kafka (Spring Cloud Stream), activity-log entries out through the outbox. */
package io.aegisml.audit.events;
