-- Event ids already handled: a redelivered event is recognised here and ignored.
create table processed_event (
    event_id     uuid primary key,
    processed_at timestamptz not null default now()
);

create table activity_log (
    seq            bigserial primary key,
    id             uuid          not null unique,
    event_id       uuid          not null unique,
    event_type     varchar(255)  not null,
    operation_name varchar(255)  not null,
    caller_id      varchar(255)  not null,
    caller_kind    varchar(32)   not null,
    caller_name    varchar(255),
    time           timestamptz   not null,
    status         varchar(32)   not null,
    scope          varchar(1024) not null,
    correlation_id varchar(128),
    hash           char(64)      not null,
    previous_hash  char(64)
);
create index activity_log_by_time on activity_log (time desc, seq desc);
create index activity_log_by_scope on activity_log (scope text_pattern_ops);
