-- Storage accounts and containers (issue 6). Every Aegis container is one blob container of the backing
-- blob account (Azurite locally), named from the container's resource id: a SAS for it opens nothing else.
create table storage_account (
    id                varchar(1024) primary key, -- the resource id
    subscription_id   varchar(64)   not null,
    resource_group    varchar(64)   not null,
    name              varchar(24)   not null unique, -- globally unique, as in Azure
    default_storage_of varchar(1024),               -- the workspace whose default storage it is, if any
    tags              jsonb         not null default '{}',
    created_at        timestamptz   not null,
    created_by        varchar(255)  not null
);
create index storage_account_by_group on storage_account (subscription_id, resource_group);

create table storage_container (
    id             varchar(1024) primary key, -- the resource id
    account_id     varchar(1024) not null references storage_account (id) on delete cascade,
    name           varchar(63)   not null,
    blob_container varchar(63)   not null unique,
    created_at     timestamptz   not null,
    created_by     varchar(255)  not null
);
create index storage_container_by_account on storage_container (account_id);

-- Which managed identity an endpoint's deployments run as (from aegis.deployment.events).
alter table online_endpoint_ref add column identity_type text not null default 'none';
alter table online_endpoint_ref add column user_assigned_identities jsonb not null default '[]';
