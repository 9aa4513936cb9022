/**
 * Transactional outbox: a service appends its events to the {@code outbox} table in the same
 * transaction as the change ({@link io.aegisml.outbox.Outbox}), and an embedded Debezium engine
 * publishes them to Kafka from the write-ahead log — no dual writes, nothing lost if Kafka is down.
 */
package io.aegisml.outbox;
