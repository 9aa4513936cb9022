create table role_assignment (
    id                 varchar(1200) primary key, -- {scope}/providers/Aegis.Authorization/roleAssignments/{name}
    name               varchar(128)  not null,
    scope              varchar(1024) not null,
    principal_id       varchar(255)  not null,
    principal_type     varchar(32)   not null,
    role_definition_id varchar(64)   not null,
    created_at         timestamptz   not null,
    created_by         varchar(255)  not null,
    unique (scope, principal_id, role_definition_id)
);
create index role_assignment_by_role on role_assignment (role_definition_id);

-- Custom roles only; the built-in ones live in code.
create table role_definition (
    id                varchar(64)  primary key,
    role_name         varchar(128) not null unique,
    description       varchar(1024),
    actions           jsonb        not null,
    not_actions       jsonb        not null,
    data_actions      jsonb        not null,
    not_data_actions  jsonb        not null,
    assignable_scopes jsonb        not null,
    created_by        varchar(255) not null,
    updated_at        timestamptz  not null
);
