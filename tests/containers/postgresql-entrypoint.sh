#!/bin/sh
# Makes the database cluster on first start (as the official postgres image does), then runs
# the server in the foreground as PID 1 (it stops on SIGTERM).
set -eu
if [ ! -s "${PGDATA}/PG_VERSION" ]; then
    password_file=$(mktemp)
    printf '%s\n' "${POSTGRES_PASSWORD}" >"${password_file}"
    initdb --username="${POSTGRES_USER}" --pwfile="${password_file}" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8
    rm -f "${password_file}"
    echo "host all all all scram-sha-256" >>"${PGDATA}/pg_hba.conf"
    echo "CREATE DATABASE \"${POSTGRES_DB}\" OWNER \"${POSTGRES_USER}\";" \
        | postgres --single -D "${PGDATA}" -j postgres >/dev/null
fi
exec postgres -c listen_addresses='*' -c max_connections=200
