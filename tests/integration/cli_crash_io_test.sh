#!/usr/bin/env bash
# Crash points instead of timers: `lap` killed (SIGKILL) at its N-th write, sync or send to the
# database (kill_at_io.c, loaded with LD_PRELOAD), in
#   approve   an approval after the deadline (the rights of all participants are redistributed
#             and the advance is recorded);
#   settle    the final settlement (payment statements recorded, applications settled);
#   import    the import of a second delivery; link and measure (runs).
# A first, uninterrupted run counts the points; then each command is killed at LAP_KILLS points
# spread evenly plus the last four (default 3; with LAP_KILLS=50 every point of approve and
# settle, which have fewer), each time on a fresh copy of the database.
# After each kill: the tables are exactly as before the command or exactly as after the
# uninterrupted run, never in between; the audit log's chain holds; `lap loads` reads the
# database; completing the command (again, when it had not committed) gives the uninterrupted
# run's result. On SQLite or PostgreSQL: LAP_TEST_BACKEND (lib_backend.sh).
#   cli_crash_io_test.sh LAP KILL_AT_IO_SO
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
lap="$1"
shim="$2"
kills="${LAP_KILLS:-3}"
work=$(mktemp -d)
trap 'backend_cleanup; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
backend_init "$work"
cd "$work"
[ -r "$shim" ] || fail "no crash shim at $shim"
db=$(new_database lap)

q() { db_sql "$1" "$2"; }
# The LAP's state without the clock: statuses and versions, the events, the payments.
pact_state() {
  q "$1" "SELECT application_id, status, row_version, coalesce(advance_paid_cents, -1)
         FROM pact_application ORDER BY application_id"
  q "$1" "SELECT application_id, coalesce(from_status, ''), to_status FROM pact_application_event
         ORDER BY event_id"
  q "$1" "SELECT unit_id, balance_cents, statement_json FROM pact_payment ORDER BY unit_id"
}
import_state() {  # one query: a psql or sqlite3 call costs more than the counting
  local t sql=""
  for t in data_load person_identifier rmi_identity vdab_identity rmi_entitlement \
    vdab_registration work_span activation_measure podmi_count identifier_change; do
    sql+="${sql:+ UNION ALL }SELECT '$t', count(*) FROM $t"
  done
  q "$1" "$sql ORDER BY 1"
}
link_state() {
  q "$1" "SELECT (SELECT count(*) FROM link_run), count(*), count(DISTINCT resolved_ref),
          count(DISTINCT method) FROM record_link WHERE run_id = (SELECT max(run_id) FROM link_run)"
}
measure_state() {
  q "$1" "SELECT (SELECT count(*) FROM measure_run), count(*), sum(numerator), sum(denominator),
          sum(pending) FROM measure_figure WHERE run_id = (SELECT max(run_id) FROM measure_run)"
}
consistent() {  # consistent URL WHAT
  [ "$(q "$1" "SELECT (SELECT count(*) FROM measure_run r WHERE NOT EXISTS
                 (SELECT 1 FROM measure_figure f WHERE f.run_id = r.run_id)),
               (SELECT count(*) FROM link_run r WHERE NOT EXISTS
                 (SELECT 1 FROM record_link l WHERE l.run_id = r.run_id))")" = "0|0" ] ||
    fail "$2: a measurement run without figures or a link run without links"
  "$lap" audit verify --db "$1" >verify.txt 2>&1 || fail "$2: audit log: $(cat verify.txt)"
  "$lap" loads --db "$1" >loads.txt 2>&1 || fail "$2: lap loads: $(cat loads.txt)"
}

# crash_points NAME BEFORE STATE_FN POINTS COMMAND...: COMMAND (run with LAP_DB set) once on a
# copy of BEFORE to count its crash points, then killed at POINTS of them and the last four
# (every point when there are no more than POINTS), each time on a fresh copy of BEFORE.
crash_points() {
  local name="$1" before="$2" state_fn="$3" points="$4"
  shift 4
  local ref state_before state_after total p w rc state rolled=0 committed=0 finished=0
  ref=$(clone_database "$before" ref)
  state_before=$("$state_fn" "$ref")
  LAP_DB="$ref" LAP_IO_COUNT_FILE="$work/count.txt" LD_PRELOAD="$shim" "$@" >run.txt 2>&1 ||
    fail "$name: the uninterrupted run: $(cat run.txt)"
  total=$(cat "$work/count.txt")
  state_after=$("$state_fn" "$ref")
  [ "$state_after" != "$state_before" ] || fail "$name: the uninterrupted run changed nothing"
  drop_database "$ref"
  local list=()
  if [ "$points" -ge "$total" ]; then
    mapfile -t list < <(seq 1 "$total")
  else
    # POINTS spread evenly, and the last four (around COMMIT, where a kill decides between
    # before and after).
    local i
    for i in $(seq 0 $((points - 1))); do list+=($((1 + i * total / points + RANDOM % (total / points)))); done
    for i in 3 2 1 0; do [ $((total - i)) -ge 1 ] && list+=($((total - i))); done
    mapfile -t list < <(printf '%s\n' "${list[@]}" | sort -n -u)
  fi
  for p in "${list[@]}"; do
    w=$(clone_database "$before" run)
    set +e
    # In the background and waited for: no "Killed" from this shell.
    LAP_DB="$w" LAP_KILL_AT_IO="$p" LD_PRELOAD="$shim" "$@" >run.txt 2>&1 &
    wait $! 2>/dev/null
    rc=$?
    set -e
    state=$("$state_fn" "$w")
    if [ "$rc" -eq 0 ]; then
      finished=$((finished + 1)) # fewer crash points than in the counting run
      [ "$state" = "$state_after" ] || fail "$name point $p: a completed run that differs"
    elif [ "$rc" -ne 137 ]; then
      fail "$name point $p: exit $rc: $(cat run.txt)"
    elif [ "$state" = "$state_before" ]; then
      rolled=$((rolled + 1))
    elif [ "$state" = "$state_after" ]; then
      committed=$((committed + 1))
    else
      fail "$name point $p of $total: half written:
$(diff <(echo "$state_before") <(echo "$state") | head -20)"
    fi
    consistent "$w" "$name point $p"
    if [ "$state" = "$state_before" ]; then
      LAP_DB="$w" "$@" >run.txt 2>&1 || fail "$name point $p: the next run: $(cat run.txt)"
      state=$("$state_fn" "$w")
      [ "$state" = "$state_after" ] || fail "$name point $p: the next run differs:
$(diff <(echo "$state_after") <(echo "$state") | head -20)"
    fi
    drop_database "$w"
  done
  echo "$name: $total crash points, killed at ${#list[@]}: $rolled rolled back, $committed" \
    "committed, $finished completed; consistent and completed each time"
}

# ---- the LAP up to the approval after the deadline, on a database of its own: counts and results
# from imported tables (the writes are those of the engine-backed path, the copies are small)
pact_db=$(new_database pact)
T="--today 2024-09-01"
printf 'nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n44021;2023-12-31;200;50;10
11002;2023-12-31;700;100;20\n11001;2023-12-31;30;0;0\n11004;2023-12-31;40;0;0\n' >counts.csv
printf 'nis;month;confirmed;pending\n44021;2024-12;40;0\n44021;2025-03;50;5\n11002;2025-01;10;0\n' \
  >results.csv
export LAP_DB="$pact_db"
"$lap" pact import-counts --call lap-2024 $T counts.csv >/dev/null
"$lap" pact import-results --call lap-2024 results.csv >/dev/null
"$lap" pact apply $T --call lap-2024 --nis 44021 --plan p --action a --agreement x >/dev/null
"$lap" pact apply $T --call lap-2024 --nis 11002 --engagement 100 --plan p --action a \
  --agreement x >/dev/null
"$lap" pact submit $T 1 >/dev/null
"$lap" pact submit $T 2 >/dev/null
"$lap" pact approve --today 2024-10-15 2 >/dev/null
before_approve=$(clone_database "$pact_db" before_approve)
crash_points approve "$before_approve" pact_state "$kills" \
  "$lap" pact approve --today 2024-11-15 1

# ---- and up to the settlement: the approval done, running, the annual report approved
"$lap" pact approve --today 2024-11-15 1 >/dev/null
"$lap" pact start --today 2024-12-01 1 >/dev/null
"$lap" pact annual-report 1 --approved 2026-02-01 >/dev/null
before_settle=$(clone_database "$pact_db" before_settle)
crash_points settle "$before_settle" pact_state "$kills" \
  "$lap" pact settle --today 2026-03-01 --call lap-2024

# ---- import, link and measure on tiny data (a second delivery of one year): LAP_KILLS of their
# points
"$lap" generate --scale tiny --seed 3 --out d >/dev/null
"$lap" import d --db "$db" >/dev/null
"$lap" generate --scale tiny --seed 4 --from 2024-01 --to 2024-12 --out d2 >/dev/null
crash_points import "$db" import_state "$kills" "$lap" import d2 --no-link
crash_points link "$db" link_state "$kills" "$lap" link
crash_points measure "$db" measure_state "$kills" \
  "$lap" measure --month 2024-01 --through 2024-02
echo PASS
