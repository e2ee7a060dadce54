#!/usr/bin/env bash
# /healthz latency while heavy API requests run (not a test): 16 clients (4 OCMW counsellors, 4
# requests each) keep asking for person lists of a dashboard cell, while one client asks /healthz
# every 20 ms. Prints the p50, p99 and max of /healthz and what the person lists answered.
#   bench/health_under_load.sh DB [seconds] [period]    LAP=path/to/lap to use another binary
# DB: a database with a measurement run (e.g. `lap generate --scale flanders` + import +
# measure); it gets four bench users. Do not run it while another benchmark runs.
set -euo pipefail
cd "$(dirname "$0")/.."
db=$(realpath "$1")
seconds="${2:-30}"
period="${3:-2024-06}"
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
users=(11002 44021 24062 31005)
for nis in "${users[@]}"; do
  "$lap" user list --db "$db" | grep -q "^bench-load-$nis " ||
    echo "$password" | "$lap" user add --db "$db" --username "bench-load-$nis" \
      --role ocmw_counsellor --municipality "$nis" --password-stdin >/dev/null
done
# shellcheck disable=SC2086 # LAP_SERVE_ARGS: more options, split on spaces
"$lap" serve --db "$db" --listen 127.0.0.1:0 --access-log off ${LAP_SERVE_ARGS:-} 2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 1200); do
  port=$(sed -n 's/.*"message":"listening","address":"127.0.0.1:\([0-9]*\)".*/\1/p' "$work/serve.err")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$work/serve.err" >&2; exit 1; }
base="http://127.0.0.1:$port"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "lap serve: $(grep -o '"threads":[0-9]*,*"*[a-z]*"*:*[0-9]*' "$work/serve.err")"
for nis in "${users[@]}"; do
  curl -sS -D "$work/h" -o /dev/null -H 'content-type: application/json' \
    -d "{\"username\":\"bench-load-$nis\",\"password\":\"$password\"}" "$base/api/v1/session"
  sed -n 's/^[Ss]et-[Cc]ookie: lap_session=\([^;]*\);.*/\1/p' "$work/h" >"$work/cookie-$nis"
done
# One warm-up list per user (the timelines are built on first use).
for nis in "${users[@]}"; do
  curl -sS -o /dev/null -H "cookie: lap_session=$(cat "$work/cookie-$nis")" \
    "$base/api/v1/persons?nis=$nis&indicator=reach&variant=all&period=$period&purpose=meting+van+de+belasting"
done
end=$(($(date +%s) + seconds))
for nis in "${users[@]}"; do
  for c in 1 2 3 4; do
    (
      cookie=$(cat "$work/cookie-$nis")
      while [ "$(date +%s)" -lt "$end" ]; do
        curl -sS -m 60 -o /dev/null -w '%{http_code} %{time_total}\n' -H "cookie: lap_session=$cookie" \
          "$base/api/v1/persons?nis=$nis&indicator=reach&variant=all&period=$period&purpose=meting+van+de+belasting" \
          >>"$work/lists-$nis-$c.txt" 2>/dev/null || echo "000 0" >>"$work/lists-$nis-$c.txt"
      done
    ) &
  done
done
sleep 1
while [ "$(date +%s)" -lt "$end" ]; do
  curl -sS -m 60 -o /dev/null -w '%{http_code} %{time_total}\n' "$base/healthz" >>"$work/health.txt" || true
  sleep 0.02
done
wait $(jobs -p | grep -v "^$server_pid$") 2>/dev/null || true
echo "--- /healthz while 16 person lists run (${seconds} s)"
python3 - "$work" <<'PY'
import glob, sys
work = sys.argv[1]
def stats(rows):
    t = sorted(float(r[1]) * 1000 for r in rows)
    if not t:
        return "none"
    pick = lambda q: t[min(len(t) - 1, int(q * len(t)))]
    return f"n={len(t)} p50={pick(0.5):.1f} ms p99={pick(0.99):.1f} ms max={t[-1]:.1f} ms"
health = [l.split() for l in open(f"{work}/health.txt")]
print("healthz:", stats(health), "statuses:", sorted({r[0] for r in health}))
lists = [l.split() for f in glob.glob(f"{work}/lists-*.txt") for l in open(f)]
codes = {}
for r in lists:
    codes[r[0]] = codes.get(r[0], 0) + 1
print("person lists:", stats([r for r in lists if r[0] == "200"]), "statuses:", codes)
PY
