#!/usr/bin/env bash
# End-to-end checks of `lap measure` and `lap explain` through the binary:
# runs stored per load, files written, suppression in public files, the audit
# of person-level reads, no INSZ in output. On SQLite or PostgreSQL: LAP_TEST_BACKEND
# (lib_backend.sh).
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
lap="$1"
work=$(mktemp -d)
trap 'backend_cleanup; rm -rf "$work"' EXIT
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
head -1 pub.csv | grep -q "indicator;naam;variant;periode;niveau;code;gebied;teller;lopend;noemer" ||
  fail "Dutch headings"
grep -q ";ja"$'\r'$ pub.csv || fail "public CSV has suppressed cells"
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

# explain: by INSZ (the key file is there) with a purpose; one audit row.
insz=$(sed -n 2p d/rmi_entitlements.csv | cut -d';' -f2)
"$lap" explain --db "$db" --person "$insz" --month 2023-06 --purpose "test" >ex.txt ||
  fail "explain"
grep -q "^month    leefloner" ex.txt || fail "explain prints the timeline"
grep -q "reach" ex.txt || fail "explain explains the indicators"
grep -q "$insz" ex.txt && fail "explain must not print the INSZ"
db_sql "$db" 'SELECT action, purpose FROM audit_log' >audit.txt
[ "$(cat audit.txt)" = "lap explain|test" ] || fail "one audit row per explain: $(cat audit.txt)"
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
