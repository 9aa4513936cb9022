create table workspace (
    id              varchar(1024) primary key, -- the resource id
    subscription_id varchar(64)   not null,
    resource_group  varchar(64)   not null,
    name            varchar(64)   not null,
    description     varchar(1024),
    tags            jsonb         not null default '{}',
    created_at      timestamptz   not null,
    created_by      varchar(255)  not null,
    updated_at      timestamptz   not null
);
create index workspace_by_group on workspace (subscription_id, resource_group);
