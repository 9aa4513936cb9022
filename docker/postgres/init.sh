#!/usr/bin/env bash
# Runs once, when the postgres container starts on an empty data volume (docker-entrypoint-initdb.d),
# as the image's superuser (AEGIS_POSTGRES_PASSWORD). One database per service that owns state
# (DESIGN.md §1), each owned by a role of the same name with its own password, which may log in
# (scram-sha-256, see POSTGRES_INITDB_ARGS) and open the logical replication connection its outbox
# (Debezium, pgoutput) needs, and reaches no other database. The services never use the superuser.
set -euo pipefail
for db in identity deployment audit keycloak; do
  var="AEGIS_DB_PASSWORD_$(echo "$db" | tr a-z A-Z)"
  [ -n "${!var:-}" ] || { echo "set $var" >&2; exit 1; }
  # The password goes from the environment to psql (\getenv), never onto a command line that ps shows.
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v role="$db" -v passwordvar="$var" <<'SQL'
\getenv password :passwordvar
CREATE ROLE :"role" LOGIN REPLICATION PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
