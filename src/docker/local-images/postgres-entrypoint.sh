#!/bin/sh
# First start (no PG_VERSION in $PGDATA): initdb with POSTGRES_USER as superuser and POSTGRES_PASSWORD
# (scram-sha-256 over the network, trust on the container's own socket), then POSTGRES_DB. Then PostgreSQL
# in the foreground, listening on every address of the container. Arguments go to postgres.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres-entrypoint: set POSTGRES_PASSWORD (the database is reachable over the network)" >&2
    exit 1
  fi
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    # Single-user mode: no server (and no port) until the database exists.
    db="$(printf '%s' "$POSTGRES_DB" | sed 's/"/""/g')"
    owner="$(printf '%s' "$POSTGRES_USER" | sed 's/"/""/g')"
    echo "CREATE DATABASE \"$db\" OWNER \"$owner\";" | postgres --single -j -D "$PGDATA" postgres >/dev/null
  fi
  echo "postgres-entrypoint: created database $POSTGRES_DB for $POSTGRES_USER"
fi
exec postgres -D "$PGDATA" "$@"
