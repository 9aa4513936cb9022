-- Model versions: the file itself is a blob; this row says where it is and what it hashes to.
create table model_version (
    id           text primary key,          -- resource id .../workspaces/{ws}/models/{name}/versions/{v}
    workspace_id text        not null,
    name         text        not null,
    version      text        not null,
    blob_name    text        not null,
    size_bytes   bigint      not null,
    sha256       text        not null,
    description  text,
    created_at   timestamptz not null,
    created_by   text        not null
);
create index model_version_by_workspace on model_version (workspace_id, name);

-- Endpoint names are unique across the installation: the scoring URI is /endpoints/{name}/score,
-- like Azure's {name}.{region}.inference.ml.azure.com.
create table online_endpoint (
    id                   text primary key,
    workspace_id         text        not null,
    name                 text        not null unique,
    spec                 jsonb       not null,  -- auth_mode, identity, traffic, mirror_traffic, description, tags...
    provisioning_state   text        not null,
    primary_key_hash     text,                  -- SHA-256 of each key: what scoring-service checks
    secondary_key_hash   text,
    primary_key_sealed   text,                  -- AES-GCM under the service's key: only listKeys opens them
    secondary_key_sealed text,
    created_at           timestamptz not null,
    created_by           text        not null,
    updated_at           timestamptz not null
);

create table online_deployment (
    id                 text primary key,
    endpoint_id        text        not null references online_endpoint (id) on delete cascade,
    name               text        not null,
    spec               jsonb       not null,
    model_id           text        not null,
    -- Each change of the spec is a new generation; scoring-service's answers name the generation they
    -- are about, so a late answer about an older one never moves the state.
    generation         integer     not null,
    provisioning_state text        not null,
    failure_reason     text,
    created_at         timestamptz not null,
    created_by         text        not null,
    updated_at         timestamptz not null
);
create index online_deployment_by_model on online_deployment (model_id);

-- What the deployment's runtime wrote (init output, load errors, runtime errors), newest kept.
create table deployment_log (
    seq           bigserial primary key,
    deployment_id text        not null,
    time          timestamptz not null,
    line          text        not null
);
create index deployment_log_by_deployment on deployment_log (deployment_id, seq);

-- Events from aegis.scoring.events already applied (idempotent consumer).
create table processed_event (
    id           uuid primary key,
    processed_at timestamptz not null
);
