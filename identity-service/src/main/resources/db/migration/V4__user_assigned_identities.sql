create table user_assigned_identity (
    id              varchar(1024) primary key, -- the resource id
    subscription_id varchar(64)   not null,
    resource_group  varchar(64)   not null,
    name            varchar(64)   not null,
    client_id       uuid          not null unique,
    principal_id    uuid          not null unique,
    tags            jsonb         not null default '{}',
    created_at      timestamptz   not null,
    created_by      varchar(255)  not null
);
create index user_assigned_identity_by_group on user_assigned_identity (subscription_id, resource_group);
