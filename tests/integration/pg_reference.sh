#!/usr/bin/env bash
# Reference figures from an independent implementation in PostgreSQL (bench/sql/), for the
# differential test against the engine.
#
#   tests/integration/pg_reference.sh LAP OUT.csv
#
# Generates a delivery with `LAP generate --scale tiny --seed 5`, starts a throw-away PostgreSQL 15
# (scripts/pg-test-server; installs it when missing), loads the raw CSV files, computes
# indicators 1 (reach), 2 (lap_result) and 5 (twe_active, twe_exit) in SQL and writes them to
# OUT.csv as `indicator;variant;period;nis;numerator;denominator;pending`. Prints a summary and
# the SQL timings. The server is stopped and removed on exit.
#
# Environment (all optional):
#   LAP_REF_SCALE, LAP_REF_SEED   generator scale and seed (tiny, 5)
#   LAP_REF_DELIVERY              use this delivery directory instead of generating one
#   LAP_REF_P0, LAP_REF_P1        lap_result period (2024-07, 2025-12: reaches into the months
#                                 where outflows are still pending)
#   LAP_REF_DATA_END              L (default: latest last_month of work_months.csv)
#   LAP_REF_EXCLUDE_ART60         true (default) or false
#   LAP_ENGINE_JSON               when set, compare OUT.csv with this engine output afterwards
#                                 (tests/integration/compare_figures.py); its status is ours
set -euo pipefail
[ $# -eq 2 ] || {
  echo "usage: pg_reference.sh LAP OUT.csv" >&2
  exit 2
}
lap="$1"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sql="$root/bench/sql"
server="$root/scripts/pg-test-server"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

scale="${LAP_REF_SCALE:-tiny}"
seed="${LAP_REF_SEED:-5}"
p0="${LAP_REF_P0:-2024-07}"
p1="${LAP_REF_P1:-2025-12}"
data_end="${LAP_REF_DATA_END:-}"
excl="${LAP_REF_EXCLUDE_ART60:-true}"

# Under /tmp so that the unprivileged server user can reach it when we run as root.
work="$(mktemp -d /tmp/lap-pgref.XXXXXX)"
chmod 755 "$work"
pgdir="$work/pg"
started=0
cleanup() {
  if [ "$started" = 1 ]; then "$server" stop "$pgdir" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${LAP_REF_DELIVERY:-}" ]; then
  delivery="$(cd "$LAP_REF_DELIVERY" && pwd)"
  made="given"
else
  delivery="$work/delivery"
  "$lap" generate --scale "$scale" --seed "$seed" --out "$delivery" >/dev/null
  made="scale $scale, seed $seed"
fi

"$server" install
started=1
eval "$("$server" start "$pgdir")"
export PGHOST PGPORT PGUSER PGDATABASE
export PGOPTIONS="-c client_min_messages=warning"

psql_run() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# \timing reports every statement; a file's time is the sum of its statements.
run_sql() {
  local name="$1"
  shift
  local log="$work/$name.log"
  local t0 t1
  t0=$(date +%s.%N)
  psql_run -v delivery="$delivery" -v p0="$p0" -v p1="$p1" -v data_end="$data_end" \
    -v exclude_art60="$excl" -c '\timing on' -f "$sql/$name.sql" >"$log" 2>&1 || {
    cat "$log" >&2
    echo "pg_reference: $name.sql failed" >&2
    exit 1
  }
  t1=$(date +%s.%N)
  printf '  %-15s %6.2f s wall, %8.1f ms in statements\n' "$name.sql" "$(echo "$t1 - $t0" | bc)" \
    "$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$log" | paste -sd+ - | sed 's/^$/0/' | bc)"
}

echo "pg_reference: delivery $delivery ($made), lap_result $p0..$p1"
echo "SQL timings:"
run_sql load
run_sql persons
run_sql indicators

mkdir -p "$(dirname "$out")"
psql_run -c "\\copy (SELECT indicator, variant, period, nis, numerator, denominator, pending
                     FROM ref_figure ORDER BY indicator, variant, period, nis)
             TO '$out' WITH (FORMAT csv, DELIMITER ';', HEADER)"

echo "settings:"
psql_run -A -F ' ' -t -c "SELECT 'data_start=' || ref_month_text(f), 'data_end=' || ref_month_text(l),
                              'exclude_art60=' || exclude_art60 FROM ref_setting"
echo "figures per indicator and variant (rows, sum numerator, sum denominator, sum pending):"
psql_run -P footer=off -c "SELECT indicator, variant, count(*) AS rows, sum(numerator) AS numerator,
                                  sum(denominator) AS denominator, sum(pending) AS pending
                           FROM ref_figure GROUP BY 1, 2 ORDER BY 1, 2"
psql_run -A -t -c "SELECT 'leefloners in 2022-09 (reach all denominator, Flanders): ' ||
                          coalesce(sum(denominator) FILTER (WHERE variant = 'all'), 0) ||
                          ' (LL ' || coalesce(sum(denominator) FILTER (WHERE variant = 'LL'), 0) ||
                          ', ELL ' || coalesce(sum(denominator) FILTER (WHERE variant = 'ELL'), 0) || ')'
                   FROM ref_figure WHERE indicator = 'reach' AND period = '2022-09'"
echo "pg_reference: wrote $(($(wc -l <"$out") - 1)) figures to $out"

if [ -n "${LAP_ENGINE_JSON:-}" ]; then
  python3 "$here/compare_figures.py" "$out" "$LAP_ENGINE_JSON"
fi
