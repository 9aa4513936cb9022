-- One row per score request (aegis.scoring.requests); the event id makes the consumer idempotent.
create table request_telemetry (
    event_id       uuid primary key,
    time           timestamptz      not null,
    endpoint_id    text             not null,
    deployment     text,
    status         integer          not null,
    model_status   integer          not null,
    duration_ms    double precision not null,
    request_bytes  bigint           not null,
    response_bytes bigint           not null,
    mirrored       boolean          not null
);
create index request_telemetry_by_endpoint on request_telemetry (endpoint_id, time);
