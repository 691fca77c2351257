#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory (docker-entrypoint-initdb.d).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v database="$POSTGRES_DB" \
  -v migrator_role=fininfra_migrator -v migrator_password="$FININFRA_MIGRATOR_PASSWORD" \
  -v app_role=fininfra_app -v app_password="$FININFRA_APP_PASSWORD" \
  -f /fininfra/roles.sql
