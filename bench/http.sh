#!/usr/bin/env bash
# Throughput smoke check (not a test) of the web server: wrk with 64
# keep-alive connections for 10 s against GET /healthz of a release build,
# the access log written to a file as in production. Prints requests/s and the
# latency percentiles.
#   bench/http.sh [seconds]      LAP=path/to/lap to use another binary
# Needs wrk (scripts/install-deps). Do not run it while another benchmark runs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
lap="${LAP:-build/release/src/lap/cli/lap}"
if [ -z "${LAP:-}" ]; then scripts/build release >/dev/null; fi
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("create table t(x)")' \
  "$work/lap.sqlite"
"$lap" serve --db "$work/lap.sqlite" --listen 127.0.0.1:0 --access-log "$work/access.log" \
  2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*"message":"listening","address":"127.0.0.1:\([0-9]*\)".*/\1/p' "$work/serve.err")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.err" >&2; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "lap serve: $(sed -n 's/.*"threads":\([0-9]*\).*/\1/p' "$work/serve.err") threads; wrk: 2 threads, 64 connections, ${seconds} s"
wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$port/healthz" | tee "$work/wrk.txt"
echo "---"
awk '/Requests\/sec/ {print "requests/s: " $2}
     /^ +50%/ {print "p50: " $2} /^ +75%/ {print "p75: " $2}
     /^ +90%/ {print "p90: " $2} /^ +99%/ {print "p99: " $2}
     /Non-2xx|Socket errors/ {print "errors: " $0}' "$work/wrk.txt"
echo "access log lines: $(wc -l <"$work/access.log")"
