#!/usr/bin/env bash
# `lap report semester` end to end (docs/report.md), against readers we did not write: the XLSX
# opened by LibreOffice (every sheet converted to CSV), the PDF printed by Chromium read back by
# poppler (page count, text, and the charts' bars rendered as pixels). The report's numbers equal
# the public figures `lap measure --out` writes for the same run; its context figures (part 1)
# equal the imported kerncijfers.csv added up here from the reference data's municipalities and
# mergers. `lap context import` refuses a bad file whole and changes nothing the second time.
set -euo pipefail
lap="$1"
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
export LAP_PSEUDONYM_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
soffice=${LAP_SOFFICE:-soffice}
command -v "$soffice" >/dev/null || fail "LibreOffice (soffice) is missing: scripts/install-deps"
command -v pdftoppm >/dev/null || fail "poppler-utils (pdftoppm) is missing: scripts/install-deps"

"$lap" generate --scale tiny --seed 3 --out d >/dev/null
"$lap" import --db r.sqlite d >/dev/null
# k = 3: the tiny data set has few persons per centrumstad; more cells are shown to compare.
"$lap" measure --db r.sqlite --month 2024-07 --through 2025-06 --k 3 --out pub.csv >/dev/null

# The context figures: a file with one bad row stores nothing; a good one is stored once.
"$lap" context generate --db r.sqlite --from-year 2022 --to-year 2025 --out kc.csv >/dev/null
awk 'NR == 40 { sub(/;[^;]*$/, ";") } { print }' kc.csv >bad.csv
cmp -s kc.csv bad.csv && fail "bad.csv has no broken row"
set +e
"$lap" context import --db r.sqlite bad.csv 2>err.txt; rc=$?
set -e
[ "$rc" -eq 3 ] || fail "a bad kerncijfers file exits 3 ($rc)"
grep -q "^bad.csv:40:[0-9]*: \[source\] a value is required" err.txt || fail "$(cat err.txt)"
[ "$("$lap" context list --db r.sqlite | wc -l)" -eq 1 ] || fail "a refused file stored rows"
"$lap" context import --db r.sqlite kc.csv >out.txt
grep -q "rows imported" out.txt || fail "import: $(cat out.txt)"
"$lap" context import --db r.sqlite kc.csv >out.txt
grep -q "nothing changed" out.txt || fail "the same file again: $(cat out.txt)"
[ "$("$lap" context list --db r.sqlite | wc -l)" -eq 21 ] || fail "5 figures x 4 periods"

# Refusals: not a half year, a half year the run does not have, an unknown regiegebied, a format.
set +e
"$lap" report semester --db r.sqlite --half-year 2025-Q1 --out x.html 2>err.txt; rc=$?
[ "$rc" -ne 0 ] && grep -q "YYYY-H1" err.txt || fail "a quarter is refused ($rc): $(cat err.txt)"
"$lap" report semester --db r.sqlite --half-year 2023-H1 --out x.html 2>err.txt; rc=$?
[ "$rc" -ne 0 ] && grep -q "geen cijfers van het 1e halfjaar 2023" err.txt ||
  fail "a half year outside the run is refused ($rc): $(cat err.txt)"
"$lap" report semester --db r.sqlite --half-year 2025-H1 --regiegebied Nergensland --out x.html \
  2>err.txt; rc=$?
[ "$rc" -ne 0 ] && grep -q "Nergensland" err.txt || fail "an unknown regiegebied ($rc)"
"$lap" report semester --db r.sqlite --half-year 2025-H1 --out x.doc 2>err.txt; rc=$?
[ "$rc" -ne 0 ] || fail "an unknown format"
set -e
[ ! -e x.html ] && [ ! -e x.doc ] || fail "a refused report writes nothing"

region=$(awk -F';' 'NR > 1 && $5 == "regiegebied" { print $6; exit }' pub.csv)
for ext in html xlsx pdf; do
  "$lap" report semester --db r.sqlite --half-year 2025-H1 --regiegebied "$region" \
    --today 2025-09-01 --out "report.$ext" >out.txt || fail "report.$ext: $(cat out.txt)"
  grep -q "semestrial report of the 2025-H1 (against the 2024-H2)" out.txt || fail "summary line"
done

# The municipal fact sheet of Gent: a municipality that merged with none; 11007 (Borsbeek) no
# longer exists in 2025 and is refused.
for ext in html xlsx pdf; do
  "$lap" report factsheet --db r.sqlite --half-year 2025-H1 --municipality 44021 \
    --today 2025-09-01 --out "fiche.$ext" >out.txt || fail "fiche.$ext: $(cat out.txt)"
  grep -q "fact sheet of Gent (44021) for the 2025-H1" out.txt || fail "fact sheet summary line"
done
set +e
"$lap" report factsheet --db r.sqlite --half-year 2025-H1 --municipality 11007 --out x.pdf \
  2>err.txt; rc=$?
set -e
[ "$rc" -ne 0 ] && [ ! -e x.pdf ] && grep -q "geen gemeente 11007" err.txt ||
  fail "a municipality of before 2025 is refused ($rc): $(cat err.txt)"

# The XLSX files through LibreOffice: every sheet as CSV (`;`, UTF-8).
"$soffice" --headless --norestore -env:UserInstallation=file://"$work"/lo \
  --convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir csv report.xlsx fiche.xlsx >lo.txt 2>&1 || fail "LibreOffice: $(cat lo.txt)"
ls csv/report-Samenvatting.csv csv/report-1.\ Bereik.csv >/dev/null || fail "sheets: $(ls csv)"

python3 - "$region" "$repo" <<'PY' || fail "the report's numbers"
import csv, glob, re, subprocess, sys
region, repo = sys.argv[1], sys.argv[2]
pub = {}
with open("pub.csv", encoding="utf-8-sig") as f:
    for r in csv.DictReader(f, delimiter=";"):
        pub[(r["indicator"], r["variant"], r["periode"], r["niveau"], r["code"])] = r
level = {"OCMW": "OCMW", "regiegebied": "regiegebied", "centrumsteden": "centrumsteden",
         "provincie": "provincie", "Vlaams Gewest": "Vlaams Gewest"}
sheets = {"1. Bereik": ("reach", "all"), "5. Uitstroom categorie 05": ("cat05_outflow", "all"),
          "6. TWE-OCMW werk na 3 mnd": ("twe_exit", "work_end3")}
checked = shown = hidden = 0
for name, (ind, var) in sheets.items():
    with open(f"csv/report-{name}.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    head = rows[0]
    assert head[:4] == ["Gebied", "Niveau", "Code", "Teller 1e halfjaar 2025"], head
    body = rows[1:]
    assert sum(1 for r in body if r[1] == "OCMW") == 13, [r[0] for r in body]
    assert any(r[1] == "regiegebied" and r[2] == region for r in body), region
    for r in body:
        if r[1] == "OCMW" and "(in het" in r[0]:
            continue  # a municipality of a 2025 merger: its 2024 figure is a sum (below)
        p = pub.get((ind, var, "2025-H1", level[r[1]], r[2]))
        checked += 1
        if p is None:
            assert r[3] == "" and r[5] == "", r
        elif p["afgeschermd"] == "ja":
            hidden += 1
            assert r[3] == "" and r[5] == "" and r[10].startswith("ja"), (r, p)
        else:
            shown += 1
            assert (r[3], r[5]) == (p["teller"], p["noemer"]), (name, r, p)
            assert r[4] == p["lopend"], (r, p)
        q = pub.get((ind, var, "2024-H2", level[r[1]], r[2]))
        if q is not None and q["afgeschermd"] == "nee":
            assert (r[7], r[8]) == (q["teller"], q["noemer"]), (name, r, q)
assert shown >= 5 and hidden >= 5, (checked, shown, hidden)
# A merged municipality's 2024 figure is the sum of the municipalities it was formed from.
with open("csv/report-1. Bereik.csv", encoding="utf-8") as f:
    merged = [r for r in csv.reader(f, delimiter=";") if "(in het 2e halfjaar 2024:" in r[0]]
assert merged, "Antwerpen and Hasselt were formed by mergers in 2025"
names = {}
with open("pub.csv", encoding="utf-8-sig") as f:
    for r in csv.DictReader(f, delimiter=";"):
        if r["niveau"] == "OCMW":
            names[r["gebied"]] = r["code"]
for r in merged:
    parts = re.search(r": (.*)\)$", r[0]).group(1).replace(" en ", ", ").split(", ")
    cells = [pub.get(("reach", "all", "2024-H2", "OCMW", names[n])) for n in parts]
    if all(c is not None and c["afgeschermd"] == "nee" for c in cells):
        assert int(r[7]) == sum(int(c["teller"]) for c in cells), (r, cells)
        assert int(r[8]) == sum(int(c["noemer"]) for c in cells), (r, cells)
    else:
        assert r[7] == "", r

# Part 1: the context figures of 2024 (September 2024 for POD MI; 2025 ends after the half
# year), each area the sum over the municipalities of that year that make it up today.
with open(f"{repo}/data/municipalities.csv", encoding="utf-8") as f:
    munis = list(csv.DictReader(f, delimiter=";"))
def valid(m, day):
    return m["valid_from"] <= day and (m["valid_to"] == "" or day <= m["valid_to"])
def parts(nis, day):
    own = [nis] if any(m["nis"] == nis and valid(m, day) for m in munis) else []
    return own + [m["nis"] for m in munis if m["successor_nis"] == nis and valid(m, day)]
kc = {}
with open("kc.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f, delimiter=";"):
        kc[(r["figure"], r["period"], r["nis"])] = (int(r["value"]), r["denominator"])
def total(figure, period, codes):
    value = denominator = 0
    for code in codes:
        v, d = kc[(figure, period, code)]
        value += v
        denominator += int(d) if d else 0
    return value, denominator
today = [m for m in munis if valid(m, "2025-06-30")]
steden = [m["nis"] for m in today if m["centrumstad"] == "1"]
assert len(steden) == 13, steden
codes = {"De werkzaamheidsgraad (20-64 jaar)": ("werkzaamheidsgraad", "2024", "2023"),
         "Het aantal niet-beroepsactieven": ("niet_beroepsactieven", "2024", "2023"),
         "Het aantal werkzoekenden zonder werk": ("werkzoekenden_zonder_werk", "2024", "2023"),
         "Het aantal RMI-gerechtigden (POD MI)": ("rmi_gerechtigden", "2024-09", "2023-09"),
         "Het aandeel ongekwalificeerde schoolverlaters":
             ("ongekwalificeerde_schoolverlaters", "2024", "2023")}
with open("csv/report-Kerncijfers.csv", encoding="utf-8") as f:
    rows = list(csv.reader(f, delimiter=";"))
assert rows[0][:6] == ["Kerncijfer", "Gebied", "Niveau", "Code", "Periode", "Aantal"], rows[0]
context_checked = 0
for r in rows[1:]:
    figure, period, before = codes[r[0]]
    for p, (value_col, denominator_col) in ((period, (5, 6)), (before, (9, 10))):
        end = f"{p[:4]}-09-30" if len(p) == 7 else f"{p}-12-31"
        if r[2] == "OCMW":
            territory = parts(r[3], end)
        elif r[2] == "regiegebied":
            territory = [c for m in today if m["regiegebied"] == r[3] for c in parts(m["nis"], end)]
        elif r[2] == "centrumsteden":
            territory = [c for n in steden for c in parts(n, end)]
        else:
            territory = [m["nis"] for m in munis if valid(m, end)]
        value, denominator = total(figure, p, territory)
        assert int(r[value_col]) == value, (r, p, value)
        assert r[denominator_col] == (str(denominator) if denominator else ""), (r, p, denominator)
        context_checked += 1
assert context_checked == 5 * 16 * 2, context_checked
flanders_rate = total("werkzaamheidsgraad", "2024",
                      [m["nis"] for m in munis if valid(m, "2024-12-31")])
rate = f"{round(flanders_rate[0] * 1000 / flanders_rate[1]) / 10:.1f}".replace(".", ",")

# The summary's sentences are those of the HTML and the PDF.
with open("csv/report-Samenvatting.csv", encoding="utf-8") as f:
    summary = list(csv.reader(f, delimiter=";"))[1:]
findings = [r[1] for r in summary]
assert f"In Vlaanderen bedraagt de werkzaamheidsgraad {rate}% in 2024" in findings[0], (findings[0], rate)
flanders = pub[("reach", "all", "2025-H1", "Vlaams Gewest", "flanders")]
pct = f"{round(int(flanders['teller']) * 1000 / int(flanders['noemer'])) / 10:.1f}".replace(".", ",")
reach = [r[1] for r in summary if r[0].startswith("Bereik: ")]
assert reach[0].startswith(f"In Vlaanderen is het {pct}% in het 1e halfjaar 2025"), (reach[0], pct)
html = open("report.html", encoding="utf-8").read()
assert all(line.replace("&", "&amp;") in html for line in findings), "a finding not in the HTML"
assert html.count('<svg class="chart"') == 11

# The PDF: pages, text, and the bars drawn.
info = subprocess.run(["pdfinfo", "report.pdf"], capture_output=True, text=True, check=True).stdout
pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
assert 4 <= pages <= 30, pages
assert re.search(r"Page size:.*\(A4\)", info), info
text = subprocess.run(["pdftotext", "-layout", "report.pdf", "-"], capture_output=True, text=True,
                      check=True).stdout
assert "Resultaten van de samenwerking: 1e halfjaar 2025" in text
assert f"In Vlaanderen is het {pct}%" in text
assert f"In Vlaanderen bedraagt de werkzaamheidsgraad {rate}%" in text
assert "Deel 1. Kerncijfers" in text and "Deel 2. Resultaten van de samenwerking" in text
subprocess.run(["pdftoppm", "-r", "40", "report.pdf", "page"], check=True)
charts = 0
for ppm in sorted(glob.glob("page-*.ppm")):
    data = open(ppm, "rb").read()
    # P6 header: magic, width, height, maxval, then RGB bytes.
    parts = data.split(maxsplit=4)
    w, h, pixels = int(parts[1]), int(parts[2]), parts[4]
    bar = sum(1 for i in range(0, len(pixels) - 2, 3)
              if abs(pixels[i] - 0x1f) < 40 and abs(pixels[i + 1] - 0x5f) < 40 and abs(pixels[i + 2] - 0x99) < 40)
    charts += bar > 200
    print(f"{ppm}: {w}x{h}, {bar} bar pixels")
assert charts >= 4, f"only {charts} pages with bars drawn"

# The fact sheet of Gent: each cell the public figure of lap measure, hidden where hidden; its
# context figures those of kerncijfers.csv; one or two A4 pages.
titles = {"Bereik: leefloners ingeschreven bij VDAB": ("reach", "all"),
          "Uitstroom naar werk na instroom in categorie 05": ("cat05_outflow", "all"),
          "Leefloners in TWE-OCMW": ("twe_active", "all")}
with open("csv/fiche-Indicatoren.csv", encoding="utf-8") as f:
    rows = list(csv.reader(f, delimiter=";"))
assert rows[0][:5] == ["Indicator", "Gebied", "Niveau", "Code", "Teller 1e halfjaar 2025"], rows[0]
assert len(rows) - 1 == 11 * 4, len(rows)
assert [r[1] for r in rows[1:5]] == ["Gent", rows[2][1], "Oost-Vlaanderen", "Vlaams Gewest"], rows[1:5]
fiche_checked = fiche_shown = 0
for r in rows[1:]:
    if r[0] not in titles:
        continue
    ind, var = titles[r[0]]
    for period, (num, den) in (("2025-H1", (4, 6)), ("2024-H2", (8, 9))):
        p = pub.get((ind, var, period, level[r[2]], r[3]))
        fiche_checked += 1
        if p is None or p["afgeschermd"] == "ja":
            assert r[num] == "" and r[den] == "", (r, p)
        else:
            fiche_shown += 1
            assert (r[num], r[den]) == (p["teller"], p["noemer"]), (r, p)
assert fiche_checked == 3 * 4 * 2 and fiche_shown >= 6, (fiche_checked, fiche_shown)
with open("csv/fiche-Kerncijfers.csv", encoding="utf-8") as f:
    rows = list(csv.reader(f, delimiter=";"))
gent = [r for r in rows[1:] if r[1] == "Gent" and r[2] == "OCMW"]
assert len(gent) == 10, gent  # 5 figures, in their period and a year before
for r in gent:
    figure, period, before = codes[r[0]]
    p = period if r[3] in (period, "september 2024") else before
    assert int(r[4]) == total(figure, p, ["44021"])[0], (r, p)
info = subprocess.run(["pdfinfo", "fiche.pdf"], capture_output=True, text=True, check=True).stdout
fiche_pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
assert 1 <= fiche_pages <= 2, fiche_pages
text = " ".join(subprocess.run(["pdftotext", "fiche.pdf", "-"], capture_output=True, text=True,
                               check=True).stdout.split())
assert "Activering van leefloners in Gent: 1e halfjaar 2025" in text, text[:300]
assert "Samenwerkingsindicatoren" in text and "Kerncijfers" in text
fiche = open("fiche.html", encoding="utf-8").read()
assert fiche.count('<svg class="chart"') == 1 and "<script" not in fiche

print(f"report: {checked} cells checked against lap measure ({shown} shown, {hidden} hidden), "
      f"{context_checked} context figures against kerncijfers.csv; PDF {pages} pages; fact sheet "
      f"{fiche_checked} cells ({fiche_shown} shown), {fiche_pages} pages")
PY
echo "cli_report: ok"
