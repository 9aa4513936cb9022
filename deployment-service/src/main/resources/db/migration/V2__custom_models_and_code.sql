-- Models are any file or folder now (issue 13): ONNX ones are served by the platform, the others by a scoring script.
alter table model_version add column format text    not null default 'onnx'; -- onnx | custom_model
alter table model_version add column path   text;                             -- the file's or folder's name (custom_model)
alter table model_version add column folder boolean not null default false;   -- true: the blob is a zip of the folder

-- Code versions (az ml code): a deployment's code folder, uploaded as a zip; immutable like model versions.
create table code_version (
    id           text primary key,          -- resource id .../workspaces/{ws}/codes/{name}/versions/{v}
    workspace_id text        not null,
    name         text        not null,
    version      text        not null,
    blob_name    text        not null,
    size_bytes   bigint      not null,
    sha256       text        not null,
    created_at   timestamptz not null,
    created_by   text        not null
);
