#!/usr/bin/env bash
# End-to-end checks of `lap measure` and `lap explain` through the binary:
# runs stored per load, files written, suppression in public files, the audit
# of person-level reads, no INSZ in output. On SQLite or PostgreSQL: LAP_TEST_BACKEND
# (lib_backend.sh).
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
source "$(dirname "$(realpath "$0")")/lib_serve.sh"
lap="$1"
work=$(mktemp -d)
trap 'if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; fi; backend_cleanup; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
backend_init "$work"
cd "$work"
db=$(new_database lap)

"$lap" measure --help | grep -q -- "--view" || fail "measure --help lists --view"
"$lap" explain --help | grep -q -- "--purpose" || fail "explain --help lists --purpose"
"$lap" generate --scale tiny --seed 3 --out d >/dev/null
set +e
"$lap" measure --db "$db" --month 2023-01 >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 4 ] || fail "measure without a database exits 4, got $rc"
database_is_empty "$db" || fail "measure must not create a database"
# Without identity resolution: the figures from the files (which are not linked)
# must equal those from the database; cli_link covers the linked measurement.
"$lap" import d --db "$db" --no-link >/dev/null

"$lap" measure --db "$db" --month 2023-01 --through 2023-12 --out pub.csv >m1.txt ||
  fail "measure"
grep -q "measurement run 1 stored for data load 1" m1.txt || fail "run 1 stored"
head -c 3 pub.csv | od -An -tx1 | grep -q "ef bb bf" || fail "CSV starts with a BOM"
head -1 pub.csv | grep -q "indicator;naam;variant;periode;niveau;code;gebied;teller;lopend;noemer;percentage;afgeschermd;reden" ||
  fail "Dutch headings"
# Hidden cells say why: a count of their own, or protecting one elsewhere.
grep -q ";ja;minder dan 5 personen"$'\r'$ pub.csv || fail "public CSV has small counts hidden"
grep -q ";ja;afgeschermd om een klein aantal elders te beschermen"$'\r'$ pub.csv ||
  fail "public CSV has cells hidden to protect others"
grep -q "protected for k = 5" m1.txt || fail "measure reports the protection"

# The timelines were built once and written as the load's timeline file (beside an SQLite
# database; for PostgreSQL where lib_backend.sh's LAP_TIMELINE_DIR says), private to the owner; the next
# measurement maps the file and gives the same figures; a damaged file is rebuilt.
if is_sqlite; then tdir="$db.timelines"; else tdir="$LAP_TIMELINE_DIR"; fi
grep -q "timelines built in" m1.txt || fail "the first measurement builds the timelines"
tfile=$(ls "$tdir"/load-1-run-0-*.lapt) || fail "a timeline file is written"
[ "$(stat -c %a "$tdir")" = 700 ] && [ "$(stat -c %a "$tfile")" = 600 ] ||
  fail "the timeline directory and file are private"
"$lap" measure --db "$db" --month 2023-01 --through 2023-12 --out pub2.csv --no-store >m2.txt
grep -q "timelines mapped from the load's timeline file" m2.txt || fail "the second maps the file"
cmp -s pub.csv pub2.csv || fail "the same figures from the timeline file"
python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[len(b) // 2] ^= 1; open(sys.argv[1], 'wb').write(b)" "$tfile"
"$lap" measure --db "$db" --month 2023-01 --through 2023-12 --out pub3.csv --no-store >m3.txt
grep -q "timelines built in" m3.txt || fail "a damaged timeline file is rebuilt"
cmp -s pub.csv pub3.csv || fail "the same figures after the rebuild"
LAP_TIMELINE_DIR=off "$lap" measure --db "$db" --month 2023-01 --through 2023-12 --no-store >m4.txt
grep -q "timelines built in" m4.txt || fail "LAP_TIMELINE_DIR=off builds the timelines"
# The run's published tables were written beside the timelines, private too; `lap serve`
# reads them instead of building them. What it serves from the file equals what it serves
# after building them (without a file, LAP_TIMELINE_DIR=off), and a damaged file is
# refused and written again.
pfile="$tdir/run-1.lapp"
grep -q "published tables written to $pfile in" m1.txt || fail "measure writes the published tables"
[ "$(stat -c %a "$pfile")" = 600 ] || fail "the published-run file is private"
echo "een lang wachtwoord" | "$lap" user add --db "$db" --username gent --role local_government \
  --municipality 44021 --password-stdin >/dev/null
# serve_and_get TAG: the answers of a fresh server in dash-TAG.json, flanders-TAG.json.
serve_and_get() {
  "$lap" serve --db "$db" --listen 127.0.0.1:0 --today 2024-01-31 --access-log off 2>serve.err &
  server_pid=$!
  wait_for_port
  local base="http://127.0.0.1:$port/api/v1"
  curl -sS -D login.h -o /dev/null -H 'content-type: application/json' \
    -d '{"username":"gent","password":"een lang wachtwoord"}' "$base/session"
  local cookie
  cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: lap_session=\([^;]*\);.*/\1/p' login.h)
  curl -sS -f -o "dash-$1.json" -H "cookie: lap_session=$cookie" "$base/dashboard/44021" ||
    fail "dashboard ($1)"
  curl -sS -f -o "flanders-$1.json" -H "cookie: lap_session=$cookie" "$base/flanders" ||
    fail "flanders ($1)"
  kill -TERM "$server_pid"
  wait "$server_pid" || true
}
serve_and_get file
LAP_TIMELINE_DIR=off serve_and_get built
cmp -s dash-file.json dash-built.json && cmp -s flanders-file.json flanders-built.json ||
  fail "the same answers from the published-run file as from building the tables"
grep -q '"indicators"' dash-file.json || fail "the dashboard has figures"
python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[len(b) // 2] ^= 1; open(sys.argv[1], 'wb').write(b)" "$pfile"
damaged=$(sha256sum <"$pfile")
serve_and_get damaged
cmp -s dash-file.json dash-damaged.json || fail "the same answers after a damaged file"
[ "$(sha256sum <"$pfile")" != "$damaged" ] || fail "a damaged published-run file is written again"
serve_and_get again
cmp -s dash-file.json dash-again.json || fail "the same answers from the rewritten file"

# No published, unsuppressed OCMW count of 1-4 persons.
python3 - pub.csv <<'PY' || fail "public CSV shows a small count"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))
head = rows[0]
for r in rows[1:]:
    d = dict(zip(head, r))
    if d["afgeschermd"] == "nee":
        for k in ("teller", "lopend", "noemer"):
            if 1 <= int(d[k]) <= 4:
                sys.exit(f"{d}")
PY
# Without --k the run follows the setting an administrator stored (api.md "Administration"); --k
# overrides it.
db_sql "$db" "INSERT INTO app_setting (key, value, updated_at, updated_by) VALUES ('k', '7', 'x', 'test')"
"$lap" measure --db "$db" --month 2023-06 --no-store >k7.txt || fail "measure with k stored"
grep -q "protected for k = 7" k7.txt || fail "the stored k is used: $(grep protected k7.txt)"
"$lap" measure --db "$db" --month 2023-06 --no-store --k 5 >k5.txt || fail "measure --k 5"
grep -q "protected for k = 5" k5.txt || fail "--k overrides the stored setting"
db_sql "$db" "DELETE FROM app_setting"
"$lap" measure --db "$db" --month 2023-06 --out own.json --view ocmw:11002 >/dev/null
python3 -c "import json,sys; j=json.load(open('own.json')); \
sys.exit(0 if any(f['code']=='11002' and not f['suppressed'] for f in j['figures']) else 1)" ||
  fail "the owner's view shows its own figures"
set +e
"$lap" measure --db "$db" --month 2023-06 --view ocmw:99999 >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] || fail "unknown OCMW view exits 3, got $rc"
"$lap" measure --db "$db" --month 2023-06 --out x.txt >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] || fail "unknown --out extension exits 3, got $rc"
set -e
[ "$(db_sql "$db" 'SELECT count(*) FROM measure_run')" -eq 2 ] || fail "runs stored"
[ "$(db_sql "$db" 'SELECT count(*) FROM measure_figure WHERE run_id = 1')" -gt 1000 ] ||
  fail "figures stored"
# The protection is stored with the run, once: the public file shows exactly that pattern.
[ "$(db_sql "$db" 'SELECT k FROM measure_protection WHERE run_id = 1')" = 5 ] ||
  fail "protection stored with the run"
hidden_db=$(db_sql "$db" "SELECT count(*) FROM measure_suppression WHERE run_id = 1")
hidden_csv=$(grep -c ";ja;" pub.csv)
[ "$hidden_db" -eq "$hidden_csv" ] || fail "stored pattern ($hidden_db) = hidden cells ($hidden_csv)"

# The independent audit (GLPK) of a run of one quarter (SQLite only: it reads the run back
# through the same store interface on both databases): the public view and three
# municipalities' own views protect every small count; a file that hides only the small
# counts themselves does not. Not in the sanitizer build, where these LPs take minutes: there
# the audit's code runs in its unit tests (audit_test).
if [ "${LAP_TEST_BACKEND:-sqlite}" = sqlite ] && [ "${LAP_SANITIZED:-0}" != 1 ]; then
"$lap" measure --db "$db" --month 2023-04 --through 2023-06 --out q2.json >/dev/null
"$lap" audit-run --db "$db" --view public --view ocmw:11002 --view ocmw:44021 --view ocmw:71016 \
  --report audit.json >audit.txt || fail "audit-run of the stored protection: $(cat audit.txt)"
grep -q "view ocmw:44021: .* counts of 1 to 4 persons" audit.txt || fail "audit-run reports per view"
python3 - q2.json leaky.json <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
# Show the cells hidden only to protect others: what a table-by-table rule without secondary
# suppression would publish. Their exact numbers come from the internal view.
for f in run["figures"]:
    f["suppressed"] = f["suppressed"] and f["suppression"] == "primary"
json.dump(run, open(sys.argv[2], "w"))
PY
"$lap" measure --db "$db" --month 2023-04 --through 2023-06 --out q2i.json --view internal \
  --no-store >/dev/null
python3 - leaky.json q2i.json <<'PY'
import json, sys
leaky = json.load(open(sys.argv[1]))
exact = {(f["indicator"], f["variant"], f["period"], f["level"], f["code"]): f
         for f in json.load(open(sys.argv[2]))["figures"]}
for f in leaky["figures"]:
    if not f["suppressed"] and f["numerator"] is None:
        e = exact[(f["indicator"], f["variant"], f["period"], f["level"], f["code"])]
        for k in ("numerator", "pending", "denominator"):
            f[k] = e[k]
json.dump(leaky, open(sys.argv[1], "w"))
PY
set +e
"$lap" audit-run --db "$db" --published leaky.json >leaky.txt; rc=$?
set -e
[ "$rc" -eq 6 ] || fail "audit-run finds the leaks of primary-only suppression (exit 6), got $rc"
grep -q "NOT PROTECTED" leaky.txt || fail "audit-run names what is not protected"
fi

# explain: by INSZ (the key file is there) with a purpose; one audit row.
insz=$(sed -n 2p d/rmi_entitlements.csv | cut -d';' -f2)
"$lap" explain --db "$db" --person "$insz" --month 2023-06 --purpose "test" >ex.txt ||
  fail "explain"
grep -q "^month    leefloner" ex.txt || fail "explain prints the timeline"
# The data end is the load's, as the measurement's (not the person's last month at work).
end=$(sed -n 's/.*, data end \([0-9-]*\);.*/\1/p' m1.txt | head -1)
[ -n "$end" ] && grep -q "data end L = $end," ex.txt || fail "explain uses the load's data end $end"
grep -q "reach" ex.txt || fail "explain explains the indicators"
grep -q "$insz" ex.txt && fail "explain must not print the INSZ"
db_sql "$db" 'SELECT action, purpose FROM audit_log' >audit.txt
[ "$(cat audit.txt)" = "lap explain|test" ] || fail "one audit row per explain: $(cat audit.txt)"
# A half year: each indicator once over January-June (docs/indicators.md, "Halfjaren").
"$lap" explain --db "$db" --person "$insz" --month 2023-H1 --purpose "test" >exh.txt ||
  fail "explain a half year"
grep -q "^half year 2023-H1, data end L" exh.txt || fail "explain names the half year"
grep -q "^reach/all 2023-H1 " exh.txt ||
  fail "explain a half year's reach: $(cat exh.txt)"
"$lap" explain --db "$db" --person "$insz" --month 2023-Q1 --purpose t >/dev/null 2>&1 &&
  fail "explain refuses a quarter as --month"
set +e
"$lap" explain --db "$db" --person "$insz" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "explain without --purpose is a usage error, got $rc"
key=$(key_file "$db")
mv "$key" elsewhere.key
"$lap" explain --db "$db" --person "$insz" --purpose t >/dev/null 2>err.txt; rc=$?
[ "$rc" -eq 5 ] || fail "explain by INSZ without the key exits 5, got $rc"
[ ! -e "$key" ] || fail "explain must not create a key"
set -e
mv elsewhere.key "$key"

# From the files, without a database: the same Flemish figures.
"$lap" measure --from-files d --month 2023-06 --out files.json --view internal >/dev/null
"$lap" measure --db "$db" --month 2023-06 --out db.json --view internal --no-store >/dev/null
python3 -c "import json; a = json.load(open('files.json'))['figures']; \
b = json.load(open('db.json'))['figures']; assert a == b and len(a) > 100" ||
  fail "figures from files equal figures from the database"
echo "cli_measure_test: ok"
