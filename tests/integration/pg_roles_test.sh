#!/usr/bin/env bash
# The PostgreSQL roles of scripts/pg-roles: the owner migrates and imports; the server role runs
# `lap serve` but cannot alter, disable or empty the audit log's protection; the read-only role
# runs the read commands and sees no password hashes; tables made by a later migration get the
# same grants (default privileges). In the pg_server fixture's PostgreSQL.
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_serve.sh"
lap="$1"
export LAP_TEST_BACKEND=postgresql
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
roles_script="$(dirname "$(realpath "$0")")/../../scripts/pg-roles"
work=$(mktemp -d)
server_pid=""
suffix="$$_$RANDOM"
owner="lap_owner_$suffix" server="lap_server_$suffix" reader="lap_reader_$suffix"
cleanup() {
  if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  backend_cleanup
  if [ -n "${_backend_pg_port:-}" ]; then
    for role in "$owner" "$server" "$reader"; do
      _backend_pg psql -X -q -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/serve.err" ] && tail -20 "$work/serve.err" | sed 's/^/  serve: /' >&2
  exit 1
}
backend_init "$work"
cd "$work"
url=$(new_database lap)
dbname="${url##*/}"
as() { echo "${url/:\/\/*@/://$1@}"; } # the URL with another user
# shellcheck disable=SC2154 # set by backend_init
PGHOST="$_backend_pg_host" PGPORT="$_backend_pg_port" PGUSER="$_backend_pg_user" \
  "$roles_script" "$dbname" "$owner" "$server" "$reader" >/dev/null || fail "scripts/pg-roles"
# sql ROLE QUERY: runs QUERY as ROLE; prints its output, fails when psql fails.
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$(as "$1")" -c "$2" 2>&1; }

# The owner builds the database.
"$lap" generate --scale tiny --seed 4 --out d >/dev/null
"$lap" import --db "$(as "$owner")" d >/dev/null || fail "the owner imports"
"$lap" measure --db "$(as "$owner")" --month 2024-01 --through 2024-03 >/dev/null ||
  fail "the owner measures"
echo "een lang wachtwoord" | "$lap" user add --db "$(as "$owner")" --username ocmw \
  --role ocmw_counsellor --municipality 11002 --password-stdin >/dev/null
[ "$(sql "$owner" "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'")" = "$owner" ] ||
  fail "the owner owns the tables"
# Once more after the migrations (docs/operations.md): the append-only tables lose the rights to
# change rows that default privileges gave them.
PGHOST="$_backend_pg_host" PGPORT="$_backend_pg_port" PGUSER="$_backend_pg_user" \
  "$roles_script" "$dbname" "$owner" "$server" "$reader" >/dev/null || fail "scripts/pg-roles again"

# The server role serves, reads persons (audited) and signs in.
"$lap" serve --db "$(as "$server")" --listen 127.0.0.1:0 --access-log off 2>serve.err &
server_pid=$!
wait_for_port
base="http://127.0.0.1:$port/api/v1"
curl -sS -D login.h -o login.json -H 'content-type: application/json' \
  -d '{"username":"ocmw","password":"een lang wachtwoord"}' "$base/session"
grep -q '^HTTP/1.1 200' login.h || fail "sign-in through the server role: $(cat login.json)"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: lap_session=\([^;]*\);.*/\1/p' login.h)
code=$(curl -sS -o persons.json -w '%{http_code}' -H "cookie: lap_session=$cookie" \
  "$base/persons?nis=11002&indicator=reach&variant=all&period=2024-03&purpose=controle+van+de+rollen")
[ "$code" = 200 ] || fail "a person list through the server role: $code $(cat persons.json)"
[ "$(sql "$owner" "SELECT count(*) > 0 FROM audit_log")" = t ] || fail "the reads are audited"
kill -TERM "$server_pid"
wait "$server_pid" || fail "lap serve stops"
server_pid=""

# ... but cannot touch the audit log's protection or history.
for attempt in "ALTER TABLE audit_log DISABLE TRIGGER ALL" \
  "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change" \
  "DROP TRIGGER audit_log_no_change ON audit_log" \
  "DELETE FROM audit_log" "UPDATE audit_log SET purpose = 'x'" "TRUNCATE audit_log" \
  "DELETE FROM pact_application_event" "DROP TABLE audit_log" \
  "INSERT INTO schema_migrations VALUES (99, 'x', 'x')" "CREATE TABLE sneaky (x int)"; do
  out=$(sql "$server" "$attempt") && fail "the server role may: $attempt"
  echo "$out" | grep -q "permission denied\|must be owner" || fail "$attempt: $out"
done
"$lap" audit verify --db "$(as "$reader")" >verify.txt || fail "the audit log verifies: $(cat verify.txt)"

# The read-only role runs the read commands, and nothing else.
"$lap" summary --db "$(as "$reader")" >summary.txt 2>&1 || fail "summary as reader: $(cat summary.txt)"
"$lap" loads --db "$(as "$reader")" >loads.txt 2>&1 || fail "loads as reader: $(cat loads.txt)"
out=$(sql "$reader" "SELECT password_hash FROM app_user") && fail "the reader reads password hashes"
echo "$out" | grep -q "permission denied" || fail "app_user: $out"
out=$(sql "$reader" "DELETE FROM rmi_identity") && fail "the reader deletes"
"$lap" generate --scale tiny --seed 5 --out d2 >/dev/null
set +e
"$lap" import --db "$(as "$reader")" d2 >import.txt 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] && grep -q "permission denied" import.txt ||
  fail "the reader cannot import: $(cat import.txt)"

# A table of a later migration gets the same grants.
sql "$owner" "CREATE TABLE later_table (x int)" >/dev/null
sql "$server" "INSERT INTO later_table VALUES (1)" >/dev/null || fail "default privileges: server"
[ "$(sql "$reader" "SELECT count(*) FROM later_table")" = 1 ] || fail "default privileges: reader"
echo "PASS"
