-- Which part of a deployment's log a line is (Azure's get-logs --container): storage-initializer (fetching the
-- model and code) or inference-server (everything else).
alter table deployment_log add column container text not null default 'inference-server';
