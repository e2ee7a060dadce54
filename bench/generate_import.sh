#!/usr/bin/env bash
# Benchmark (not a test): `lap generate` and `lap import` at a given scale.
# Prints wall seconds, rows per second and peak memory of each step.
#   bench/generate_import.sh [flanders|tiny|belgium] [workdir] [sqlite|postgresql]
# `belgium` only generates (it exists for the measurement benchmarks). With `postgresql` the
# import goes into a throw-away PostgreSQL 15 (scripts/pg-test-server, default settings) in
# workdir; a delivery already in workdir/delivery of the same scale is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-flanders}"
work="${2:-$(mktemp -d)}"
lap="${LAP:-build/release/src/lap/cli/lap}"
[ -x "$lap" ] || scripts/build release >/dev/null
mkdir -p "$work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

measure() {  # label, command...  -> prints "seconds peak_kb"
  local label="$1"; shift
  /usr/bin/time -o "$work/$label.time" -f '%e %M' "$@" >"$work/$label.out" 2>"$work/$label.err"
  cat "$work/$label.time"
}

backend="${3:-sqlite}"
db="$work/lap.sqlite"
rm -rf "$work/lap.sqlite"*
if [ "$backend" = postgresql ]; then
  pgdir=$(mktemp -d -u /tmp/lap-bench-pg.XXXXXX)
  eval "$(scripts/pg-test-server start "$pgdir")"
  export PGHOST PGPORT PGUSER PGDATABASE
  trap 'scripts/pg-test-server stop "$pgdir"' EXIT
  createdb lap_bench
  db="postgresql://$PGUSER@127.0.0.1:$PGPORT/lap_bench"
  export LAP_PSEUDONYM_KEY_FILE="$work/lap.key"
fi
db_bytes() {
  if [ "$backend" = postgresql ]; then
    psql -At -d lap_bench -c "SELECT pg_database_size('lap_bench')"
  else
    du -sb "$db" | cut -f1
  fi
}
if [ -f "$work/delivery/manifest.json" ] && grep -q "\"scale\": *\"$scale\"" "$work/delivery/manifest.json"; then
  gsecs=0 gkb=0
  echo "generate: reusing $work/delivery"
else
  rm -rf "$work/delivery"
  read -r gsecs gkb <<<"$(measure generate "$lap" generate --scale "$scale" --seed 1 --out "$work/delivery")"
fi
rows=$(python3 -c "import json,sys; m=json.load(open('$work/delivery/manifest.json')); print(sum(v for k,v in m['rows'].items() if k!='ground_truth.csv'))")
bytes=$(du -sb "$work/delivery" | cut -f1)
if [ "$gsecs" != 0 ]; then
  printf 'generate %-9s %10d rows %8.1f MB %8.2f s %12.0f rows/s  peak %6.0f MB\n' \
    "$scale" "$rows" "$(echo "$bytes/1000000" | bc -l)" "$gsecs" "$(echo "$rows/$gsecs" | bc -l)" "$(echo "$gkb/1024" | bc -l)"
fi
if [ "$scale" != belgium ]; then
  read -r isecs ikb <<<"$(measure import "$lap" import "$work/delivery" --db "$db")"
  printf 'import   %-9s %10d rows %8.1f MB %8.2f s %12.0f rows/s  peak %6.0f MB  (%s)\n' \
    "$scale" "$rows" "$(echo "$(db_bytes)/1000000" | bc -l)" "$isecs" \
    "$(echo "$rows/$isecs" | bc -l)" "$(echo "$ikb/1024" | bc -l)" "$backend"
  read -r rsecs rkb <<<"$(measure reimport "$lap" import "$work/delivery" --db "$db")"
  printf 're-import (no change)        %8.2f s  peak %6.0f MB\n' "$rsecs" "$(echo "$rkb/1024" | bc -l)"
  read -r ssecs skb <<<"$(measure summary "$lap" summary --db "$db")"
  printf 'summary                      %8.2f s  peak %6.0f MB\n' "$ssecs" "$(echo "$skb/1024" | bc -l)"
fi
