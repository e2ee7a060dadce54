#!/usr/bin/env bash
# Benchmark (not a test): `lap generate` and `lap import` at a given scale.
# Prints wall seconds, rows per second and peak memory of each step.
#   bench/generate_import.sh [flanders|tiny|belgium] [workdir]
# `belgium` only generates (it exists for the measurement benchmarks).
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

rm -rf "$work/delivery" "$work/lap.sqlite"*
read -r gsecs gkb <<<"$(measure generate "$lap" generate --scale "$scale" --seed 1 --out "$work/delivery")"
rows=$(python3 -c "import json,sys; m=json.load(open('$work/delivery/manifest.json')); print(sum(v for k,v in m['rows'].items() if k!='ground_truth.csv'))")
bytes=$(du -sb "$work/delivery" | cut -f1)
printf 'generate %-9s %10d rows %8.1f MB %8.2f s %12.0f rows/s  peak %6.0f MB\n' \
  "$scale" "$rows" "$(echo "$bytes/1000000" | bc -l)" "$gsecs" "$(echo "$rows/$gsecs" | bc -l)" "$(echo "$gkb/1024" | bc -l)"
if [ "$scale" != belgium ]; then
  read -r isecs ikb <<<"$(measure import "$lap" import "$work/delivery" --db "$work/lap.sqlite")"
  printf 'import   %-9s %10d rows %8.1f MB %8.2f s %12.0f rows/s  peak %6.0f MB\n' \
    "$scale" "$rows" "$(echo "$(du -sb "$work/lap.sqlite" | cut -f1)/1000000" | bc -l)" "$isecs" \
    "$(echo "$rows/$isecs" | bc -l)" "$(echo "$ikb/1024" | bc -l)"
  read -r rsecs rkb <<<"$(measure reimport "$lap" import "$work/delivery" --db "$work/lap.sqlite")"
  printf 're-import (no change)        %8.2f s  peak %6.0f MB\n' "$rsecs" "$(echo "$rkb/1024" | bc -l)"
  read -r ssecs skb <<<"$(measure summary "$lap" summary --db "$work/lap.sqlite")"
  printf 'summary                      %8.2f s  peak %6.0f MB\n' "$ssecs" "$(echo "$skb/1024" | bc -l)"
fi
