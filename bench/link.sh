#!/usr/bin/env bash
# Benchmark (not a test) of identity resolution (issue 5): all OCMW records against all VDAB
# records, by the engine (`lap link`) and, side by side on the same delivery, by the reference
# implementation in PostgreSQL 15 (bench/sql/link_load.sql + link_reference.sql, a throw-away
# server; bench/LINK_REFERENCE.md). Prints time, peak memory, precision, recall and F1 of both.
#   bench/link.sh flanders|tiny [workdir]
# The workdir keeps the delivery (`lap generate --seed 1`) and the SQLite import between runs;
# the engine relinks everything (`lap link --full`), not only what changed since its last run.
#
# Environment (all optional):
#   LAP                        the lap binary (build/release/src/lap/cli/lap, built first)
#   LAP_LINK_SKIP_ENGINE=1     run only the PostgreSQL side (no import, no `lap link`)
#   LAP_LINK_PG_UPPER, LAP_LINK_PG_LOWER
#                              thresholds of the SQL as match weights in bits; default: the
#                              weights the engine's thresholds came to in its run (link.json,
#                              thresholds.upper_weight and lower_weight), else the SQL's own
#                              (log-odds -5 and -13 with the population prior it estimates)
#   LAP_LINK_PG_PHONETIC       cologne (default) or dmetaphone: name blocking code of the SQL
#   LAP_LINK_PG_TF             on (default) or off: term frequencies in the SQL
#   LAP_LINK_PG_EM             off (default) or on: refine m and lambda by EM in the SQL
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-flanders}"
case "$scale" in tiny | flanders) ;; *)
  echo "usage: bench/link.sh flanders|tiny [workdir]" >&2
  exit 2
  ;;
esac
work="${2:-$(mktemp -d /tmp/lap-linkbench.XXXXXX)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
scripts/build release >/dev/null
lap="${LAP:-build/release/src/lap/cli/lap}"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if [ ! -f "$work/delivery/manifest.json" ] || ! grep -q "\"scale\": \"$scale\"" "$work/delivery/manifest.json"; then
  rm -rf "$work/delivery" "$work/lap.sqlite" "$work/lap.sqlite.key"
  echo "generating $scale (seed 1) into $work/delivery"
  "$lap" generate --scale "$scale" --seed 1 --out "$work/delivery" >/dev/null
fi

json() { # file, python expression over j -> prints it (empty when absent)
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null || true
}

# ---- the engine ---------------------------------------------------------------------------
engine_s="" engine_f1=""
if [ "${LAP_LINK_SKIP_ENGINE:-0}" = 1 ]; then
  echo "== engine: skipped (LAP_LINK_SKIP_ENGINE=1)"
else
  if [ ! -f "$work/lap.sqlite" ]; then
    echo "importing into $work/lap.sqlite"
    "$lap" import "$work/delivery" --db "$work/lap.sqlite" >/dev/null
  fi
  echo "== engine: lap link"
  /usr/bin/time -o "$work/engine.time" -f '%M KB %e s' \
    "$lap" link --db "$work/lap.sqlite" --full --ground-truth "$work/delivery/ground_truth.csv" \
    --report "$work/link.json" | tee "$work/engine.txt"
  r="$work/link.json"
  engine_s=$(json "$r" "j['seconds']['total']")
  engine_f1=$(json "$r" "j['quality']['f1']")
  echo "engine: identities ocmw $(json "$r" "j['identities']['ocmw']") vdab $(json "$r" "j['identities']['vdab']");" \
    "pairs compared $(json "$r" "j['pairs']['compared']");" \
    "thresholds as weights $(json "$r" "j['thresholds']['upper_weight']")/$(json "$r" "j['thresholds']['lower_weight']")" \
    "(prior $(json "$r" "j['thresholds']['population_prior']"));" \
    "precision $(json "$r" "j['quality']['precision']") recall $(json "$r" "j['quality']['recall']") f1 $engine_f1;" \
    "${engine_s} s (report), peak $(json "$r" "j['peak_rss_mb']") MB (report);" \
    "process: $(cat "$work/engine.time")"
fi

# ---- PostgreSQL 15 reference --------------------------------------------------------------
echo "== PostgreSQL 15 reference (bench/sql/link_load.sql, link_reference.sql)"
# Under /tmp so that the unprivileged server user can reach it when we run as root.
pgdir="$(mktemp -d -u /tmp/lap-linkpg.XXXXXX)"
sampler=""
cleanup() {
  rm -f "$work/pg.running"
  if [ -n "$sampler" ]; then wait "$sampler" 2>/dev/null || true; fi
  if [ -e "$pgdir" ]; then scripts/pg-test-server stop "$pgdir" || true; fi
}
trap cleanup EXIT
eval "$(scripts/pg-test-server start "$pgdir")"
export PGHOST PGPORT PGUSER PGDATABASE
export PGOPTIONS="-c client_min_messages=warning"
psql_run() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# Peak memory of the server: the proportional set size (PSS: shared pages divided among the
# processes sharing them) summed over the postmaster and its children (backends, parallel
# workers), sampled every 0.5 s while the SQL runs.
postmaster=$(head -1 "$pgdir/data/postmaster.pid")
touch "$work/pg.running"
echo 0 >"$work/pg.peak"
(
  peak=0
  while [ -e "$work/pg.running" ]; do
    sum=0
    for p in $postmaster $(ps -o pid= --ppid "$postmaster"); do
      v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null) || v=0
      sum=$((sum + ${v:-0}))
    done
    if ((sum > peak)); then
      peak=$sum
      echo "$peak" >"$work/pg.peak"
    fi
    sleep 0.5
  done
) &
sampler=$!

t0=$(date +%s.%N)
psql_run -v delivery="$work/delivery" -f bench/sql/link_load.sql | tee "$work/pg_load.txt"
t1=$(date +%s.%N)
thresholds=()
upper="${LAP_LINK_PG_UPPER:-}" lower="${LAP_LINK_PG_LOWER:-}"
if [ -f "$work/link.json" ] && [ -n "$engine_s" ]; then
  [ -n "$upper" ] || upper=$(json "$work/link.json" "j['thresholds']['upper_weight']")
  [ -n "$lower" ] || lower=$(json "$work/link.json" "j['thresholds']['lower_weight']")
fi
[ -z "$upper" ] || thresholds+=(-v upper_weight="$upper")
[ -z "$lower" ] || thresholds+=(-v lower_weight="$lower")
psql_run "${thresholds[@]}" -v phonetic="${LAP_LINK_PG_PHONETIC:-cologne}" \
  -v tf="${LAP_LINK_PG_TF:-on}" -v em="${LAP_LINK_PG_EM:-off}" -f bench/sql/link_reference.sql | tee "$work/pg.txt"
t2=$(date +%s.%N)
rm -f "$work/pg.running"
wait "$sampler" || true
sampler=""
pg_peak_mb=$(echo "$(cat "$work/pg.peak") / 1024" | bc)
read -r pg_p pg_r pg_f1 pg_s <<<"$(awk '/^pg_link: precision/ {print $3, $5, $7, $9}' "$work/pg.txt")"
pg_pairs=$(awk '/^pg_link: records/ {print $NF}' "$work/pg.txt")
printf 'PostgreSQL: load %.1f s; linkage %s s (normalisation to decisions; %.1f s wall with the quality report); pairs compared %s; precision %s recall %s f1 %s; server peak %s MB (PSS)\n' \
  "$(echo "$t1 - $t0" | bc)" "$pg_s" "$(echo "$t2 - $t1" | bc)" "$pg_pairs" "$pg_p" "$pg_r" "$pg_f1" "$pg_peak_mb"

# ---- side by side -------------------------------------------------------------------------
if [ -n "$engine_s" ]; then
  echo "side by side ($scale): engine ${engine_s} s, F1 ${engine_f1}; PostgreSQL ${pg_s} s, F1 ${pg_f1};" \
    "speed-up $(echo "$pg_s / $engine_s" | bc -l | xargs printf '%.1f')x"
else
  echo "side by side ($scale): engine not run; PostgreSQL ${pg_s} s, F1 ${pg_f1}"
fi
