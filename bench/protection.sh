#!/usr/bin/env bash
# Benchmark (not a test) of the disclosure control of a whole run at flanders scale:
# the linked protection lap uses (with and without robustness against one municipality's
# own cells), the cell-key method, and the independent audit (GLPK) of the public view and
# three municipalities' views. Prints Markdown.
#   bench/protection.sh [workdir]      LAP_BENCH_VIEWS=public,ocmw:NIS,... to choose the views
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-$(mktemp -d)}"
scripts/build release >/dev/null
lap=build/release/src/lap/cli/lap
mkdir -p "$work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if [ ! -f "$work/delivery/manifest.json" ] || ! grep -q '"scale": "flanders"' "$work/delivery/manifest.json"; then
  rm -rf "$work/delivery"
  "$lap" generate --scale flanders --seed 1 --out "$work/delivery" >/dev/null
fi
LAP_BENCH_DELIVERY="$work/delivery" /usr/bin/time -f 'peak memory %M KB, %e s wall' \
  build/release/bench/protection_bench
