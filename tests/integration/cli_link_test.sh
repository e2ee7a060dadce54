#!/usr/bin/env bash
# End-to-end checks of `lap link` through the binary on `tiny` data: quality
# against the generator's ground truth (F1 >= 0.99), the report's contract,
# the measurement seeing linked VDAB registrations, the review queue (each item
# a waterfall of its field weights) with a remembered decision, and no INSZ or
# names in the output. On SQLite or PostgreSQL: LAP_TEST_BACKEND (lib_backend.sh).
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
lap="$1"
work=$(mktemp -d)
trap 'backend_cleanup; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
backend_init "$work"
cd "$work"
db=$(new_database lap)

"$lap" link --help | grep -q -- "--ground-truth" || fail "link --help lists --ground-truth"
"$lap" generate --scale tiny --seed 1 --from 2019-01 --to 2025-12 --out d >/dev/null
set +e
"$lap" link --db "$db" >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 4 ] || fail "link without a database exits 4, got $rc"
database_is_empty "$db" || fail "link must not create a database"
"$lap" import d --db "$db" --no-link >/dev/null  # linked below, by lap link

# Measure before linking, then link, then measure again.
"$lap" measure --db "$db" --month 2022-01 --through 2022-12 >/dev/null || fail "measure 1"
"$lap" link --db "$db" --ground-truth d/ground_truth.csv --report r1.json --threads 2 >l1.txt ||
  fail "link"
grep -q "link run 1 stored for data load 1" l1.txt || fail "run 1 stored"
python3 - r1.json <<'PY' || fail "report contract and quality"
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("ocmw", "vdab"):
    assert r["records"][k] > 0, k
for k in ("compared", "linked", "review", "rejected"):
    assert isinstance(r["pairs"][k], int), k
p = r["pairs"]
assert p["linked"] + p["review"] + p["rejected"] == p["compared"]
for k in ("total", "blocking", "scoring"):
    assert r["seconds"][k] >= 0, k
assert r["peak_rss_mb"] > 0
q = r["quality"]
for k in ("precision", "recall", "f1", "false_matches", "missed_matches"):
    assert k in q, k
assert q["f1"] >= 0.99, q["f1"]
assert q["guard_violations"] == 0
assert q["persons_without_truth"] == 0
PY
"$lap" measure --db "$db" --month 2022-01 --through 2022-12 >/dev/null || fail "measure 2"
# The linked reach (leefloners registered at VDAB) grows once VDAB records
# without a valid INSZ are linked to their OCMW person.
reach() {
  db_sql "$db" "SELECT sum(numerator) FROM measure_figure WHERE run_id = $1 AND
                indicator = 'reach' AND variant = 'all'"
}
before=$(reach 1) after=$(reach 2)
[ -n "$before" ] && [ -n "$after" ] && [ "$after" -gt "$before" ] ||
  fail "measurement sees linked registrations ($before -> $after)"
[ "$(db_sql "$db" 'SELECT count(*) FROM record_link')" -gt 0 ] || fail "record links stored"

# No INSZ and no names in what lap link prints or writes.
python3 - d/rmi_entitlements.csv l1.txt r1.json <<'PY' || fail "no personal data in the output"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter=";"))
text = open(sys.argv[2]).read() + open(sys.argv[3]).read()
for r in rows[:2000]:
    assert r["insz"] not in text, "an INSZ"
    if len(r["last_name"]) > 5:
        assert r["last_name"] not in text, "a name"
PY

# The review queue: list, decide one item, and the next run reuses the decision.
"$lap" link --db "$db" --review >q1.txt || fail "review list"
grep -q "review queue of link run 1" q1.txt || fail "review header"
# Each item is a waterfall: from 0, per field its weight, the running total and a bar of one sign
# per bit; then the weight against the run's thresholds and the reason. No INSZ or names.
python3 - q1.txt d/rmi_entitlements.csv <<'PY' || fail "review waterfall"
import csv, re, sys
text = open(sys.argv[1]).read()
items = text.split("\nitem ")[1:]
assert items, "review items on tiny"
for it in items:
    weight = float(re.match(r"\d+  weight ([+-][\d.]+)", it).group(1))
    assert re.search(r"^    start\s+\+0\.00$", it, re.M), it
    total = 0.0
    steps = re.findall(r"^    (\w+)\s+(\w+)\s+([+-][\d.]+)\s+([+-][\d.]+)(?:  ([+-]+))?$", it, re.M)
    assert len(steps) == 7, it
    for field, level, w, run, bar in steps:
        total += float(w)
        assert abs(total - float(run)) < 0.04, (field, total, run)
        assert bar == ("-" if float(w) < 0 else "+") * len(bar), bar
        assert abs(len(bar) - min(24, abs(float(w)))) <= 0.51, (w, bar)
    assert abs(total - weight) < 0.05, (total, weight)
    assert re.search(r"^  weight [+-][\d.]+: .* \(lower [+-][\d.]+, upper [+-][\d.]+, thresholds of the "
                     r"run as weights\)$", it, re.M), it
    assert re.search(r"^  prior [+-][\d.]+ \(log-odds that two random identities are one person", it, re.M), it
    assert re.search(r"^  reason: (between the thresholds|competing|refused by the guard)", it, re.M), it
for r in list(csv.DictReader(open(sys.argv[2], encoding="utf-8"), delimiter=";"))[:2000]:
    assert r["insz"] not in text, "an INSZ"
    if len(r["last_name"]) > 5:
        assert r["last_name"] not in text, "a name"
PY
item=$(grep -m1 -o '^item [0-9]*' q1.txt | cut -d' ' -f2 || true)
if [ -n "$item" ]; then
  set +e
  "$lap" link --db "$db" --decide "$item=match" >/dev/null 2>&1; rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "--decide without --reviewer exits 2, got $rc"
  "$lap" link --db "$db" --decide "$item=match" --reviewer tester >/dev/null ||
    fail "decide"
  "$lap" link --db "$db" --report r2.json >/dev/null || fail "link 2"
  python3 -c "import json; r=json.load(open('r2.json')); \
assert r['links']['decisions_applied'] >= 1 and r['links']['reviewed'] >= 1, r['links']" ||
    fail "the decision is reused"
  "$lap" link --db "$db" --review >q2.txt || fail "review list 2"
  n1=$(grep -c '^item ' q1.txt); n2=$(grep -c '^item ' q2.txt || true)
  [ "$n2" -lt "$n1" ] || fail "the decided pair left the queue ($n1 -> $n2)"
fi
set +e
"$lap" link --db "$db" --decide 999999=match --reviewer tester >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 3 ] || fail "deciding an unknown item exits 3, got $rc"

# lap import links a new load by default: the measurement sees the linked persons at once.
imported=$(new_database imported)
"$lap" import d --db "$imported" >imp.txt
grep -q "link run 1 stored for data load 1" imp.txt || fail "lap import links the new load"
"$lap" import d --db "$imported" | grep -q "nothing changed" || fail "re-import changes nothing"
[ "$(db_sql "$imported" 'SELECT count(*) FROM link_run')" -eq 1 ] ||
  fail "an unchanged delivery is not linked again"

# The next delivery: some VDAB registrations gone, some clients moved (another postcode).
# lap import links only what changed, with the first run's model, and decides as a full
# relink does, but for the weights a full run estimates again.
python3 - d d2 <<'PY'
import csv, shutil, sys
shutil.copytree(sys.argv[1], sys.argv[2])
path = sys.argv[2] + "/vdab_registrations.csv"
with open(path, encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
pc = rows[0].index("postcode")
out = [rows[0]]
for i, r in enumerate(rows[1:]):
    if i % 40 == 7:
        continue  # gone
    if i % 40 == 11:
        r[pc] = rows[1 + (i + 1) % (len(rows) - 1)][pc]  # moved
    out.append(r)
with open(path, "w", encoding="utf-8", newline="") as f:
    csv.writer(f, delimiter=";", lineterminator="\n").writerows(out)
PY
"$lap" import d2 --db "$imported" >imp2.txt || fail "import of the next delivery"
grep -q "link run 2 stored for data load 2" imp2.txt || fail "the next load is linked"
grep -Eq "incremental on link run 1: [0-9,]+ OCMW persons and [1-9][0-9,]* VDAB clients changed" \
  imp2.txt || fail "the next load is linked incrementally: $(grep -m1 -E 'incremental|full' imp2.txt)"
"$lap" link --db "$imported" --ground-truth d/ground_truth.csv --report inc.json >inc.txt
grep -q "not measured by an incremental run" inc.txt || fail "no pair completeness when incremental"
"$lap" link --db "$imported" --full --ground-truth d/ground_truth.csv --report full.json >full.txt
grep -q "^full: asked (--full)" full.txt || fail "--full says so"
python3 - inc.json full.json <<'PY' || fail "incremental against full"
import json, sys
inc, full = (json.load(open(p)) for p in sys.argv[1:3])
assert inc["basis"]["mode"] == "incremental" and inc["basis"]["base_run"] == 2, inc["basis"]
assert full["basis"]["mode"] == "full", full["basis"]
assert inc["quality"]["pair_completeness"] is None
assert inc["pairs"]["compared"] < full["pairs"]["compared"] / 5, (inc["pairs"], full["pairs"])
fi, ff = inc["quality"]["f1"], full["quality"]["f1"]
print(f"cli_link: next load F1 incremental {fi:.5f}, full {ff:.5f};"
      f" pairs {inc['pairs']['compared']} against {full['pairs']['compared']}")
assert abs(fi - ff) < 0.002, (fi, ff)
PY
echo "cli_link: ok"
