-- Owned by the outbox library. Rows are deleted in the same transaction that inserts them: the
-- insert stays in the write-ahead log, which is what Debezium reads, and the table never grows.
create table outbox (
    id            uuid primary key,
    aggregatetype varchar(255)  not null, -- the Kafka topic
    aggregateid   varchar(1024) not null, -- the Kafka key: the resource id
    type          varchar(255)  not null, -- the event type, also a Kafka header
    payload       jsonb         not null, -- the event envelope
    created_at    timestamptz   not null default now()
);

-- Inserts only: the deletes above are not events.
create publication aegis_outbox for table outbox with (publish = 'insert');
