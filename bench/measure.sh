#!/usr/bin/env bash
# Benchmark (not a test) of the measurement engine.
#   bench/measure.sh flanders [workdir]  engine benchmarks, then side by side the same reach,
#                                        LAP-result and TWE-OCMW figures in PostgreSQL 15
#                                        (bench/sql/, a throw-away server) and in the engine
#   bench/measure.sh belgium [workdir]   transitions and one year of sustainable outflow for
#                                        ~11.8 million persons, with peak memory
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-flanders}"
work="${2:-$(mktemp -d)}"
scripts/build release >/dev/null
lap=build/release/src/lap/cli/lap
bench=build/release/bench/measure_bench
mkdir -p "$work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if [ ! -f "$work/delivery/manifest.json" ] || ! grep -q "\"scale\": \"$scale\"" "$work/delivery/manifest.json"; then
  rm -rf "$work/delivery"
  "$lap" generate --scale "$scale" --seed 1 --out "$work/delivery" >/dev/null
fi

if [ "$scale" = belgium ]; then
  LAP_BENCH_DELIVERY="$work/delivery" /usr/bin/time -f 'peak memory %M KB, %e s wall' \
    "$bench" --benchmark_filter='Transitions|SustainableOutflow'
  exit 0
fi

LAP_BENCH_DELIVERY="$work/delivery" /usr/bin/time -f 'peak memory %M KB, %e s wall' "$bench"

# Side by side: the figures of bench/sql/indicators.sql (reach, lap_result,
# twe_active, twe_exit for every OCMW and month 2019-2025) in PostgreSQL and
# in the engine, on the same delivery, checked equal.
echo "== PostgreSQL 15 reference (bench/sql)"
"$lap" measure --from-files "$work/delivery" --month 2019-01 --through 2025-12 \
  --call-period 2024-07..2025-12 --view internal --out "$work/engine.json" | tee "$work/engine.txt"
LAP_REF_DELIVERY="$work/delivery" LAP_REF_P0=2024-07 LAP_REF_P1=2025-12 \
  LAP_ENGINE_JSON="$work/engine.json" tests/integration/pg_reference.sh "$lap" "$work/ref.csv" |
  tee "$work/pg.txt"
engine=$(grep -oP 'computed in \K[0-9.]+' "$work/engine.txt")
pg=$(awk '/indicators.sql/ {print $2}' "$work/pg.txt")
echo "engine: every indicator, every OCMW and month, LAP progress: ${engine} s (one core)"
echo "PostgreSQL: reach, lap_result, twe_active, twe_exit: ${pg} s"
echo "speed-up: $(echo "$pg / $engine" | bc -l | xargs printf '%.0f')x"
