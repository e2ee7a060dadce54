#!/usr/bin/env bash
# Identity resolution on data nobody here generated: the public FEBRL3 benchmark
# (data/linkage/; tests/linkage/febrl_delivery.py maps it onto the exchange
# formats), with and without an INSZ on the VDAB side and with and without
# the address, at the default thresholds and blocking rules, through `lap import` and `lap link`. Checks
# F1, precision, blocking pair completeness and that `--threads 1` and
# `--threads 2` store the same links and review queue. SQLite (the linker does
# not depend on the backend; cli_link runs on both).
set -euo pipefail
lap="$1"
root="$(dirname "$(realpath "$0")")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

# variant, minimum F1, minimum pair completeness, converter options
check() {
  local v=$1 min_f1=$2 min_pc=$3
  shift 3
  python3 "$root/tests/linkage/febrl_delivery.py" "$@" "$v" 2>/dev/null
  "$lap" import "$v" --db "$v.sqlite" --no-link >/dev/null || fail "$v: import"
  "$lap" link --db "$v.sqlite" --ground-truth "$v/ground_truth.csv" --report "$v.json" \
    --threads 2 >"$v.txt" || fail "$v: link"
  python3 - "$v.json" "$min_f1" "$min_pc" <<'PY' || fail "$v: quality"
import json, sys
r = json.load(open(sys.argv[1]))
q = r["quality"]
min_f1, min_pc = float(sys.argv[2]), float(sys.argv[3])
print(f'{sys.argv[1]}: F1 {q["f1"]:.4f} precision {q["precision"]:.4f} recall {q["recall"]:.4f}'
      f' pair completeness {q["pair_completeness"]:.4f} missed {q["missed"]}')
assert q["true_pairs"] == 3000, q["true_pairs"]
assert q["f1"] >= min_f1, q["f1"]
assert q["precision"] >= 0.999, q["precision"]
assert q["pair_completeness"] >= min_pc, q["pair_completeness"]
rules = {x["rule"]: x for x in q["blocking_rules"]}
for used in r["blocking"]:
    assert rules[used["rule"]]["used"], used["rule"]
# Per rule: a share of the true pairs, and the pairs it costs.
assert all(0 <= x["pair_completeness"] <= 1 and x["block_pairs"] >= 0 for x in rules.values())
assert q["guard_violations"] == 0
PY
  # The same links and review queue with one thread (a second, full run of the load), and
  # from an incremental run on the first (nothing changed: the pairs that mattered compared
  # again with its model).
  "$lap" link --db "$v.sqlite" --full --threads 1 >/dev/null || fail "$v: link --threads 1"
  "$lap" link --db "$v.sqlite" >"$v.inc.txt" || fail "$v: incremental link"
  grep -q "incremental on link run 2: 0 OCMW persons and 0 VDAB clients changed" "$v.inc.txt" ||
    fail "$v: the third run is incremental"
  python3 - "$v.sqlite" <<'PY' || fail "$v: --threads 1 and 2, or full and incremental, differ"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def run(table, cols, run_id):
    return db.execute(f"select {cols} from {table} where run_id = ? order by 1, 2", (run_id,)).fetchall()
for table, cols in (("record_link", "registration_id, resolved_ref, method, weight"),
                    ("link_review", "ocmw_ref, vdab_client_id, weight, reason, levels_json")):
    a, b, c = run(table, cols, 1), run(table, cols, 2), run(table, cols, 3)
    assert a == b, (table, len(a), len(b))
    assert a == c, (table, "incremental", len(a), len(c))
PY
}

# With the address (street, house number), as both organisations know it; and without.
check insz 0.999 0.999 --address
check noinsz 0.999 0.999 --address --no-insz
check insz_no_address 0.997 0.9975
check noinsz_no_address 0.994 0.995 --no-insz
grep -q "blocking pair completeness" insz.txt || fail "lap link prints the pair completeness"

# An unknown rule is a usage error that names the rules there are.
set +e
"$lap" link --db insz.sqlite --blocking valid_insz,nope 2>err.txt; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "an unknown blocking rule exits 2, got $rc"
grep -q "unknown rule 'nope'; the rules are valid_insz, .*birth_date_initial" err.txt ||
  fail "the error names the rules: $(cat err.txt)"
