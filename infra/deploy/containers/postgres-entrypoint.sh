#!/usr/bin/env bash
# Starts PostgreSQL on $PGDATA, creating the cluster, the role and the database on first start
# (POSTGRES_USER, POSTGRES_DB, password read from POSTGRES_PASSWORD_FILE; never from a
# variable, so it shows in no `podman inspect`). Connections from other containers need it.
set -euo pipefail
: "${PGDATA:?}"
user="${POSTGRES_USER:-clicktocall}"
db="${POSTGRES_DB:-clicktocall}"
[[ "$user" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "POSTGRES_USER: not a plain role name" >&2; exit 2; }
[[ "$db" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "POSTGRES_DB: not a plain database name" >&2; exit 2; }

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password_file="${POSTGRES_PASSWORD_FILE:?POSTGRES_PASSWORD_FILE: needed to create the database}"
  [ -r "$password_file" ] || { echo "POSTGRES_PASSWORD_FILE: cannot read $password_file" >&2; exit 2; }
  password="$(head -n 1 "$password_file")"
  [ ${#password} -ge 16 ] || { echo "POSTGRES_PASSWORD_FILE: use 16 characters or more" >&2; exit 2; }
  echo "postgres-entrypoint: creating the cluster in $PGDATA" >&2
  initdb --pgdata="$PGDATA" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  {
    echo "listen_addresses = '*'"
    echo "password_encryption = 'scram-sha-256'"
  } >>"$PGDATA/postgresql.conf"
  # Other containers come over the network with a password; nothing is trusted by address.
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl --pgdata="$PGDATA" --silent --wait -o "-c listen_addresses=''" start
  # The password reaches psql in its environment, never on a command line (ps shows those).
  INIT_PASSWORD="$password" psql --quiet --no-psqlrc --set ON_ERROR_STOP=1 \
    --username=postgres --dbname=postgres --set user="$user" --set db="$db" <<'SQL'
\getenv password INIT_PASSWORD
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
  pg_ctl --pgdata="$PGDATA" --silent --wait stop
fi
exec postgres -D "$PGDATA"
