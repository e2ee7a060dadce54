#!/usr/bin/env bash
# `lap import` killed with SIGKILL while it is demonstrably in the middle of writing a second
# delivery leaves the first load exactly as it was: `lap loads` and `lap summary` print the same,
# every table holds the same number of rows and no row belongs to load 2. The same import then
# runs to completion as load 2. On SQLite or PostgreSQL: LAP_TEST_BACKEND (lib_backend.sh).
#
# "In the middle of writing", seen from outside the process and before the kill:
#   SQLite      the import holds the WAL write lock (a POSIX lock on byte 120 of <db>-shm, in
#               /proc/locks) while <db>-wal is still empty: the write transaction is open and its
#               commit has not begun (the import's page cache keeps every page in memory until
#               the commit, so the WAL does not grow before it).
#   PostgreSQL  pg_stat_activity shows another session of the test's database running a COPY,
#               INSERT, UPDATE or DELETE in a transaction that has written (backend_xid set).
# Both twice, 0.3 s apart. The import must then still be running: its wait status has to be
# SIGKILL's (137), and a kill that came after the commit fails the checks on the first load.
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
lap="$1"
work=$(mktemp -d)
import_pid=""
cleanup() {
  if [ -n "$import_pid" ]; then kill -KILL "$import_pid" 2>/dev/null || true; fi
  backend_cleanup
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
backend_init "$work"
cd "$work"
db=$(new_database kill)

# Load 1: tiny data over the default period (about 100,000 rows). The second delivery has another
# seed and a longer period: nearly every row is new (about 300,000) and every old one is retired,
# so its import writes for seconds.
"$lap" generate --scale tiny --seed 21 --out d1 >/dev/null
"$lap" generate --scale tiny --seed 22 --from 2010-01 --to 2030-12 --out d2 >/dev/null
"$lap" import d1 --db "$db" --no-link >import1.txt || fail "import of the first delivery"
grep -q "load 1 recorded" import1.txt || fail "the first delivery records load 1"

tables="data_load setting person_identifier rmi_identity vdab_identity rmi_entitlement
        vdab_registration work_span activation_measure podmi_count identifier_change"
fact_tables="person_identifier rmi_entitlement vdab_registration work_span activation_measure
             podmi_count identifier_change"
# The tables of the database and their row counts.
table_counts() {
  if is_postgresql; then
    db_sql "$db" "SELECT schemaname || '.' || tablename FROM pg_catalog.pg_tables WHERE
                  schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
  else
    db_sql "$db" "SELECT name FROM sqlite_schema ORDER BY name"
  fi
  local t
  for t in $tables; do echo "$t $(db_sql "$db" "SELECT count(*) FROM $t")"; done
}
# Rows that belong to load 2 (added or retired by it).
load2_rows() {
  local t sql="SELECT (SELECT count(*) FROM data_load WHERE load_id = 2)"
  for t in $fact_tables; do
    if [ "$t" = person_identifier ]; then
      sql="$sql + (SELECT count(*) FROM $t WHERE first_load = 2)"
    else
      sql="$sql + (SELECT count(*) FROM $t WHERE first_load = 2 OR retired_load = 2)"
    fi
  done
  db_sql "$db" "$sql"
}
"$lap" loads --db "$db" >loads_before.txt || fail "loads"
"$lap" summary --db "$db" >summary_before.txt || fail "summary"
table_counts >tables_before.txt
[ "$(load2_rows)" -eq 0 ] || fail "no row of load 2 before the second import"

# Is the import ($import_pid) writing, its transaction open and not committing yet?
if is_postgresql; then
  # The other client sessions of the test's database: the import's.
  others="FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND backend_type = 'client backend'"
  writing() {
    [ "$(db_sql "$db" "SELECT count(*) $others AND state = 'active' AND backend_xid IS NOT NULL
      AND query ~* '^\s*(COPY|INSERT|UPDATE|DELETE)\M'")" -gt 0 ]
  }
else
  writing() {
    [ -e "$db-shm" ] || return 1
    local inode wal
    inode=$(stat -c %i "$db-shm") || return 1
    wal=$(stat -c %s "$db-wal" 2>/dev/null || echo 0)
    [ "$wal" -eq 0 ] || return 1
    # /proc/locks: "N: POSIX ADVISORY WRITE PID MAJ:MIN:INODE START END"
    awk -v pid="$import_pid" -v inode="$inode" \
      '$2 == "POSIX" && $4 == "WRITE" && $5 == pid && $6 ~ (":" inode "$") && $7 == 120 \
       { found = 1 } END { exit !found }' /proc/locks
  }
fi

"$lap" import d2 --db "$db" --no-link >import2.txt 2>&1 &
import_pid=$!
SECONDS=0
seen=0
while [ "$seen" -lt 2 ]; do
  kill -0 "$import_pid" 2>/dev/null ||
    fail "the import ended before it was seen writing: $(cat import2.txt)"
  if writing; then
    seen=$((seen + 1))
    if [ "$seen" -lt 2 ]; then sleep 0.3; fi
  else
    seen=0
    sleep 0.05
  fi
  [ "$SECONDS" -lt 120 ] || fail "the import was not seen writing within 120 s"
done
kill -KILL "$import_pid"
set +e
wait "$import_pid" 2>/dev/null
rc=$?
set -e
import_pid=""
[ "$rc" -eq 137 ] || fail "the import was still running when killed (wait status $rc, not 137)"
echo "killed the import about $SECONDS s after its start"

if is_postgresql; then
  # The server notices the lost client and rolls back: wait until the session is gone.
  for _ in $(seq 1 600); do
    [ "$(db_sql "$db" "SELECT count(*) $others")" -eq 0 ] && break
    sleep 0.1
  done
  [ "$(db_sql "$db" "SELECT count(*) $others")" -eq 0 ] ||
    fail "the killed import's session did not end"
else
  [ "$(db_sql "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity check after the kill"
fi

# The first load as it was.
"$lap" loads --db "$db" >loads_after.txt || fail "loads after the kill"
cmp -s loads_before.txt loads_after.txt ||
  fail "lap loads changed by the killed import: $(diff loads_before.txt loads_after.txt)"
"$lap" summary --db "$db" >summary_after.txt || fail "summary after the kill"
cmp -s summary_before.txt summary_after.txt ||
  fail "lap summary changed by the killed import: $(diff summary_before.txt summary_after.txt)"
table_counts >tables_after.txt
cmp -s tables_before.txt tables_after.txt ||
  fail "the tables changed by the killed import: $(diff tables_before.txt tables_after.txt)"
[ "$(load2_rows)" -eq 0 ] || fail "rows of load 2 after the killed import"

# The same import, to its end.
"$lap" import d2 --db "$db" --no-link >import3.txt || fail "the import after the kill"
grep -q "load 2 recorded" import3.txt || fail "the import after the kill records load 2"
[ "$("$lap" loads --db "$db" | grep -c '^load ')" -eq 2 ] || fail "two loads listed"
"$lap" summary --db "$db" | grep -q "data load 2 of 2" || fail "summary at load 2"
"$lap" summary --db "$db" --load 1 | sed 1d >summary_load1.txt
sed 1d summary_before.txt | cmp -s - summary_load1.txt || fail "load 1 reads as before"
[ "$(load2_rows)" -gt 0 ] || fail "load 2 has its rows"
echo "cli_import_kill: ok"
