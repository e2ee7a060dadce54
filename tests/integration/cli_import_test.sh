#!/usr/bin/env bash
# End-to-end checks of `lap import`, `lap loads` and `lap summary` through the
# binary: exit codes, idempotence, all-or-nothing, the key file, no INSZ in
# messages. On SQLite or PostgreSQL: LAP_TEST_BACKEND (lib_backend.sh).
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
lap="$1"
work=$(mktemp -d)
trap 'backend_cleanup; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
backend_init "$work"
cd "$work"
db=$(new_database lap)

"$lap" import --help | grep -q "file:line:column" || fail "import --help explains problems"
"$lap" loads --help >/dev/null || fail "loads --help"
"$lap" summary --help | grep -q -- "--load" || fail "summary --help lists --load"

"$lap" generate --scale tiny --seed 3 --out d1 >/dev/null

"$lap" import d1 --db "$db" >out1.txt 2>err1.txt || fail "import of a generated delivery"
grep -q "load 1 recorded" out1.txt || fail "first import records load 1"
# SQLite: the key file beside the database; PostgreSQL: $LAP_PSEUDONYM_KEY_FILE, made by the import.
[ "$(stat -c %a "$(key_file "$db")")" = 600 ] || fail "key file has mode 0600"
# Regression: the database and the delivery files were world-readable (0644).
# The test's own umask is permissive, so only lap can make them private.
umask 022
"$lap" generate --scale tiny --seed 3 --out private >/dev/null
[ "$(stat -c %a private)" = 700 ] || fail "a generated delivery directory has mode 0700"
[ "$(stat -c %a private/rmi_entitlements.csv)" = 600 ] || fail "delivery files have mode 0600"
rm -rf private
if is_sqlite; then
  for f in "$db" "$db-wal" "$db-shm"; do
    [ ! -e "$f" ] || [ "$(stat -c %a "$f")" = 600 ] || fail "$f has mode 0600"
  done
  chmod 644 "$db"
  set +e
  "$lap" summary --db "$db" >/dev/null 2>perm.txt; rc=$?
  set -e
  [ "$rc" -eq 5 ] || fail "a database others may read is refused with exit 5, got $rc"
  grep -q "chmod 600" perm.txt || fail "the refusal says how to fix it"
  chmod 600 "$db"
  key=$(key_file "$db")
  chmod 640 "$key"
  set +e
  "$lap" import d1 --db "$db" >/dev/null 2>perm.txt; rc=$?
  set -e
  [ "$rc" -eq 5 ] || fail "a key file others may read is refused with exit 5, got $rc"
  grep -q "chmod 600 $key" perm.txt || fail "the key refusal names the file"
  chmod 600 "$key"
fi

"$lap" import d1 --db "$db" >out2.txt || fail "re-import exits 0"
grep -q "nothing changed, data is at load 1" out2.txt || fail "re-import changes nothing"

LAP_DB="$db" "$lap" loads >loads.txt || fail "loads (LAP_DB)"
[ "$(grep -c '^load ' loads.txt)" -eq 1 ] || fail "one load listed"
"$lap" summary --db "$db" >summary.txt || fail "summary"
grep -q "leefloners (LL, ELL) on 2022-09-30" summary.txt || fail "summary counts leefloners"
grep -q "period covered" summary.txt || fail "summary shows the period"

# One bad row in the last file: refused, exit 3, nothing written.
cp -r d1 bad
echo "12345678901;76080814407;2023-02-30" >>bad/identifier_changes.csv
set +e
"$lap" import bad --db "$db" >out3.txt 2>err3.txt; rc=$?
set -e
[ "$rc" -eq 3 ] || fail "refused import exits 3, got $rc"
grep -qE "bad/identifier_changes.csv:[0-9]+:[0-9]+: \[change_date\]" err3.txt ||
  fail "problem names file:line:column"
grep -qE "[0-9]{11}" err3.txt out3.txt && fail "messages must not contain an INSZ"
"$lap" loads --db "$db" >loads2.txt
cmp -s loads.txt loads2.txt || fail "refused import left the loads unchanged"

# Regression (fixed in 230acd2): a refused import into a new SQLite database said nothing was
# written but left the empty database and a new key file behind. Now neither is left, an
# existing database and key stay as they were, and a later import creates both owner-readable
# only (umask 022 above).
if is_sqlite; then
  fresh=$(new_database refused)
  cp "$(key_file "$db")" key_before
  set +e
  "$lap" import bad --db "$fresh" >/dev/null 2>err5.txt; rc=$?
  set -e
  [ "$rc" -eq 3 ] || fail "refused import into a new database exits 3, got $rc"
  grep -q "nothing was written" err5.txt || fail "the refusal says nothing was written"
  for f in "$fresh" "$fresh-wal" "$fresh-shm" "$fresh-journal" "$(key_file "$fresh")"; do
    [ ! -e "$f" ] || fail "a refused import into a new database left $f behind"
  done
  cmp -s key_before "$(key_file "$db")" || fail "a refused import changed an existing key"
  "$lap" import d1 --db "$fresh" --no-link >/dev/null || fail "import into the same path later"
  [ "$(stat -c %a "$fresh")" = 600 ] || fail "the new database has mode 0600"
  [ "$(stat -c %a "$(key_file "$fresh")")" = 600 ] || fail "the new key file has mode 0600"
  rm -f key_before
fi

# A changed row gives load 2; load 1 stays readable.
cp -r d1 d2
sed -i '2d' d2/work_months.csv
"$lap" import d2 --db "$db" >out4.txt || fail "second delivery"
grep -q "load 2 recorded" out4.txt || fail "second delivery records load 2"
"$lap" summary --db "$db" --load 1 | grep -q "data load 1 of 2" || fail "summary --load 1"

set +e
"$lap" summary --db "$db" --load 9 >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] || fail "unknown load exits 3, got $rc"
# SQLite: a file that does not exist; PostgreSQL: a database without lap's tables.
missing=$(new_database missing)
"$lap" loads --db "$missing" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 4 ] || fail "missing database exits 4, got $rc"
database_is_empty "$missing" || fail "loads must not create a database"
"$lap" summary --db "$missing" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 4 ] || fail "summary on a missing database exits 4, got $rc"
database_is_empty "$missing" || fail "summary must not create a database"
if is_postgresql; then
  # A database that is not there at all cannot be opened either.
  "$lap" loads --db "${missing%/*}/no_such_database_$$" >/dev/null 2>&1; rc=$?
  [ "$rc" -eq 4 ] || fail "a database that does not exist exits 4, got $rc"
fi
"$lap" import d1 --db "$db" --max-errors 0 >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "--max-errors 0 is a usage error, got $rc"
set -e

# Another key, or a database from a newer lap, is refused with exit 5.
cp -r d1 d3
sed -i '3d' d3/work_months.csv
set +e
env -u LAP_PSEUDONYM_KEY_FILE "LAP_PSEUDONYM_KEY=$(printf 'ab%.0s' {1..32})" \
  "$lap" import d3 --db "$db" >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 5 ] || fail "another pseudonym key exits 5, got $rc"
db_sql "$db" "INSERT INTO schema_migrations (version, name, applied_at) \
VALUES (999, 'future', '2030-01-01T00:00:00Z')"
set +e
"$lap" import d3 --db "$db" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 5 ] || fail "newer database exits 5 on import, got $rc"
"$lap" summary --db "$db" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 5 ] || fail "newer database exits 5 on summary, got $rc"
set -e

# An import killed (SIGKILL) part-way leaves the previous load intact, and the
# next import succeeds. Kills at several moments; at least one must land
# while the import runs.
kdb=$(new_database kill)
"$lap" import d1 --db "$kdb" >/dev/null || fail "import before the kill test"
"$lap" generate --scale tiny --seed 4 --out d4 >/dev/null
"$lap" loads --db "$kdb" >kill_before.txt
killed=0
for delay in 0.2 0.5 0.9 1.4; do
  "$lap" import d4 --db "$kdb" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -KILL "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    "$lap" loads --db "$kdb" >kill_after.txt || fail "loads after a kill at ${delay}s"
    if cmp -s kill_before.txt kill_after.txt; then
      killed=$((killed + 1))
    else
      # The import had committed just before the kill: it must be complete.
      [ "$(grep -c '^load ' kill_after.txt)" -eq 2 ] || fail "a kill at ${delay}s left a partial load"
      break
    fi
  else
    wait "$pid" || fail "import ended with an error before the kill at ${delay}s"
    break
  fi
done
[ "$killed" -ge 1 ] || fail "no kill landed during an import"
if is_sqlite; then
  [ "$(db_sql "$kdb" 'PRAGMA integrity_check')" = ok ] || fail "integrity check after kills"
fi
"$lap" import d4 --db "$kdb" >kill_import.txt || fail "import after kills"
grep -qE "load 2 recorded|nothing changed, data is at load 2" kill_import.txt ||
  fail "the import after kills gives load 2"
"$lap" import d4 --db "$kdb" | grep -q "nothing changed, data is at load 2" ||
  fail "and is then complete"
echo "cli_import_test: ok ($killed kills landed during an import)"
