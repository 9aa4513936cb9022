-- Service principals as Aegis ML knows them; their secrets live in the identity provider only.
create table service_principal (
    client_id    varchar(64)  primary key,
    principal_id varchar(64)  not null unique, -- the 'sub' of its tokens
    display_name varchar(128) not null,
    created_at   timestamptz  not null,
    created_by   varchar(255) not null
);
