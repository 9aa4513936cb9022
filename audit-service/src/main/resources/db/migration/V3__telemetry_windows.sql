-- Per endpoint, deployment, mirrored or not, and minute: what the metrics API answers from. Individual requests
-- stay in request_telemetry only for non-2xx answers and a sample of successes.
create table telemetry_window (
    endpoint_id     text        not null,
    deployment      text        not null, -- '' when the request was answered before a deployment was chosen
    mirrored        boolean     not null,
    window_start    timestamptz not null,
    count           bigint      not null,
    errors          bigint      not null,
    model_errors    bigint      not null,
    request_bytes   bigint      not null,
    response_bytes  bigint      not null,
    statuses        jsonb       not null, -- {"200": n, "429": n, ...}
    latency_buckets bigint[]    not null, -- LatencyHistogram's 100 counters
    primary key (endpoint_id, deployment, mirrored, window_start)
);

-- The next offset to apply per partition of aegis.scoring.requests, committed with the windows it produced: a
-- redelivered record (Kafka's commit lost in a crash) is recognised and not counted twice.
create table telemetry_progress (
    partition   integer primary key,
    next_offset bigint not null
);

-- Requests stored one by one before the windows existed become windows, so that no figure is lost.
with r as (
    select endpoint_id, coalesce(deployment, '') as deployment, mirrored, date_trunc('minute', time) as window_start,
           status, model_status, request_bytes, response_bytes,
           least(99, greatest(0, ceil(4 * log(2, greatest(duration_ms, 0.01)::numeric / 0.01) - 0.000000001)))::int as bucket
      from request_telemetry),
keys as (
    select endpoint_id, deployment, mirrored, window_start, count(*) as count,
           count(*) filter (where status >= 400) as errors, count(*) filter (where model_status >= 400) as model_errors,
           sum(request_bytes) as request_bytes, sum(response_bytes) as response_bytes
      from r group by 1, 2, 3, 4),
statuses as (
    select endpoint_id, deployment, mirrored, window_start, jsonb_object_agg(status::text, n) as statuses
      from (select endpoint_id, deployment, mirrored, window_start, status, count(*) as n from r group by 1, 2, 3, 4, 5) s
     group by 1, 2, 3, 4),
buckets as (
    select endpoint_id, deployment, mirrored, window_start, bucket, count(*) as n from r group by 1, 2, 3, 4, 5),
arrays as (
    -- One grouped join (not a subquery per window, which would scan every row once per window).
    select k.endpoint_id, k.deployment, k.mirrored, k.window_start, array_agg(coalesce(b.n, 0) order by g.i) as buckets
      from keys k cross join generate_series(0, 99) as g(i)
      left join buckets b on b.endpoint_id = k.endpoint_id and b.deployment = k.deployment and b.mirrored = k.mirrored
                         and b.window_start = k.window_start and b.bucket = g.i
     group by 1, 2, 3, 4)
insert into telemetry_window
select k.endpoint_id, k.deployment, k.mirrored, k.window_start, k.count, k.errors, k.model_errors, k.request_bytes,
       k.response_bytes, s.statuses, a.buckets
  from keys k
  join statuses s using (endpoint_id, deployment, mirrored, window_start)
  join arrays a using (endpoint_id, deployment, mirrored, window_start);
