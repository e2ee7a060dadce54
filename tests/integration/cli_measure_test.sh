#!/usr/bin/env bash
# End-to-end checks of `lap measure` and `lap explain` through the binary:
# runs stored per load, files written, suppression in public files, the audit
# of person-level reads, no INSZ in output.
set -euo pipefail
lap="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
unset LAP_PSEUDONYM_KEY LAP_DB
cd "$work"

"$lap" measure --help | grep -q -- "--view" || fail "measure --help lists --view"
"$lap" explain --help | grep -q -- "--purpose" || fail "explain --help lists --purpose"
"$lap" generate --scale tiny --seed 3 --out d >/dev/null
set +e
"$lap" measure --db lap.sqlite --month 2023-01 >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 4 ] || fail "measure without a database exits 4, got $rc"
# Without identity resolution: the figures from the files (which are not linked)
# must equal those from the database; cli_link covers the linked measurement.
"$lap" import d --db lap.sqlite --no-link >/dev/null

"$lap" measure --db lap.sqlite --month 2023-01 --through 2023-12 --out pub.csv >m1.txt ||
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
"$lap" measure --db lap.sqlite --month 2023-06 --out own.json --view ocmw:11002 >/dev/null
python3 -c "import json,sys; j=json.load(open('own.json')); \
sys.exit(0 if any(f['code']=='11002' and not f['suppressed'] for f in j['figures']) else 1)" ||
  fail "the owner's view shows its own figures"
set +e
"$lap" measure --db lap.sqlite --month 2023-06 --view ocmw:99999 >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] || fail "unknown OCMW view exits 3, got $rc"
"$lap" measure --db lap.sqlite --month 2023-06 --out x.txt >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] || fail "unknown --out extension exits 3, got $rc"
set -e
python3 -c "import sqlite3; c = sqlite3.connect('lap.sqlite'); \
assert c.execute('SELECT count(*) FROM measure_run').fetchone()[0] == 2; \
assert c.execute('SELECT count(*) FROM measure_figure WHERE run_id = 1').fetchone()[0] > 1000" ||
  fail "runs and figures stored"

# explain: by INSZ (the key file is there) with a purpose; one audit row.
insz=$(sed -n 2p d/rmi_entitlements.csv | cut -d';' -f2)
"$lap" explain --db lap.sqlite --person "$insz" --month 2023-06 --purpose "test" >ex.txt ||
  fail "explain"
grep -q "^month    leefloner" ex.txt || fail "explain prints the timeline"
grep -q "reach" ex.txt || fail "explain explains the indicators"
grep -q "$insz" ex.txt && fail "explain must not print the INSZ"
python3 -c "import sqlite3; c = sqlite3.connect('lap.sqlite'); \
r = c.execute('SELECT actor, action, purpose FROM audit_log').fetchall(); \
assert len(r) == 1 and r[0][1] == 'lap explain' and r[0][2] == 'test', r" ||
  fail "one audit row per explain"
set +e
"$lap" explain --db lap.sqlite --person "$insz" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "explain without --purpose is a usage error, got $rc"
mv lap.sqlite.key elsewhere.key
"$lap" explain --db lap.sqlite --person "$insz" --purpose t >/dev/null 2>err.txt; rc=$?
[ "$rc" -eq 5 ] || fail "explain by INSZ without the key exits 5, got $rc"
[ ! -e lap.sqlite.key ] || fail "explain must not create a key"
set -e
mv elsewhere.key lap.sqlite.key

# From the files, without a database: the same Flemish figures.
"$lap" measure --from-files d --month 2023-06 --out files.json --view internal >/dev/null
"$lap" measure --db lap.sqlite --month 2023-06 --out db.json --view internal --no-store >/dev/null
python3 -c "import json; a = json.load(open('files.json'))['figures']; \
b = json.load(open('db.json'))['figures']; assert a == b and len(a) > 100" ||
  fail "figures from files equal figures from the database"
echo "cli_measure_test: ok"
