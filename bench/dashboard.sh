#!/usr/bin/env bash
# Load benchmark of the dashboard JSON endpoint (issue: at least 0.3× nginx's
# requests/s, p99 < 20 ms, zero errors): wrk with 64 keep-alive connections
# against GET /api/v1/dashboard/11002 of a signed-in OCMW session of
# `lap serve`, and in the same run nginx serving the same JSON bytes from a
# file. Both on loopback, each for the same duration, one after the other.
#   bench/dashboard.sh [seconds]      LAP=path/to/lap to use another binary
# Needs wrk and nginx (Debian: wrk, nginx-light).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
lap="$(realpath "${LAP:-build/release/src/lap/cli/lap}")"
if [ -z "${LAP:-}" ]; then scripts/build release >/dev/null; fi
command -v nginx >/dev/null || PATH="$PATH:/usr/sbin"
command -v nginx >/dev/null || { echo "bench/dashboard.sh: needs nginx (apt-get install nginx-light)" >&2; exit 2; }
work=$(mktemp -d)
server_pid="" nginx_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" || true; fi
  if [ -n "$nginx_pid" ]; then kill -QUIT "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"  # nginx workers read www/
cd "$work"
"$lap" generate --scale tiny --seed 1 --out d >/dev/null
"$lap" import d >/dev/null 2>&1
"$lap" measure --month 2024-01 --through 2024-12 >/dev/null
echo "een lang wachtwoord" | "$lap" user add --username bench --role ocmw_counsellor \
  --municipality 11002 --password-stdin >/dev/null
"$lap" serve --listen 127.0.0.1:0 --access-log access.log 2>serve.err &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*"message":"listening","address":"127.0.0.1:\([0-9]*\)".*/\1/p' serve.err)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat serve.err >&2; exit 1; }
curl -sS -D login.h -o /dev/null -H 'content-type: application/json' \
  -d '{"username":"bench","password":"een lang wachtwoord"}' "http://127.0.0.1:$port/api/v1/session"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: lap_session=\([^;]*\);.*/\1/p' login.h)
url="http://127.0.0.1:$port/api/v1/dashboard/11002"
curl -sS -f -o dashboard.json -H "cookie: lap_session=$cookie" "$url"

mkdir -p www/api/v1/dashboard
cp dashboard.json www/api/v1/dashboard/11002
cat >nginx.conf <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log $work/nginx-access.log;
  default_type application/json;
  server {
    listen 127.0.0.1:0;
    root $work/www;
  }
}
CONF
# nginx cannot listen on port 0: pick a free port.
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -i "s/listen 127.0.0.1:0;/listen 127.0.0.1:$nginx_port;/" nginx.conf
nginx -c "$work/nginx.conf" -p "$work" 2>nginx.err &
nginx_pid=$!
sleep 0.5
curl -sS -f -o nginx.json "http://127.0.0.1:$nginx_port/api/v1/dashboard/11002"
cmp -s dashboard.json nginx.json || { echo "nginx serves other bytes" >&2; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "body: $(wc -c <dashboard.json) bytes; wrk: 2 threads, 64 connections, ${seconds} s each"
summary() {
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
       /Non-2xx/ {errors=errors" non-2xx "$NF} /Socket errors/ {errors=errors" "$0}
       END {printf "%-12s requests/s %10s  p50 %8s  p99 %8s  errors:%s\n", name, rps, p50, p99, (errors==""?" 0":errors)}' name="$1" "$2"
}
wrk -t2 -c64 -d"${seconds}s" --latency -H "cookie: lap_session=$cookie" "$url" >lap.txt
wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$nginx_port/api/v1/dashboard/11002" >nginx.txt
summary "lap serve" lap.txt
summary "nginx" nginx.txt
lap_rps=$(awk '/Requests\/sec/ {print $2}' lap.txt)
nginx_rps=$(awk '/Requests\/sec/ {print $2}' nginx.txt)
echo "ratio: $(echo "scale=3; $lap_rps / $nginx_rps" | bc)"
echo "access log lines: $(wc -l <access.log)"
