-- Environment versions (az ml environment): an image name and a conda file, immutable like models and code.
create table environment_version (
    id           text primary key,          -- resource id .../workspaces/{ws}/environments/{name}/versions/{v}
    workspace_id text        not null,
    name         text        not null,
    version      text        not null,
    spec         jsonb       not null,      -- image, conda_file (the file's content as an object), description
    created_at   timestamptz not null,
    created_by   text        not null
);
