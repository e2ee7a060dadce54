#!/usr/bin/env bash
# End-to-end checks of `lap generate` and `lap refdata` through the binary:
# exit codes, determinism, files written, reference data on both sides of 2025.
set -euo pipefail
lap="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$lap" --help >/dev/null || fail "lap --help"
"$lap" generate --help | grep -q -- "--scale" || fail "generate --help lists --scale"

set +e
"$lap" generate --scale huge --out "$work/x" >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown scale must exit 2, got $rc"
set +e
"$lap" generate --scale tiny --from 2025-01 --to 2024-01 --out "$work/x" >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "inverted period must exit 2, got $rc"

"$lap" generate --scale tiny --seed 5 --out "$work/a" >"$work/a.txt"
"$lap" generate --scale tiny --seed 5 --out "$work/b" >/dev/null
grep -q "rmi_clients_2022_09" "$work/a.txt" || fail "calibration report printed"
for f in rmi_entitlements vdab_registrations work_months activation_measures podmi_counts \
         identifier_changes ground_truth; do
  [ -s "$work/a/$f.csv" ] || fail "$f.csv written"
  cmp -s "$work/a/$f.csv" "$work/b/$f.csv" || fail "$f.csv identical for the same seed"
done
python3 -c "import json; json.load(open('$work/a/manifest.json'))" || fail "manifest.json is JSON"

n2024=$("$lap" refdata --on 2024-12-31 2>/dev/null | tail -n +2 | wc -l)
n2025=$("$lap" refdata --on 2025-01-01 2>/dev/null | tail -n +2 | wc -l)
[ "$n2024" -eq 300 ] || fail "300 municipalities on 2024-12-31, got $n2024"
[ "$n2025" -eq 285 ] || fail "285 municipalities on 2025-01-01, got $n2025"
echo "cli_generate_test: ok"
