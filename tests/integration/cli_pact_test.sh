#!/usr/bin/env bash
# The Lokaal Activeringspact through the binary, every step from the CLI alone:
# calls and versions, count tables, the werktabel as CSV/XLSX/JSON, applications
# and their status flow (with the version check), redistribution, progress from
# the engine and from VDAB's table, payment statements, settlement, what-if. On SQLite or
# PostgreSQL: LAP_TEST_BACKEND (lib_backend.sh).
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
lap="$1"
work=$(mktemp -d)
trap 'backend_cleanup; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
backend_init "$work"
cd "$work"
LAP_DB=$(new_database lap)
export LAP_DB

"$lap" generate --scale tiny --seed 3 --out d >/dev/null
"$lap" import d >/dev/null

# ---- calls: the presets with their history, a new call, a new version
"$lap" pact calls >calls.txt
grep -q "^lap-2023  Lokaal Activeringspact 2023" calls.txt || fail "preset LAP 2023"
grep -q "v2 from 2023-09-29" calls.txt || fail "LAP 2023 keeps the threshold change as v2"
grep -q "^lap-2024" calls.txt || fail "preset LAP 2024"
# Amounts and percentages for people in the Belgian notation, like the budget beside them.
grep -q "budget € 10.000.000,00  counts on 2022-12-31  threshold 22,5%  € 1.000,00 per outflow" \
  calls.txt || fail "LAP 2023 v1 in the Belgian notation: $(cat calls.txt)"
grep -q "pro_rata_with_floor  advance 50%" calls.txt || fail "the advance: $(cat calls.txt)"
expect_rc 3 "threshold: must be between 0% and 100%" \
  "$lap" pact create-call --id lap-2026 --title "LAP 2026" --budget 5000000 --counts-on 2025-12-31 \
  --threshold 120 --period-start 2026-12-01 --period-end 2027-11-30 --deadline 2026-10-31
grep -q "period_end" err.txt && fail "a valid field is not reported"
"$lap" pact create-call --id lap-2026 --title "LAP 2026" --budget 5000000 --counts-on 2025-12-31 \
  --threshold 20 --period-start 2026-12-01 --period-end 2027-11-30 --deadline 2026-10-31 \
  --today 2026-05-01 >/dev/null || fail "create a call"
expect_rc 3 "exists already" "$lap" pact create-call --id lap-2026 --title x --budget 5000000 \
  --counts-on 2025-12-31 --threshold 20 --period-start 2026-12-01 --period-end 2027-11-30 \
  --deadline 2026-10-31
"$lap" pact add-version --call lap-2026 --valid-from 2026-07-01 --note "threshold 18%" \
  --threshold 18 >v.txt || fail "add a version"
grep -q "v2 from 2026-07-01 — threshold 18%" v.txt || fail "version 2 shown"

# ---- werktabel: M sums to the budget to the cent; the version in force is used
"$lap" pact werktabel --call lap-2023 --on 2023-09-01 --out w1.csv >w1.txt
"$lap" pact werktabel --call lap-2023 --on 2023-10-15 --out w2.csv --json >w2.json
grep -q "lap-2023 v1" w1.txt || fail "werktabel before 29 Sep 2023 uses v1: $(cat w1.txt)"
grep -q "lap-2023 v2" w2.json || fail "werktabel after 29 Sep 2023 uses v2"
head -c 3 w1.csv | od -An -tx1 | grep -q "ef bb bf" || fail "werktabel CSV starts with a BOM"
python3 - w1.csv w2.csv <<'PY' || fail "werktabel CSV"
import csv, sys
from decimal import Decimal
def rows(p):
    r = list(csv.reader(open(p, encoding="utf-8-sig"), delimiter=";"))
    return r[0], r[1:]
h1, r1 = rows(sys.argv[1])
h2, r2 = rows(sys.argv[2])
assert any("Trekkingsrecht" in h for h in h1), h1
m = [i for i, h in enumerate(h1) if "Trekkingsrecht" in h][0]
b = [i for i, h in enumerate(h1) if h.startswith("Basislijn")][0]
total = sum(Decimal(r[m].replace(",", ".")) for r in r1)
assert total == Decimal("10000000.00"), total
assert len(r1) == 300, len(r1)
# The lower threshold of v2 never raises B and lowers it somewhere.
b1 = [int(r[b]) for r in r1]
b2 = [int(r[b]) for r in r2]
assert all(x >= y for x, y in zip(b1, b2)) and sum(b1) > sum(b2), (sum(b1), sum(b2))
PY
"$lap" pact werktabel --call lap-2024 --today 2024-09-01 --out w.xlsx >/dev/null
od -An -c -N2 w.xlsx | grep -q "P   K" || fail "werktabel XLSX is a zip file"

# An imported count table wins over the delivery's.
printf 'nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n44021;2023-12-31;200;50;10\n11002;2023-12-31;700;100;20\n11001;2023-12-31;30;0;0\n11004;2023-12-31;40;0;0\n' >counts.csv
"$lap" pact import-counts --call lap-2024 --today 2024-09-01 counts.csv | grep -q "4 rows imported" ||
  fail "import counts"
"$lap" pact import-counts --call lap-2024 --today 2024-09-01 counts.csv | grep -q "nothing changed" ||
  fail "re-import of the same counts changes nothing"
"$lap" pact werktabel --call lap-2024 --today 2024-09-01 --out w24.csv >w24.txt
grep -q "counts: count table .*counts.csv" w24.txt || fail "the imported table is used: $(cat w24.txt)"
grep -qF "N = 1.120" w24.txt || fail "N from the imported table: $(cat w24.txt)"
printf 'nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n44021;2023-12-31;x;50;10\n' >bad.csv
expect_rc 3 "bad.csv:2:18: \[leefloon\]" "$lap" pact import-counts --call lap-2024 bad.csv

# ---- applications: engagement at most E, deadline, status flow, version check
T="--today 2024-09-01"
expect_rc 3 "engagement: 44021: must be between 0 and its maximum" \
  "$lap" pact apply $T --call lap-2024 --nis 44021 --engagement 999999 --plan p --action a --agreement x
"$lap" pact apply $T --call lap-2024 --nis 44021 --plan "Trajecten met VDAB" --action intake \
  --action jobcoaching --agreement https://example.org/gent >a1.txt || fail "apply Gent"
grep -q "application 1 to lap-2024: 44021 \[draft\]" a1.txt || fail "draft stored"
"$lap" pact apply $T --call lap-2024 --nis 11002 --engagement 100 --plan p --action a \
  --agreement x >/dev/null || fail "apply Antwerpen"
"$lap" pact apply $T --call lap-2024 --consortium rand --name "Rand" --member 11001 \
  --plan p --action a --agreement x >/dev/null 2>&1 &&
  fail "a consortium of one member is refused"
"$lap" pact apply $T --call lap-2024 --consortium regio-zuid --name "Regio Zuid" --member 11001 \
  --member 11004=3 --settlement joint --plan "Samen" --action intake --agreement x >c.txt ||
  fail "a joint consortium inside Regio Antwerpen"
grep -q "members: 11001 \[lead, consented\], 11004 (E 3) \[pending\]" c.txt ||
  fail "consortium members: $(cat c.txt)"
expect_rc 3 "one referentieregio" "$lap" pact apply $T --call lap-2024 --consortium mixed \
  --member 11001 --member 44021 --plan p --action a --agreement x
expect_rc 5 "deadline 2024-10-31 has passed" \
  "$lap" pact apply --today 2024-11-01 --call lap-2024 --nis 11001 --plan p --action a --agreement x
expect_rc 5 "cannot become approved" "$lap" pact approve $T 1
"$lap" pact submit $T 1 >/dev/null
"$lap" pact submit $T 2 >/dev/null
expect_rc 5 "changed by someone else" "$lap" pact approve --today 2024-11-15 --version 1 1
"$lap" pact approve --today 2024-11-15 --version 2 1 >ap.txt || fail "approve"
grep -q "advance paid" ap.txt || fail "approval records the advance"
"$lap" pact refuse --today 2024-11-15 2 --reason "geen samenwerkingsovereenkomst" >/dev/null
"$lap" pact start --today 2024-12-01 1 >/dev/null
expect_rc 5 "nog geen toestemming van 11004" "$lap" pact submit $T 3
"$lap" pact consent $T 3 --nis 11004 >/dev/null || fail "Boechout consents"
"$lap" pact submit $T 3 >/dev/null
"$lap" pact approve --today 2024-11-15 3 >/dev/null
"$lap" pact start --today 2024-12-01 3 >/dev/null
"$lap" pact applications --call lap-2024 >apps.txt
grep -q "44021 \[running\]" apps.txt || fail "Gent running"
grep -q "reason: geen samenwerkingsovereenkomst" apps.txt || fail "refusal reason kept"

# ---- redistribution: WSE's decision after the deadline, never a drift
"$lap" pact participants --today 2024-10-01 --call lap-2024 | grep -q "before the deadline" ||
  fail "no redistribution before the deadline"
"$lap" pact participants --today 2025-01-15 --call lap-2024 >red0.txt
grep -q "no redistribution decided yet" red0.txt || fail "rights wait for WSE: $(cat red0.txt)"
expect_rc 5 "after the application deadline" "$lap" pact redistribute --today 2024-10-31 \
  --call lap-2024
"$lap" pact redistribute --today 2025-01-10 --call lap-2024 --note "besluit WSE" >d1.txt ||
  fail "decide the redistribution"
grep -q "^decision 1 of lap-2024 on 2025-01-10 by .*: 2 applications" d1.txt ||
  fail "decision 1: $(cat d1.txt)"
"$lap" pact participants --today 2025-01-15 --call lap-2024 --out red.json >red.txt
grep -q "redistributed by decision 1 of 2025-01-10" red.txt || fail "decision in force: $(cat red.txt)"
python3 - red.json <<'PY' || fail "redistribution JSON"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["rows"], j
info = {f["key"]: f["value"] for f in j["info"]} if isinstance(j["info"], list) else j["info"]
assert info["rights_basis"] == "decision:1", info
PY
"$lap" pact redistribute --today 2025-02-01 --call lap-2024 >d2.txt || fail "a second decision"
grep -q "^decision 2 of lap-2024 on 2025-02-01 (supersedes decision 1)" d2.txt ||
  fail "decision 2 supersedes 1: $(cat d2.txt)"
"$lap" pact redistributions --call lap-2024 | grep -c "^decision" | grep -qx 2 ||
  fail "both decisions listed"

# ---- progress: from the engine, then from VDAB's table (which wins)
"$lap" pact progress --today 2025-06-01 --call lap-2024 --through 2025-05 --out p.xlsx >p1.txt
grep -q "results: measurement engine" p1.txt || fail "engine results: $(cat p1.txt)"
printf 'nis;month;confirmed;pending\n44021;2024-12;40;0\n44021;2025-03;50;5\n' >r.csv
"$lap" pact import-results --call lap-2024 r.csv | grep -q "2 rows imported" || fail "import results"
"$lap" pact progress --today 2025-06-01 --call lap-2024 --through 2025-05 --out p.csv --json >p2.txt
grep -q "results: VDAB results table" p2.txt || fail "imported results win: $(cat p2.txt)"
grep -Eq "^  44021 +[0-9]+ +[0-9]+ +[0-9]+ +95 " p2.txt || fail "R = 40 + 55: $(cat p2.txt)"
grep -Eq "^  regio-zuid " p2.txt || fail "the joint consortium is one unit: $(cat p2.txt)"
# Beside the pro-rata figures, the subsidy the call's settlement rule grants (issue 17). Gent:
# N = 250 of ΣN = 1,120, so M = €2,232,142.86, E = 2,232, B = 50; R = 95 is 45 extra outflows:
# earned 45 × €1,000 = €45,000, 45 / 2,232 = 2.016129%. Projected (6 months done, 6 to go):
# R = 190, earned €140,000. LAP 2024 settles pro rata, so the subsidy is what was earned.
check_subsidy() {  # FILE RULE SUBSIDY_CENTS SUBSIDY_PCT PROJECTED_SUBSIDY_CENTS
  python3 - "$@" <<'PY' || fail "the subsidy under the rule in $1: $(cat "$1")"
import json, sys
path, rule, cents, pct, projected = sys.argv[1:]
text = open(path).read()
doc = json.loads(text[text.index("\n{") + 1:])
assert doc["info"]["rule"] == rule, doc["info"]
row = [r for r in doc["rows"] if r["unit_id"] == "44021"][-1]
assert (row["month"], row["b"], row["e"], row["r"]) == ("2025-05", 50, 2232, 95), row
assert (row["earned_cents"], row["earned_pct"]) == (4500000, "2.016129"), row
assert (row["subsidy_cents"], row["subsidy_pct"]) == (int(cents), pct), row
assert (row["projected_r"], row["projected_earned_cents"]) == (190, 14000000), row
assert row["projected_subsidy_cents"] == int(projected), row
PY
}
check_subsidy p2.txt pro_rata 4500000 2.016129 14000000
grep -Eq "^  44021 .* 2,0% +2,0% +2,0% +€ 45.000,00 +190 +€ 140.000,00$" p2.txt ||
  fail "the progress text in the Belgian notation: $(cat p2.txt)"

# ---- statements and settlement: the annual report is the gate
"$lap" pact statements --today 2026-01-15 --call lap-2024 --statements st >s1.txt
grep -q "held" s1.txt || fail "held without the annual report: $(cat s1.txt)"
grep -Eq "^  44021 +R +[0-9]+  earned +€ [0-9.]+,[0-9]{2}  advance paid +€ [0-9.]+,[0-9]{2}  balance +-?€ [0-9.]+,[0-9]{2}  held$" \
  s1.txt || fail "statement amounts in the Belgian notation: $(cat s1.txt)"
ls st/betalingsoverzicht_lap-2024_44021.xlsx >/dev/null || fail "statement file per unit"
"$lap" pact settle --today 2026-01-15 --call lap-2024 | grep -q "^0 units settled" ||
  fail "nothing settled without the annual report"
"$lap" pact annual-report 1 --approved 2026-02-01 >/dev/null
"$lap" pact settle --today 2026-03-01 --call lap-2024 --out settled.csv >s2.txt
grep -q "^1 units settled" s2.txt || fail "settled: $(cat s2.txt)"
"$lap" pact settle --today 2026-03-01 --call lap-2024 | grep -q "^0 units settled" ||
  fail "a unit is settled once"
"$lap" pact applications --call lap-2024 | grep -q "44021 \[settled\]" || fail "Gent settled"
# Recomputed from its recorded inputs (version, decision 2, the tables' imports) even after
# new tables: identical.
printf 'nis;month;confirmed;pending\n44021;2024-12;1;0\n' >r2.csv
"$lap" pact import-results --call lap-2024 r2.csv >/dev/null
"$lap" pact verify --today 2026-03-01 --call lap-2024 >v.txt || fail "verify: $(cat v.txt)"
grep -q "^1 settled statements of lap-2024 recomputed from their recorded inputs: 0 differences" \
  v.txt || fail "verify: $(cat v.txt)"
"$lap" pact import-results --call lap-2024 r.csv >/dev/null  # VDAB's table again for what follows

# ---- LAP 2023 settled on the measurement engine: the recorded load and link run
T23="--today 2023-09-01"
"$lap" pact apply $T23 --call lap-2023 --nis 44021 --plan p --action intake --agreement x >/dev/null
"$lap" pact submit $T23 4 >/dev/null
"$lap" pact approve --today 2023-10-15 4 >/dev/null
"$lap" pact start --today 2023-12-01 4 >/dev/null
"$lap" pact redistribute --today 2023-11-15 --call lap-2023 >/dev/null
"$lap" pact annual-report 4 --approved 2025-01-20 >/dev/null
"$lap" pact settle --today 2025-02-01 --call lap-2023 >s23.txt
grep -q "^1 units settled" s23.txt || fail "LAP 2023 settled: $(cat s23.txt)"
"$lap" link >/dev/null  # a new link run: the settled statement keeps the one it used
"$lap" pact verify --today 2025-02-01 --call lap-2023 >v23.txt || fail "verify 2023: $(cat v23.txt)"
grep -q "recomputed from their recorded inputs: 0 differences" v23.txt || fail "$(cat v23.txt)"

# ---- what-if: a lower threshold never costs less
"$lap" pact simulate --today 2026-03-01 --call lap-2024 --participants all --threshold 22.5 >x1.txt
"$lap" pact simulate --today 2026-03-01 --call lap-2024 --participants all --threshold 20 \
  --out sim.xlsx >x2.txt
python3 - x1.txt x2.txt <<'PY' || fail "simulation cost"
import re, sys
def cost(p):
    t = open(p).read()
    return int(re.search(r"projected cost € ([0-9.]+),", t).group(1).replace(".", ""))
assert cost(sys.argv[2]) >= cost(sys.argv[1]), (cost(sys.argv[1]), cost(sys.argv[2]))
PY
grep -q "threshold 22,5%, € 1.000,00 per outflow" x1.txt || fail "simulate: $(cat x1.txt)"

# ---- the same follow-up had LAP 2024 a floor: R > B, so the rule keeps the 50% advance,
# 50% × 2,232 × €1,000 = €1,116,000, now and on the projected R (issue 17)
"$lap" pact add-version --call lap-2024 --valid-from 2026-04-01 --note "floor" \
  --rule pro_rata_with_floor >/dev/null || fail "a version with the floor rule"
"$lap" pact progress --today 2026-04-02 --call lap-2024 --through 2025-05 --json >p4.txt
grep -q "settlement rule: pro_rata_with_floor" p4.txt || fail "the rule is named: $(cat p4.txt)"
check_subsidy p4.txt pro_rata_with_floor 111600000 50 111600000
grep -Eq "^  44021 .* 2,0% +2,0% +50,0% +€ 1.116.000,00 +190 +€ 1.116.000,00$" p4.txt ||
  fail "the subsidy under the floor rule: $(cat p4.txt)"
echo "cli_pact: all checks passed"
