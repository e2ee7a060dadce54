#!/usr/bin/env bash
# Benchmark (not a test): how long `lap serve` takes to start on a database with a measured
# run, and how long the first dashboard and Flanders requests take after the start compared
# with the next ones (the run and its published tables are loaded before the server listens).
#   bench/first_request.sh DB        DB: a database with a measurement run (e.g. of flanders)
# Adds two accounts (bench-ocmw, bench-wse) to DB when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
db=$(realpath "$1")
lap="$(realpath "${LAP:-build/release/src/lap/cli/lap}")"
if [ -z "${LAP:-}" ]; then scripts/build release >/dev/null; fi
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
password="een lang wachtwoord voor de meting"
for spec in "bench-ocmw ocmw_counsellor 11002" "bench-wse wse_analyst"; do
  read -r name role nis <<<"$spec"
  "$lap" user list --db "$db" | grep -q "^$name " ||
    echo "$password" | "$lap" user add --db "$db" --username "$name" --role "$role" \
      ${nis:+--municipality "$nis"} --password-stdin >/dev/null
done
started=$(date +%s.%N)
"$lap" serve --db "$db" --listen 127.0.0.1:0 --access-log off 2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*"message":"listening","address":"127.0.0.1:\([0-9]*\)".*/\1/p' "$work/serve.err")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$work/serve.err" >&2; exit 1; }
echo "listening after $(echo "$(date +%s.%N) - $started" | bc) s (the latest run loaded and published)"
for name in bench-ocmw bench-wse; do
  curl -sS -D "$work/login.h" -o /dev/null -H 'content-type: application/json' \
    -d "{\"username\":\"$name\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/session"
  cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: lap_session=\([^;]*\);.*/\1/p' "$work/login.h")
  for path in /api/v1/dashboard/11002 /api/v1/dashboard/11001 "/api/v1/flanders?indicator=reach"; do
    for attempt in first second; do
      t=$(curl -sS -f -o /dev/null -w '%{time_total}' -H "cookie: lap_session=$cookie" \
        "http://127.0.0.1:$port$path")
      printf '%-10s %-32s %-6s %6.1f ms\n' "$name" "$path" "$attempt" "$(echo "$t * 1000" | bc)"
    done
  done
done
