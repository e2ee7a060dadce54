#!/usr/bin/env bash
# Soak check (not a test): mixed traffic against `lap serve` for a while — dashboards, Flanders,
# person lists and one person's timeline, LAP pages (calls, werktabel, progress), sign-ins and
# sign-outs, /healthz — from 8 clients, while the server's resident memory (RSS) is sampled every
# 10 s. Prints the errors (any status other than 200/201/204) and the RSS curve; after the
# warm-up (the first quarter) RSS should stay within ±5 % of its median.
#   bench/soak.sh DB [seconds] [period]    LAP=path/to/lap to use another binary
set -euo pipefail
cd "$(dirname "$0")/.."
db=$(realpath "$1")
seconds="${2:-600}"
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
users=("soak-ocmw ocmw_counsellor 11002" "soak-gent ocmw_counsellor 44021" "soak-wse wse_analyst"
       "soak-lb local_government 11002")
for spec in "${users[@]}"; do
  read -r name role nis <<<"$spec"
  "$lap" user list --db "$db" | grep -q "^$name " ||
    echo "$password" | "$lap" user add --db "$db" --username "$name" --role "$role" \
      ${nis:+--municipality "$nis"} --password-stdin >/dev/null
done
"$lap" serve --db "$db" --listen 127.0.0.1:0 --access-log off 2>"$work/serve.err" &
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
end=$(($(date +%s) + seconds))
# client NAME ROLE NIS N: signs in, walks the pages of its role, signs out; again until the end.
client() {
  local name="$1" role="$2" nis="$3" jar="$work/jar-$1-$4" log="$work/codes-$1-$4.txt"
  local q="purpose=duurtest+van+de+server"
  while [ "$(date +%s)" -lt "$end" ]; do
    curl -sS -m 60 -c "$jar" -o "$work/login-$1-$4.json" -w '%{http_code} session\n' \
      -H 'content-type: application/json' \
      -d "{\"username\":\"$name\",\"password\":\"$password\"}" "$base/api/v1/session" >>"$log"
    local csrf
    csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("csrf_token",""))' \
      "$work/login-$1-$4.json" 2>/dev/null || true)
    local paths=("/healthz" "/api/v1/dashboard/${nis:-11002}" "/api/v1/flanders")
    case "$role" in
      ocmw_counsellor)
        paths+=("/api/v1/persons?nis=$nis&indicator=reach&variant=all&period=$period&$q") ;;
      *) paths+=("/api/v1/calls" "/api/v1/calls/lap-2024/werktabel"
                 "/api/v1/calls/lap-2024/progress") ;;
    esac
    for path in "${paths[@]}"; do
      curl -sS -m 60 -b "$jar" -o "$work/out-$1-$4.json" -w "%{http_code} $path\n" "$base$path" \
        >>"$log" || echo "000 $path" >>"$log"
    done
    person=$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1])).get("persons") or [{}]; print(p[0].get("person",""))' \
      "$work/out-$1-$4.json" 2>/dev/null || true)
    if [ -n "$person" ]; then
      curl -sS -m 60 -b "$jar" -o /dev/null -w "%{http_code} /persons/{person}\n" \
        "$base/api/v1/persons/$person?month=$period&$q" >>"$log"
    fi
    curl -sS -m 60 -b "$jar" -o /dev/null -w '%{http_code} signout\n' -X DELETE \
      -H "x-csrf-token: $csrf" "$base/api/v1/session" >>"$log"
  done
}
i=0
for spec in "${users[@]}"; do
  read -r name role nis <<<"$spec"
  client "$name" "$role" "$nis" 1 &
  client "$name" "$role" "$nis" 2 &
  i=$((i + 1))
done
start=$(date +%s)
: >"$work/rss.txt"
while [ "$(date +%s)" -lt "$end" ]; do
  echo "$(($(date +%s) - start)) $(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")" >>"$work/rss.txt"
  sleep 10
done
wait $(jobs -p | grep -v "^$server_pid$") 2>/dev/null || true
python3 - "$work" <<'PY'
import glob, statistics, sys
work = sys.argv[1]
rows = [l.split(" ", 1) for f in glob.glob(f"{work}/codes-*.txt") for l in open(f)]
ok = {"200", "201", "204"}
bad = {}
for code, what in rows:
    if code not in ok:
        bad[(code, what.strip())] = bad.get((code, what.strip()), 0) + 1
print(f"requests: {len(rows)}, errors: {sum(bad.values())}", dict(bad) if bad else "")
rss = [tuple(map(int, l.split())) for l in open(f"{work}/rss.txt")]
print("RSS (s: MiB):", " ".join(f"{t}:{kb / 1024:.0f}" for t, kb in rss))
steady = [kb for t, kb in rss[len(rss) // 4:]]
if steady:
    m = statistics.median(steady)
    print(f"after warm-up: median {m / 1024:.0f} MiB, min {min(steady) / m - 1:+.1%}, max {max(steady) / m - 1:+.1%}")
PY
