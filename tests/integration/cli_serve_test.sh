#!/usr/bin/env bash
# `lap serve` through the binary: /healthz, /metrics, static files without
# traversal, 404/405/413 problems, an access log without raw paths or query
# strings, and a graceful stop on SIGTERM while a slow upload is in progress.
# On SQLite or PostgreSQL: LAP_TEST_BACKEND (lib_backend.sh).
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_serve.sh"
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
lap="$1"
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  backend_cleanup
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/serve.err" ] && sed 's/^/  serve: /' "$work/serve.err" >&2
  exit 1
}
backend_init "$work"
cd "$work"

"$lap" serve --help | grep -q "SIGTERM" || fail "serve --help explains the shutdown"

# SQLite: a file that does not exist; PostgreSQL: a database without lap's tables.
missing=$(new_database missing)
set +e
"$lap" serve --db "$missing" --listen 127.0.0.1:0 2>err.txt; rc=$?
set -e
[ "$rc" -eq 4 ] || fail "a missing database exits 4, got $rc"
database_is_empty "$missing" || fail "lap serve must not create a database"

# A database that exists; lap serve brings it to the current schema. SQLite: any SQLite file;
# PostgreSQL: one that holds lap's tables already (without them it counts as missing, above).
db=$(new_database lap)
if is_sqlite; then
  python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("create table t(x)")' "$db"
  chmod 600 "$db"  # a database file others may read is refused
else
  "$lap" pact calls --db "$db" >/dev/null
fi
mkdir -p www/js
echo '<!doctype html><title>LAP</title>' >www/index.html
echo 'console.log(1);' >www/js/app.js
echo 'do not serve' >secret.txt
head -c 400000 /dev/zero | tr '\0' 'x' >slow-body.txt
head -c 2000000 /dev/zero | tr '\0' 'x' >big-body.txt

"$lap" serve --db "$db" --listen 127.0.0.1:0 --threads 2 --static www \
  --access-log access.log 2>serve.err &
server_pid=$!
wait_for_port
base="http://127.0.0.1:$port"

# Built-in endpoints.
health=$(curl -sS -D health.h "$base/healthz")
echo "$health" | grep -qE '^\{"status":"ok","schema_version":[1-9][0-9]*\}$' ||
  fail "healthz body: $health"
grep -qi '^content-type: application/json' health.h || fail "healthz is JSON"
curl -sS -I "$base/healthz" | grep -q '^HTTP/1.1 200' || fail "HEAD /healthz"

# Problems.
code=$(curl -sS -o nf.json -w '%{http_code}' "$base/api/v1/nothing?insz=85073003328")
[ "$code" = 404 ] || fail "unknown path is 404, got $code"
grep -q '"code":"not_found"' nf.json || fail "404 is a problem document"
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$base/api/v1/nothing")
[ "$code" = 404 ] || fail "POST to an unknown path is 404, got $code"
code=$(curl -sS -o na.json -D na.h -w '%{http_code}' -X DELETE "$base/healthz")
[ "$code" = 405 ] || fail "DELETE /healthz is 405, got $code"
grep -qi '^allow: GET, HEAD' na.h || fail "405 names the allowed methods"
code=$(curl -sS -o big.json -w '%{http_code}' -H 'Expect:' --data-binary @big-body.txt "$base/healthz" 2>/dev/null || true)
[ "$code" = 413 ] || fail "a 2 MB body is 413, got $code"

# Static files.
curl -sS -D idx.h "$base/" | grep -q '<title>LAP</title>' || fail "index.html at /"
grep -qi '^content-type: text/html; charset=utf-8' idx.h || fail "index.html is text/html"
curl -sS -D js.h -o /dev/null "$base/js/app.js"
grep -qi '^content-type: text/javascript' js.h || fail "app.js is JavaScript"
for path in /../secret.txt /js/../../secret.txt /%2e%2e/secret.txt /..%2fsecret.txt; do
  code=$(curl -sS --path-as-is -o trav.out -w '%{http_code}' "$base$path")
  [ "$code" = 404 ] || fail "$path is refused, got $code"
  if grep -q 'do not serve' trav.out; then fail "$path leaked a file outside the root"; fi
done

# Metrics.
curl -sS -D m.h "$base/metrics" >metrics.txt
grep -qi '^content-type: text/plain; version=0.0.4' m.h || fail "metrics content type"
grep -q '^lap_http_requests_total{method="GET",route="/healthz",status="2xx"} 2$' metrics.txt ||
  fail "metrics count /healthz"
grep -q '^lap_http_requests_total{method="-",route="(not found)",status="4xx"} 1$' metrics.txt ||
  fail "metrics count the 404"
grep -q '^lap_http_requests_total{method="GET",route="(static)",status="4xx"} 5$' metrics.txt ||
  fail "metrics count the static 404s"
grep -q '^lap_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"} 2$' \
  metrics.txt || fail "duration histogram"
grep -q '^lap_http_requests_total{method="-",route="(rejected)",status="4xx"} 1$' metrics.txt ||
  fail "metrics count the 413"
grep -q '^lap_http_requests_in_flight 1$' metrics.txt || fail "in-flight gauge"
grep -qE '^process_start_time_seconds [0-9]+\.[0-9]{3}$' metrics.txt || fail "start time"
if grep -q 'api/v1/nothing' metrics.txt; then fail "metrics name a raw path"; fi

# SIGTERM during a slow upload (400 kB at 100 kB/s): the request finishes,
# new connections are refused, the server exits 0.
curl -sS -H 'Expect:' --limit-rate 100k --data-binary @slow-body.txt -o slow.json \
  -w '%{http_code}' "$base/healthz" >slow.code &
curl_pid=$!
sleep 1
kill -TERM "$server_pid"
sleep 0.5
set +e
curl -sS -m 2 -o /dev/null "$base/healthz" 2>/dev/null; rc=$?
wait "$curl_pid"; curl_rc=$?
wait "$server_pid"; server_rc=$?
set -e
server_pid=""
[ "$rc" -ne 0 ] || fail "no new requests after SIGTERM"
[ "$curl_rc" -eq 0 ] || fail "the slow request was cut off (curl exit $curl_rc)"
[ "$(cat slow.code)" = 405 ] || fail "the slow request got its answer, got $(cat slow.code)"
[ "$server_rc" -eq 0 ] || fail "lap serve exits 0 after SIGTERM, got $server_rc"
grep -q '"message":"stopped"' serve.err || fail "lap serve says it stopped"

# The access log: one JSON object per request with the route pattern only.
python3 - access.log <<'PY' || fail "access log"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) >= 10, len(lines)
keys = {"time", "method", "route", "status", "duration_ms", "bytes"}
for line in lines:
    entry = json.loads(line)
    assert set(entry) == keys, entry
routes = {json.loads(l)["route"] for l in lines}
for route in ("/healthz", "/metrics", "(static)", "(not found)", "(rejected)"):
    assert route in routes, routes
text = open(sys.argv[1]).read()
for leak in ("85073003328", "insz", "nothing", "secret", "?", "127.0.0.1"):
    assert leak not in text, leak
PY
echo "cli_serve: ok"
