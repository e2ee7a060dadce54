#!/usr/bin/env bash
# `lap serve` on PostgreSQL keeps serving through what operators meet: a restart of the
# database server under load, a killed backend connection, and the server being down for a
# while. Requests fail fast with 503 and Retry-After while the database is away (none hangs),
# /healthz and /readyz say so, and the service recovers by itself within seconds.
# Runs its own PostgreSQL server (restarting the shared one would disturb other tests).
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_serve.sh"
lap="$1"
export LAP_TEST_BACKEND=postgresql
unset LAP_TEST_PG_ENV PGPORT PGHOST PGUSER
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
pg_server="$(dirname "$(realpath "$0")")/../../scripts/pg-test-server"
work=$(mktemp -d)
server_pid="" load_pid=""
cleanup() {
  if [ -n "$load_pid" ]; then kill "$load_pid" 2>/dev/null || true; fi
  if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  backend_cleanup
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/serve.err" ] && tail -20 "$work/serve.err" | sed 's/^/  serve: /' >&2
  exit 1
}
backend_init "$work"
cd "$work"
export LAP_DB
LAP_DB=$(new_database lap)
# shellcheck disable=SC2154 # set by backend_init
pg_dir="$_backend_private_pg"
[ -n "$pg_dir" ] || fail "a private PostgreSQL server"

"$lap" generate --scale tiny --seed 5 --out d >/dev/null
"$lap" import d >/dev/null
"$lap" measure --month 2024-01 --through 2024-03 >/dev/null
echo "een lang wachtwoord" | "$lap" user add --username wse --role wse_analyst --password-stdin \
  >/dev/null

"$lap" serve --listen 127.0.0.1:0 --access-log off --pool-wait 2 2>serve.err &
server_pid=$!
wait_for_port
root="http://127.0.0.1:$port"
base="$root/api/v1"
curl -sS -D login.h -o login.json -H 'content-type: application/json' \
  -d '{"username":"wse","password":"een lang wachtwoord"}' "$base/session"
grep -q '^HTTP/1.1 200' login.h || fail "sign in: $(cat login.json)"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: lap_session=\([^;]*\);.*/\1/p' login.h)

# get PATH -> prints the status; no request may take longer than 15 s.
get() {
  curl -sS -m 15 -o out.json -w '%{http_code}' -H "cookie: lap_session=$cookie" "$1" || echo 000
}
# until_ok URL SECONDS: waits until URL answers 200; prints the seconds it took.
until_ok() {
  local start now
  start=$(date +%s.%N)
  while :; do
    [ "$(get "$1")" = 200 ] && break
    now=$(date +%s.%N)
    python3 -c "import sys; sys.exit(0 if $now - $start < $2 else 1)" || fail "$1 not back in $2 s"
    sleep 0.2
  done
  python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')"
}
api="$base/calls"
[ "$(get "$api")" = 200 ] || fail "calls before: $(cat out.json)"
[ "$(get "$root/healthz")" = 200 ] || fail "healthz before"
[ "$(get "$root/readyz")" = 200 ] || fail "readyz before"

# 1. A restart of the database under load: 4 clients keep asking meanwhile.
(
  end=$((SECONDS + 8))
  while [ $SECONDS -lt $end ]; do
    for _ in 1 2 3 4; do
      curl -sS -m 15 -o /dev/null -w '%{http_code} %{time_total}\n' \
        -H "cookie: lap_session=$cookie" "$api" >>load.txt 2>/dev/null &
    done
    wait
  done
) &
load_pid=$!
sleep 1
"$pg_server" restart "$pg_dir"
took=$(until_ok "$api" 10)
echo "restart: API back after ${took} s"
wait "$load_pid"
load_pid=""
# Every answer was a 200 or a 503; none took near the client's limit.
awk '$1 != 200 && $1 != 503 { bad++ } $2 > 10 { slow++ } END { exit (bad + slow) > 0 }' \
  load.txt || fail "during the restart: $(sort load.txt | uniq -c | head)"
echo "restart: $(awk '{print $1}' load.txt | sort | uniq -c | tr '\n' ' ')"
[ "$(get "$root/healthz")" = 200 ] || fail "healthz after the restart"
for _ in $(seq 1 20); do
  [ "$(get "$api")" = 200 ] || fail "API after the restart: $(cat out.json)"
done

# 2. Every backend of the service killed (pg_terminate_backend).
_backend_pg psql -X -q -At -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM \
  pg_stat_activity WHERE datname = '${LAP_DB##*/}' AND pid <> pg_backend_pid()" >killed.txt
[ "$(cat killed.txt)" -gt 0 ] || fail "no backend to kill"
took=$(until_ok "$api" 5)
echo "terminated backends: API back after ${took} s"
for _ in $(seq 1 20); do
  [ "$(get "$api")" = 200 ] || fail "API after the kill: $(cat out.json)"
done
[ "$(get "$root/healthz")" = 200 ] || fail "healthz after the kill"

# 3. The database down for a while: fast 503s with Retry-After, health says so.
"$pg_server" halt "$pg_dir"
start=$(date +%s)
code=$(curl -sS -m 15 -D down.h -o out.json -w '%{http_code}' -H "cookie: lap_session=$cookie" \
  "$api")
[ "$code" = 503 ] || fail "API with the database down is 503, got $code"
grep -qi '^retry-after:' down.h || fail "503 has Retry-After"
grep -q 'databank' out.json || fail "503 says the database is away: $(cat out.json)"
[ $(($(date +%s) - start)) -le 5 ] || fail "the 503 came fast"
for _ in $(seq 1 30); do
  [ "$(get "$root/healthz")" = 503 ] && break
  sleep 0.2
done
[ "$(get "$root/healthz")" = 503 ] || fail "healthz turns 503 while the database is down"
[ "$(get "$root/readyz")" = 503 ] || fail "readyz is 503 while the database is down"
"$pg_server" resume "$pg_dir"
took=$(until_ok "$api" 10)
echo "down and up: API back after ${took} s"
until_ok "$root/healthz" 5 >/dev/null
[ "$(get "$root/readyz")" = 200 ] || fail "readyz after the database came back"

kill -TERM "$server_pid"
wait "$server_pid" || fail "lap serve stops cleanly"
server_pid=""
echo "PASS"
