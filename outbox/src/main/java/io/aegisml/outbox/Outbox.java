package io.aegisml.outbox;

import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventJson;
import io.aegisml.events.Topic;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Appends events to the outbox inside the caller's database transaction. */
public class Outbox {

    private final JdbcClient jdbc;

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records {@code event} for publication on {@code topic}, keyed by its subject. Must run inside the
     * transaction that makes the change, so that both commit or neither does.
     */
    public void append(Topic topic, EventEnvelope event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.append must run inside the business transaction");
        }
        jdbc.sql("insert into outbox (id, aggregatetype, aggregateid, type, payload) values (?, ?, ?, ?, ?::jsonb)")
                .params(event.id(), topic.topicName(), event.subject(), event.type(), EventJson.write(event))
                .update();
        jdbc.sql("delete from outbox where id = ?").param(event.id()).update();
    }
}
