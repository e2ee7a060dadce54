#!/usr/bin/env bash
# `lap pact annual-report-document`: the annual report of an approved application stored as a PDF
# from the CLI; refused for a draft, for a file that is not a PDF and for an unknown application.
# On SQLite or PostgreSQL: LAP_TEST_BACKEND (lib_backend.sh).
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

T="--today 2024-09-01"
printf 'nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n44021;2023-12-31;200;50;10\n' \
  >counts.csv
"$lap" pact import-counts $T --call lap-2024 counts.csv >/dev/null || fail "import counts"
"$lap" pact apply $T --call lap-2024 --nis 44021 --plan "Trajecten met VDAB" --action intake \
  --agreement https://example.org/gent >/dev/null || fail "apply"
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%%%EOF\n' >jaarverslag.pdf
printf 'geen pdf\n' >verslag.txt

expect_rc 5 "goedgekeurde of lopende aanvraag" \
  "$lap" pact annual-report-document $T --application 1 --file jaarverslag.pdf
"$lap" pact submit $T 1 >/dev/null
"$lap" pact approve --today 2024-11-15 1 >/dev/null
expect_rc 3 "PDF-bestand" "$lap" pact annual-report-document $T --application 1 --file verslag.txt
expect_rc 3 "no application 9" \
  "$lap" pact annual-report-document $T --application 9 --file jaarverslag.pdf
"$lap" pact annual-report-document $T --application 1 --file jaarverslag.pdf >d1.txt ||
  fail "store the annual report"
sha=$(sha256sum jaarverslag.pdf | cut -d' ' -f1)
grep -q "annual report of application 1: jaarverslag.pdf ($(wc -c <jaarverslag.pdf) bytes, sha256 $sha) stored as document 1" d1.txt ||
  fail "the stored document: $(cat d1.txt)"
"$lap" pact annual-report-document $T --application 1 --file jaarverslag.pdf >d2.txt
grep -q "stored as document 2" d2.txt || fail "a new upload is a new document: $(cat d2.txt)"
echo "cli_pact_document: ok"
