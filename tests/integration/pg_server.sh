#!/usr/bin/env bash
# CTest's pg_server fixture: one throw-away PostgreSQL 15 (scripts/pg-test-server) shared by the
# *_postgresql variants of the cli_* tests, which each make their own databases in it
# (tests/integration/lib_backend.sh).
#
#   pg_server.sh start DIR ENV_FILE   stops and removes a server left in DIR by a killed run,
#                                     starts one in DIR and writes its coordinates to ENV_FILE
#                                     (PGHOST=DIR PGPORT=... PGUSER=... PGDATABASE=..., one a line)
#   pg_server.sh stop DIR ENV_FILE    stops the server, removes DIR and ENV_FILE
#
# DIR holds the unix socket and must be short (scripts/pg-test-server checks it).
set -euo pipefail
[ $# -eq 3 ] || {
  echo "usage: pg_server.sh start|stop DIR ENV_FILE" >&2
  exit 2
}
action="$1" dir="$2" env_file="$3"
server="$(cd "$(dirname "$0")/../.." && pwd)/scripts/pg-test-server"

case "$action" in
  start)
    rm -f "$env_file"
    if [ -e "$dir" ]; then
      # Left by a run that was killed before pg_server_stop: pg-test-server refuses to touch a
      # directory it did not make.
      echo "pg_server: removing a stale server in $dir" >&2
      "$server" stop "$dir"
    fi
    "$server" start "$dir" >"$env_file.tmp"
    mv "$env_file.tmp" "$env_file"
    cat "$env_file"
    ;;
  stop)
    rm -f "$env_file"
    if [ -e "$dir" ]; then "$server" stop "$dir"; fi
    ;;
  *)
    echo "usage: pg_server.sh start|stop DIR ENV_FILE" >&2
    exit 2
    ;;
esac
