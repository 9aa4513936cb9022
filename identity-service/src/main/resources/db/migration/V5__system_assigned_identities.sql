-- One per resource (an online endpoint), created and deleted with it, never changed in between.
create table system_assigned_identity (
    bound_to     varchar(1024) primary key, -- the resource id it belongs to
    client_id    uuid          not null unique,
    principal_id uuid          not null unique,
    created_at   timestamptz   not null,
    created_by   varchar(255)  not null
);
