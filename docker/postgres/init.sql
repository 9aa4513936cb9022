-- Runs once, when the postgres container starts on an empty data volume (docker-entrypoint-initdb.d),
-- as the user of POSTGRES_USER / POSTGRES_PASSWORD (AEGIS_DB_USER / AEGIS_DB_PASSWORD in
-- docker-compose.yml). That user owns the databases below and, as the image's superuser, may open
-- the logical replication connections the services' outbox (Debezium, pgoutput) needs.
-- One database per service that owns state (DESIGN.md §1); no service reads another's.
CREATE DATABASE identity;
CREATE DATABASE deployment;
CREATE DATABASE audit;
-- Keycloak's own store, so that the realm, users and the clients identity-service creates for
-- service principals survive a re-created container.
CREATE DATABASE keycloak;
