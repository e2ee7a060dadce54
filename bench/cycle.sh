#!/usr/bin/env bash
# Benchmark (not a test): the monthly cycle, phase by phase, with wall seconds and peak memory.
#   bench/cycle.sh [flanders|belgium|tiny] [workdir]
#
#   generate   lap generate --scale S --seed 1 (reused when workdir holds a delivery of S)
#   raw        sqlite3's own `.import` of the same six CSV files into an empty database, with
#              no validation, pseudonyms or indexes: the floor an import is compared with
#   import     lap import --no-link into a new SQLite database
#   link       lap link (identity resolution of the load)
#   measure    lap measure of every month of the data (timelines, indicators, disclosure
#              control, the run stored); the output's own split is printed under it
#   measure 2  the same again: the timelines are now read from the load's timeline file
#   serve      lap serve from its start to the first dashboard answer (a local government
#              account), and the second answer
#
# The figures are kept in workdir/cycle-S.tsv; a run prints each phase's ratio to the previous
# run there (so: run it in the same workdir before and after a change).
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-flanders}"
work="$(realpath -m "${2:-/tmp/lap-cycle-$scale}")"
lap="$(realpath "${LAP:-build/release/src/lap/cli/lap}")"
if [ -z "${LAP:-}" ]; then scripts/build release >/dev/null; fi
mkdir -p "$work"
history="$work/cycle-$scale.tsv"
previous="$work/cycle-$scale.previous.tsv"
[ -f "$history" ] && cp "$history" "$previous" || rm -f "$previous"
: >"$history"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "lap: $lap"

# Runs a command under /usr/bin/time; records and prints "phase seconds peak-MB".
phase() {
  local label="$1"
  shift
  /usr/bin/time -o "$work/$label.time" -f '%e %M' "$@" >"$work/$label.out" 2>"$work/$label.err" || {
    echo "cycle: $label failed:" >&2
    tail -20 "$work/$label.err" >&2
    exit 1
  }
  local secs kb
  read -r secs kb <"$work/$label.time"
  record "$label" "$secs" "$((kb / 1024))"
}
record() {  # label seconds peak-MB
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$history"
  local before="" ratio=""
  [ -f "$previous" ] && before=$(awk -F'\t' -v l="$1" '$1 == l {print $2}' "$previous")
  if [ -n "$before" ] && [ "$(echo "$before > 0" | bc)" = 1 ]; then
    ratio=$(printf '%.2fx of the previous run (%s s)' "$(echo "$2 / $before" | bc -l)" "$before")
  fi
  printf '%-12s %9.2f s  peak %6s MB  %s\n' "$1" "$2" "$3" "$ratio"
}

delivery="$work/delivery"
if [ -f "$delivery/manifest.json" ] && grep -q "\"scale\": *\"$scale\"" "$delivery/manifest.json"; then
  echo "generate: reusing $delivery"
else
  rm -rf "$delivery"
  phase generate "$lap" generate --scale "$scale" --seed 1 --out "$delivery"
fi
files=(rmi_entitlements vdab_registrations work_months activation_measures podmi_counts
  identifier_changes)
rows=$(python3 -c "import json; m=json.load(open('$delivery/manifest.json')); print(sum(v for k,v in m['rows'].items() if k!='ground_truth.csv'))")
echo "delivery: $rows rows, $(for f in "${files[@]}"; do echo "$delivery/$f.csv"; done | xargs du -cbL | tail -1 | awk '{printf "%.0f MB", $1/1e6}') of CSV (${files[*]})"

# The floor: sqlite3's own CSV import of the same files (each becomes a table of text columns).
rm -f "$work/raw.sqlite"
raw_script="$work/raw.sql"
{
  echo ".separator ;"
  for f in "${files[@]}"; do echo ".import --csv $delivery/$f.csv $f"; done
} >"$raw_script"
phase raw sqlite3 "$work/raw.sqlite" ".read $raw_script"
rm -f "$work/raw.sqlite"

db="$work/cycle.sqlite"
rm -rf "$db" "$db"-* "$db.timelines" "$db.key"
phase import "$lap" import "$delivery" --db "$db" --no-link
phase link "$lap" link --db "$db"
range=$(sqlite3 "$db" "SELECT min(first_month) || ' ' || max(last_month) FROM work_span")
read -r first last <<<"$range"
measure_args=(measure --db "$db" --month "$first" --through "$last")
phase measure "$lap" "${measure_args[@]}"
sed 's/^/             /' "$work/measure.out" | grep -E 'timelines|computed|protected for|published tables'
phase "measure 2" "$lap" "${measure_args[@]}"
sed 's/^/             /' "$work/measure 2.out" | grep -E 'timelines'

# The first dashboard answer after `lap serve` starts, as a local government sees it.
password="een lang wachtwoord voor de meting"
echo "$password" | "$lap" user add --db "$db" --username cycle-ocmw --role ocmw_counsellor \
  --municipality 11002 --password-stdin >/dev/null
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
started=$(date +%s.%N)
"$lap" serve --db "$db" --listen 127.0.0.1:0 --access-log off 2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 6000); do
  port=$(sed -n 's/.*"message":"listening","address":"127.0.0.1:\([0-9]*\)".*/\1/p' "$work/serve.err")
  [ -n "$port" ] && break
  sleep 0.01
done
[ -n "$port" ] || { cat "$work/serve.err" >&2; exit 1; }
listening=$(echo "$(date +%s.%N) - $started" | bc)
curl -sS -D "$work/login.h" -o /dev/null -H 'content-type: application/json' \
  -d "{\"username\":\"cycle-ocmw\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/session"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: lap_session=\([^;]*\);.*/\1/p' "$work/login.h")
curl -sS -f -o /dev/null -H "cookie: lap_session=$cookie" "http://127.0.0.1:$port/api/v1/dashboard/11002"
first=$(echo "$(date +%s.%N) - $started" | bc)
second=$(curl -sS -f -o /dev/null -w '%{time_total}' -H "cookie: lap_session=$cookie" \
  "http://127.0.0.1:$port/api/v1/dashboard/11002")
serve_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status")
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
record "listening" "$listening" "-"
record "dashboard 1" "$first" "$((serve_kb / 1024))"
record "dashboard 2" "$second" "-"

sum() { awk -F'\t' -v want="$*" 'BEGIN {n = split(want, w, ",")} {for (i = 1; i <= n; i++) if ($1 == w[i]) s += $2} END {printf "%.2f", s}' "$history"; }
peak=$(awk -F'\t' '$3 ~ /^[0-9]+$/ && $3 > m {m = $3} END {print m}' "$history")
raw=$(sum raw)
imported=$(sum import,link)
echo "import + link:                     $imported s = $(printf '%.1f' "$(echo "$imported / $raw" | bc -l)")x sqlite3's raw import ($raw s)"
echo "import + link + measure (protect): $(sum import,link,measure) s"
echo "highest peak memory of a phase:    $peak MB"
