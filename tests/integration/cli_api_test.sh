#!/usr/bin/env bash
# The JSON API through the binary on generated data: accounts made with
# `lap user add`, sign-in with an HttpOnly cookie and a CSRF token, the
# werktabel equal to `lap pact werktabel`, a local government applying and
# submitting, WSE approving, progress from the measurement engine scoped to the
# municipality, the dashboard with its owner's view, the persons behind a count
# with one audit row per person read, and the refusals (401, 403, CSRF). On SQLite or
# PostgreSQL: LAP_TEST_BACKEND (lib_backend.sh).
set -euo pipefail
source "$(dirname "$(realpath "$0")")/lib_serve.sh"
source "$(dirname "$(realpath "$0")")/lib_backend.sh"
lap="$1"
municipalities=$(realpath "$(dirname "$0")/../../data/municipalities.csv")
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  backend_cleanup
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
# Every command below uses lap's default database: on SQLite lap.sqlite in the current directory
# (which new_database names), on PostgreSQL $LAP_DB (there is no default location).
db=$(new_database lap)
if is_postgresql; then
  export LAP_DB="$db"
else
  [ "$db" = "$work/lap.sqlite" ] || fail "new_database names $db, not lap.sqlite"
fi

"$lap" generate --scale tiny --seed 3 --out d >/dev/null
"$lap" import d >/dev/null
"$lap" measure --month 2024-01 --through 2024-06 >/dev/null
# Context figures for part 1 of the semestrial report (docs/formats.md, kerncijfers.csv).
"$lap" context generate --from-year 2022 --to-year 2024 --out kc.csv >/dev/null
"$lap" context import kc.csv >/dev/null
today=2024-09-01

# Accounts: a weak password is refused, roles need the right scope.
set +e
echo "kort" | "$lap" user add --username x --role wse_analyst --password-stdin 2>err.txt; rc=$?
set -e
[ "$rc" -ne 0 ] && grep -q "at least 12" err.txt || fail "a short password is refused"
set +e
echo "een lang wachtwoord" | "$lap" user add --username x --role local_government \
  --password-stdin 2>err.txt; rc=$?
set -e
[ "$rc" -ne 0 ] && grep -q "needs the NIS code" err.txt || fail "local_government needs a municipality"
echo "een lang wachtwoord" | "$lap" user add --username wse --role wse_analyst --password-stdin \
  >/dev/null
echo "een lang wachtwoord" | "$lap" user add --username antwerpen --role local_government \
  --municipality 11002 --password-stdin >/dev/null
"$lap" user add --username gent --role local_government --municipality 44021 >gent.txt
echo "een lang wachtwoord" | "$lap" user add --username ocmw-antwerpen --role ocmw_counsellor \
  --municipality 11002 --password-stdin >/dev/null
echo "een lang wachtwoord" | "$lap" user add --username ocmw-gent --role ocmw_counsellor \
  --municipality 44021 --password-stdin >/dev/null
gent_password=$(sed -n 's/^password: //p' gent.txt)
[ -n "$gent_password" ] || fail "a generated password is printed once"
"$lap" user list | grep -q "antwerpen .*local_government .*11002" || fail "user list"
"$lap" user list | grep -q "argon2" && fail "user list never shows a hash"

"$lap" serve --listen 127.0.0.1:0 --threads 2 --today "$today" --access-log access.log \
  2>serve.err &
server_pid=$!
wait_for_port
base="http://127.0.0.1:$port/api/v1"

# sign_in USER PASSWORD -> sets $cookie and $csrf
sign_in() {
  curl -sS -D login.h -o login.json -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$base/session"
  grep -q '^HTTP/1.1 200' login.h || fail "sign in as $1: $(cat login.json)"
  grep -i '^set-cookie:' login.h | grep -q 'HttpOnly; Secure; SameSite=Strict' ||
    fail "the session cookie is HttpOnly, Secure and SameSite=Strict"
  cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: lap_session=\([^;]*\);.*/\1/p' login.h)
  csrf=$(python3 -c 'import json,sys; print(json.load(open("login.json"))["csrf_token"])')
}
# api USER_COOKIE CSRF METHOD PATH [BODY] -> body in out.json, prints the status
api() {
  local c="$1" t="$2" m="$3" p="$4" b="${5:-}"
  if [ -n "$b" ]; then
    curl -sS -o out.json -w '%{http_code}' -X "$m" -H "cookie: lap_session=$c" \
      -H "x-csrf-token: $t" -H 'content-type: application/json' -d "$b" "$base$p"
  else
    curl -sS -o out.json -w '%{http_code}' -X "$m" -H "cookie: lap_session=$c" \
      -H "x-csrf-token: $t" "$base$p"
  fi
}

code=$(curl -sS -o out.json -w '%{http_code}' "$base/calls")
[ "$code" = 401 ] || fail "anonymous is 401, got $code"
code=$(curl -sS -o out.json -w '%{http_code}' -H 'content-type: application/json' \
  -d '{"username":"wse","password":"fout wachtwoord"}' "$base/session")
[ "$code" = 401 ] || fail "a wrong password is 401, got $code"

sign_in wse "een lang wachtwoord"
wse_cookie=$cookie wse_csrf=$csrf
sign_in antwerpen "een lang wachtwoord"
ant_cookie=$cookie ant_csrf=$csrf
sign_in gent "$gent_password"
gent_cookie=$cookie gent_csrf=$csrf

[ "$(api "$wse_cookie" "$wse_csrf" GET /calls)" = 200 ] || fail "calls"
grep -q '"id":"lap-2024"' out.json || fail "the presets are listed"

# The werktabel over HTTP equals the CLI's, and downloads as XLSX and CSV.
[ "$(api "$ant_cookie" "$ant_csrf" GET /calls/lap-2024/werktabel)" = 200 ] || fail "werktabel"
cp out.json api-werktabel.json
"$lap" pact werktabel --call lap-2024 --today "$today" --out cli-werktabel.json >/dev/null
cmp -s api-werktabel.json cli-werktabel.json || fail "the API's werktabel equals the CLI's"
curl -sS -D x.h -o w.xlsx -H "cookie: lap_session=$ant_cookie" \
  "$base/calls/lap-2024/werktabel?format=xlsx"
grep -qi 'content-disposition: attachment; filename="werktabel_lap-2024.xlsx"' x.h ||
  fail "the XLSX is a download"
[ "$(head -c 2 w.xlsx)" = "PK" ] || fail "the XLSX is a zip container"
curl -sS -o w.csv -H "cookie: lap_session=$ant_cookie" "$base/calls/lap-2024/werktabel?format=csv"
head -c 3 w.csv | od -An -tx1 | grep -q 'ef bb bf' || fail "the CSV starts with a BOM"

# Antwerpen applies (not for Gent), submits; WSE approves.
body='{"members":[{"nis":"11002"}],"plan":"Trajecten naar werk","actions":["intake","jobcoaching"],"agreement":"https://example.org/overeenkomst"}'
[ "$(api "$ant_cookie" "$ant_csrf" POST /calls/lap-2024/applications "${body/11002/44021}")" = 403 ] ||
  fail "a municipality cannot apply for another"
[ "$(api "$ant_cookie" "" POST /calls/lap-2024/applications "$body")" = 403 ] ||
  fail "no CSRF token, no application"
[ "$(api "$ant_cookie" "$ant_csrf" POST /calls/lap-2024/applications "$body")" = 201 ] ||
  fail "apply: $(cat out.json)"
id=$(python3 -c 'import json; print(json.load(open("out.json"))["id"])')
version=$(python3 -c 'import json; print(json.load(open("out.json"))["row_version"])')
[ "$(api "$gent_cookie" "$gent_csrf" GET "/applications/$id")" = 403 ] ||
  fail "Gent cannot read Antwerpen's application"
[ "$(api "$ant_cookie" "$ant_csrf" POST "/applications/$id/status" \
  "{\"status\":\"submitted\",\"row_version\":$version}")" = 200 ] || fail "submit: $(cat out.json)"
version=$(python3 -c 'import json; print(json.load(open("out.json"))["row_version"])')
[ "$(api "$ant_cookie" "$ant_csrf" POST "/applications/$id/status" \
  "{\"status\":\"approved\",\"row_version\":$version}")" = 403 ] ||
  fail "a municipality cannot approve"
[ "$(api "$wse_cookie" "$wse_csrf" POST "/applications/$id/status" \
  "{\"status\":\"approved\",\"row_version\":$version}")" = 200 ] || fail "approve: $(cat out.json)"
grep -q '"status":"approved"' out.json || fail "approved"
"$lap" pact applications --call lap-2024 | grep -q "11002 \[approved\]" ||
  fail "the CLI sees what the API did"

# Progress from the measurement engine: WSE sees Antwerpen, Gent sees nothing of it.
[ "$(api "$wse_cookie" "$wse_csrf" GET "/calls/lap-2024/progress?through=2025-06")" = 200 ] ||
  fail "progress: $(cat out.json)"
grep -q '11002' out.json || fail "WSE's progress lists Antwerpen"
[ "$(api "$gent_cookie" "$gent_csrf" GET "/calls/lap-2024/progress?through=2025-06")" = 200 ] ||
  fail "progress as Gent"
grep -q '11002' out.json && fail "Gent's progress does not show Antwerpen"
[ "$(api "$ant_cookie" "$ant_csrf" POST /calls/lap-2024/simulation '{"threshold":"20"}')" = 403 ] ||
  fail "only WSE simulates"
[ "$(api "$wse_cookie" "$wse_csrf" POST /calls/lap-2024/simulation \
  '{"threshold":"20","participants":"all"}')" = 200 ] || fail "simulate: $(cat out.json)"
grep -q '"projected_cost_cents"' out.json || fail "the simulation has a projected cost"

# The dashboard: Antwerpen's own view, with the benchmarks; the same figures in
# the Flanders table.
sign_in ocmw-antwerpen "een lang wachtwoord"
oa_cookie=$cookie oa_csrf=$csrf
sign_in ocmw-gent "een lang wachtwoord"
og_cookie=$cookie og_csrf=$csrf
[ "$(api "$oa_cookie" "$oa_csrf" GET /dashboard/11002)" = 200 ] || fail "dashboard: $(cat out.json)"
python3 - <<'PY' || fail "dashboard content"
import json
d = json.load(open("out.json"))
assert d["area"]["own"] is True and d["area"]["centrumstad"] is True
reach = [i for i in d["indicators"] if i["indicator"] == "reach" and i["variant"] == "all"][0]
assert reach["periods"][0] == "2024-01" and reach["periods"][-1] == "2024-06", reach["periods"]
for s in ("ocmw", "centrumsteden", "flanders"):
    assert len(reach["series"][s]) == len(reach["periods"]), s
own = reach["series"]["ocmw"][-1]
assert own["suppressed"] is False and own["denominator"] > 0
open("reach.txt", "w").write(f'{own["numerator"]} {own["denominator"]}')
PY
[ "$(api "$oa_cookie" "$oa_csrf" GET "/flanders?indicator=reach&variant=all&period=2024-06")" = 200 ] ||
  fail "flanders: $(cat out.json)"
python3 - <<'PY' || fail "the Flanders table has Antwerpen's own figure"
import json
d = json.load(open("out.json"))
n, den = map(int, open("reach.txt").read().split())
row = [r for r in d["rows"] if r["nis"] == "11002"][0]
assert row["own"] and row["cell"]["numerator"] == n and row["cell"]["denominator"] == den, row
assert len(d["rows"]) > 5
PY
# WSE sees the public view: a cell is either suppressed (numbers withheld) or the same.
[ "$(api "$wse_cookie" "$wse_csrf" GET "/flanders?indicator=reach&variant=all&period=2024-06")" = 200 ] ||
  fail "flanders as WSE"
python3 - <<'PY' || fail "the public view suppresses or agrees"
import json
d = json.load(open("out.json"))
n, den = map(int, open("reach.txt").read().split())
cell = [r for r in d["rows"] if r["nis"] == "11002"][0]["cell"]
assert (cell["suppressed"] and cell["numerator"] is None) or (cell["numerator"], cell["denominator"]) == (n, den), cell
PY
# Downloads hold what the screen shows. Gent's OCMW looks at Antwerpen's dashboard: every cell
# of the CSV is the JSON's cell, hidden where the JSON hides it, in the JSON's order.
[ "$(api "$og_cookie" "$og_csrf" GET /dashboard/11002)" = 200 ] || fail "Gent's dashboard of 11002"
mv out.json dashboard_gent.json
[ "$(api "$og_cookie" "$og_csrf" GET "/dashboard/11002?format=csv")" = 200 ] ||
  fail "dashboard CSV: $(cat out.json)"
mv out.json dashboard_gent.csv
[ "$(api "$og_cookie" "$og_csrf" GET "/dashboard/11002?format=xlsx&indicator=reach")" = 200 ] ||
  fail "dashboard XLSX"
head -c 2 out.json | grep -q PK || fail "the XLSX is a zip archive"
[ "$(api "$og_cookie" "$og_csrf" GET "/dashboard/11002?format=pdf")" = 400 ] || fail "format=pdf is 400"
python3 - <<'PY' || fail "the dashboard CSV is the screen's cells"
import csv, json
d = json.load(open("dashboard_gent.json"))
with open("dashboard_gent.csv", encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
head, rows = rows[0], rows[1:]
assert head[:13] == ["Indicator", "Variant", "Periode", "Reeks", "Niveau", "Code", "Gebied", "Teller",
                     "Voorlopig", "Noemer", "Percentage", "Afgeschermd", "Reden"], head
expected = []
for ind in d["indicators"]:
    for i, _ in enumerate(ind["periods"]):
        for s in ("ocmw", "regiegebied", "province", "size_class", "centrumsteden", "flanders"):
            if s in ind["series"]:
                expected.append((ind["name"], ind["series"][s][i]))
assert len(rows) == len(expected), (len(rows), len(expected))
hidden = 0
for row, (name, cell) in zip(rows, expected):
    assert row[0] == name, (row, name)
    if cell is None:
        assert row[7] == "" and row[12] == "geen cijfer", row
    elif cell["suppressed"]:
        hidden += 1
        assert row[7:11] == ["", "", "", ""] and row[11] == "ja" and row[12], row
    else:
        assert row[7] == str(cell["numerator"]) and row[9] == str(cell["denominator"]), (row, cell)
        assert row[11] == "nee", row
assert hidden > 0, "Gent's view of Antwerpen hides some cells"
PY
# The Flanders table as WSE: Flanders first, then the municipalities, as the JSON; each of them
# existed in the period (no municipality of the 2025 mergers in a 2024 table).
[ "$(api "$wse_cookie" "$wse_csrf" GET "/flanders?indicator=reach&variant=all&period=2024-06")" = 200 ] ||
  fail "flanders as WSE"
mv out.json flanders_wse.json
[ "$(api "$wse_cookie" "$wse_csrf" GET "/flanders?indicator=reach&variant=all&period=2024-06&format=csv")" = 200 ] ||
  fail "flanders CSV"
python3 - "$municipalities" <<'PY' || fail "the Flanders CSV is the table"
import csv, json, sys
d = json.load(open("flanders_wse.json"))
with open("out.json", encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))[1:]
assert rows[0][4] == "Vlaams Gewest" and rows[0][2] == "juni 2024", rows[0]
assert [r[5] for r in rows if r[4] == "OCMW"] == [r["nis"] for r in d["rows"]]
assert [r[6] for r in rows if r[4] == "regiegebied"] == [g["name"] for g in d["regiegebieden"]]
assert len(rows) == 1 + len(d["rows"]) + len(d["regiegebieden"])
# The map's shapes: a municipality of 2024 is its own shape; a regiegebied those of its members.
assert all(r["map_codes"] == [r["nis"]] for r in d["rows"]), d["rows"][0]
members = {}
for r in d["rows"]:
    members.setdefault(r["regiegebied"], set()).add(r["nis"])
for g in d["regiegebieden"]:
    assert members.get(g["name"], set()) <= set(g["map_codes"]), g["name"]
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    since = {r["nis"]: r["valid_from"] for r in csv.DictReader(f, delimiter=";")}
late = [r["nis"] for r in d["rows"] if since[r["nis"]] > "2024-06-30"]
assert not late, late
PY
# Benchmarks. WSE's dashboard of a municipality has its province and its group of comparable
# municipalities: a province's figure is the sum of its members' rows in the Flanders table, the
# group's the median of its members' percentages (both computed here, independently of the
# server); the rank follows the exact percentages.
[ "$(api "$wse_cookie" "$wse_csrf" GET /areas)" = 200 ] || fail "areas"
mv out.json areas.json
small=$(python3 -c 'import json; d=json.load(open("areas.json")); print([a["nis"] for a in d["areas"] if a["size_class"]][0])')
[ "$(api "$wse_cookie" "$wse_csrf" GET "/dashboard/$small")" = 200 ] || fail "dashboard $small"
mv out.json dashboard_small.json
for g in "size_class:$(python3 -c 'import json; d=json.load(open("dashboard_small.json")); print(d["area"]["size_class"]["id"])')" \
  province:10000 centrumsteden:centrumsteden; do
  [ "$(api "$wse_cookie" "$wse_csrf" GET "/area-dashboard?level=${g%%:*}&code=${g#*:}")" = 200 ] ||
    fail "area dashboard $g: $(cat out.json)"
  mv out.json "group_${g%%:*}.json"
done
python3 - <<'PY' || fail "the benchmarks add up"
import json
from fractions import Fraction
areas = json.load(open("areas.json"))
levels = {g["level"] for g in areas["groups"]}
assert levels == {"province", "regiegebied", "size_class", "centrumsteden"}, levels
d = json.load(open("dashboard_small.json"))
reach = [i for i in d["indicators"] if i["indicator"] == "reach" and i["variant"] == "all"][0]
assert set(reach["series"]) == {"ocmw", "regiegebied", "province", "size_class", "centrumsteden", "flanders"}, list(reach["series"])
assert d["series_names"]["size_class"].startswith("Vergelijkbare gemeenten: Gemeenten met"), d["series_names"]
t = json.load(open("flanders_wse.json"))
rows = t["rows"]
june = reach["periods"].index("2024-06")
def median(cells):
    f = sorted(Fraction(c["numerator"], c["denominator"]) for c in cells if c["denominator"])
    m = f[len(f) // 2] if len(f) % 2 else (f[len(f) // 2 - 1] + f[len(f) // 2]) / 2
    t = (m.numerator * 2000 // m.denominator + 1) // 2
    return f"{t // 10}.{t % 10}", len(f)
group = [r["cell"] for r in rows if r["size_class"] and r["size_class"]["id"] == d["area"]["size_class"]["id"]]
cell = reach["series"]["size_class"][june]
assert (cell["percentage"], cell["median_of"], cell["members"]) == (*median(group), len(group)), (cell, median(group))
g = json.load(open("group_size_class.json"))
greach = [i for i in g["indicators"] if i["indicator"] == "reach" and i["variant"] == "all"][0]
assert greach["series"]["size_class"] == reach["series"]["size_class"]
assert all("size_class" not in i["series"] for i in d["indicators"] + g["indicators"] if i["indicator"] == "lap_result")
assert g["series_names"]["size_class"] == d["series_names"]["size_class"]
assert reach["series"]["province"][june]["denominator"] == sum(
    r["cell"]["denominator"] for r in rows if r["province"] == d["area"]["province"])
for name, member in (("province", lambda r: r["province"] == "Antwerpen"),
                     ("centrumsteden", lambda r: r["centrumstad"])):
    g = json.load(open(f"group_{name}.json"))
    ind = [i for i in g["indicators"] if i["indicator"] == "reach" and i["variant"] == "all"][0]
    cell = ind["series"][name][ind["periods"].index("2024-06")]
    assert cell["numerator"] == sum(r["cell"]["numerator"] for r in rows if member(r)), name
    assert {m["nis"] for m in g["area"]["members"]} == {a["nis"] for a in areas["areas"] if member(a)}, name
    assert "flanders" in ind["series"], name
# Ranks: 1 for the highest percentage, equal percentages share one.
ranked = sorted((r for r in rows if r["cell"]["denominator"]), key=lambda r: -Fraction(r["cell"]["numerator"], r["cell"]["denominator"]))
for i, r in enumerate(ranked):
    p = Fraction(r["cell"]["numerator"], r["cell"]["denominator"])
    assert r["rank"] == 1 + sum(1 for q in ranked if Fraction(q["cell"]["numerator"], q["cell"]["denominator"]) > p), r
assert all(r["rank"] is None for r in rows if not r["cell"]["denominator"])
PY
# Gent's OCMW sees every group's cell hidden or equal to WSE's, and ranks only what it sees.
[ "$(api "$og_cookie" "$og_csrf" GET "/area-dashboard?level=province&code=10000")" = 200 ] ||
  fail "Gent's view of the province"
python3 - <<'PY' || fail "the protected group dashboard"
import json
wse, gent = json.load(open("group_province.json")), json.load(open("out.json"))
assert gent["view"] == "protected"
for a, b in zip(wse["indicators"], gent["indicators"]):
    for x, y in zip(a["series"]["province"], b["series"]["province"]):
        assert y is None or y["suppressed"] or y == x, (x, y)
PY
[ "$(api "$og_cookie" "$og_csrf" GET "/flanders?indicator=reach&variant=all&period=2024-06")" = 200 ] ||
  fail "Gent's Flanders table"
python3 -c '
import json
d = json.load(open("out.json"))
assert all(r["rank"] is None for r in d["rows"] if r["cell"]["suppressed"])
' || fail "a hidden cell has no rank"
mv out.json flanders_gent.json
# Gent's OCMW sees the group's median of the cells it sees: the hidden ones do not count.
[ "$(api "$og_cookie" "$og_csrf" GET "/dashboard/$small")" = 200 ] || fail "Gent's view of $small"
python3 - <<'PY' || fail "the median of what Gent's OCMW sees"
import json
from fractions import Fraction
d = json.load(open("out.json"))
rows = json.load(open("flanders_gent.json"))["rows"]
reach = [i for i in d["indicators"] if i["indicator"] == "reach" and i["variant"] == "all"][0]
cell = reach["series"]["size_class"][reach["periods"].index("2024-06")]
group = [r["cell"] for r in rows if r["size_class"] and r["size_class"]["id"] == d["area"]["size_class"]["id"]]
seen = sorted(Fraction(c["numerator"], c["denominator"]) for c in group if not c["suppressed"] and c["denominator"])
assert cell["members"] == len(group) and cell["median_of"] == len(seen), (cell, len(group), len(seen))
if seen:
    m = seen[len(seen) // 2] if len(seen) % 2 else (seen[len(seen) // 2 - 1] + seen[len(seen) // 2]) / 2
    t = (m.numerator * 2000 // m.denominator + 1) // 2
    assert cell["percentage"] == f"{t // 10}.{t % 10}", cell
PY
[ "$(api "$og_cookie" "$og_csrf" GET "/area-dashboard?level=ocmw&code=11002")" = 400 ] || fail "level ocmw is 400"
[ "$(api "$og_cookie" "$og_csrf" GET "/area-dashboard?level=province&code=99999")" = 404 ] || fail "unknown area is 404"
# Several municipalities in one chart: the same cells as each municipality's own dashboard.
[ "$(api "$og_cookie" "$og_csrf" GET "/compare?indicator=reach&variant=all&nis=11002,44021")" = 200 ] ||
  fail "compare: $(cat out.json)"
python3 - <<'PY' || fail "the comparison is the dashboards' cells"
import json
c = json.load(open("out.json"))
d = json.load(open("dashboard_gent.json"))
reach = [i for i in d["indicators"] if i["indicator"] == "reach" and i["variant"] == "all"][0]
assert c["periods"] == reach["periods"]
assert [s["label"] for s in c["series"]] == ["OCMW Antwerpen", "OCMW Gent", "Vlaams Gewest"], c["series"]
assert c["series"][0]["cells"] == reach["series"]["ocmw"]
assert c["series"][2]["cells"] == reach["series"]["flanders"]
assert c["series"][1]["own"] is True and not any(x["suppressed"] for x in c["series"][1]["cells"] if x)
PY
eleven=$(python3 -c 'import json; print(",".join(a["nis"] for a in json.load(open("areas.json"))["areas"][:11]))')
[ "$(api "$og_cookie" "$og_csrf" GET "/compare?indicator=reach&nis=$eleven")" = 400 ] ||
  fail "more than ten municipalities are refused"
[ "$(api "$og_cookie" "$og_csrf" GET "/compare?indicator=reach&nis=11002,44021&format=csv")" = 200 ] ||
  fail "compare CSV"
grep -q "OCMW Gent" out.json || fail "the comparison's CSV names the series"
# The transitions matrix: WSE's equals the engine's (`lap measure --out`, internal view); Gent's
# OCMW sees its own exactly and Flanders protected, checked here against the exact matrices:
# no visible count is small (1..k-1), also without any one OCMW's persons; a row with a hidden
# cell hides at least two, whose sum (and the sum without any one OCMW) is not small.
"$lap" measure --month 2024-01 --through 2024-06 --no-store --view internal --out tr_exact.json \
  >/dev/null
"$lap" measure --month 2024-01 --through 2024-06 --no-store --view public --out tr_public.json \
  >/dev/null
tr=$(python3 -c 'import json; t=json.load(open("tr_exact.json"))["transitions"][0]; print("from=%s&to=%s" % (t["from"], t["to"]))')
[ "$(api "$wse_cookie" "$wse_csrf" GET "/transitions?$tr")" = 200 ] || fail "transitions: $(cat out.json)"
mv out.json tr_wse.json
[ "$(api "$wse_cookie" "$wse_csrf" GET "/transitions?$tr&nis=11002")" = 200 ] || fail "transitions 11002"
mv out.json tr_wse_11002.json
[ "$(api "$og_cookie" "$og_csrf" GET "/transitions?$tr")" = 200 ] || fail "Gent's transitions"
mv out.json tr_gent.json
[ "$(api "$og_cookie" "$og_csrf" GET "/transitions?$tr&nis=44021")" = 200 ] || fail "Gent's own"
mv out.json tr_gent_own.json
[ "$(api "$og_cookie" "$og_csrf" GET "/transitions?$tr&nis=11002")" = 403 ] ||
  fail "Gent's OCMW may not see Antwerpen's matrix"
python3 - <<'PY' || fail "the transitions matrices"
import json
exact = json.load(open("tr_exact.json"))["transitions"][0]
public = json.load(open("tr_public.json"))["transitions"][0]
ids = ["WORK_EMP", "WORK_SELF", "RMI", "ACTIVATION", "JOBSEEKER", "OTHER"]
def rows(doc):
    return {r["from"]: [c["count"] for c in r["cells"]] for r in doc["rows"]}
def totals(doc):
    return {r["from"]: r["total"] for r in doc["rows"]}
def matrix(m):
    return {a: [m[a][b] for b in ids] for a in ids[:-1]}
flanders = matrix(exact["flanders"])
per = {n: matrix(m) for n, m in exact["per_ocmw"].items()}
wse = json.load(open("tr_wse.json"))
assert wse["view"] == "exact" and rows(wse) == flanders, (rows(wse), flanders)
assert all(totals(wse)[a] == sum(flanders[a]) for a in flanders)
assert rows(json.load(open("tr_wse_11002.json"))) == per["11002"]
own = json.load(open("tr_gent_own.json"))
assert rows(own) == per["44021"] and own["hidden"] == 0
gent = json.load(open("tr_gent.json"))
k = gent["k"]
small = lambda n: 1 <= n < k
seen = rows(gent)
# The CLI's public file and the API hide the same cells.
assert {a: [x is None for x in v] for a, v in seen.items()} == \
    {a: [public["flanders"][a][b] is None for b in ids] for a in ids[:-1]}
hidden_total = 0
for a, cells in seen.items():
    f = flanders[a]
    hidden = [b for b in range(6) if cells[b] is None]
    hidden_total += len(hidden)
    for b in range(6):
        if cells[b] is not None:
            assert cells[b] == f[b]
            assert not small(f[b]) and not any(small(f[b] - m[a][b]) for m in per.values()), (a, b)
    def safe(cols):
        s = sum(f[b] for b in cols)
        return not small(s) and not any(small(s - sum(m[a][b] for b in cols)) for m in per.values())
    assert (totals(gent)[a] is not None) == safe(range(6)), a
    if totals(gent)[a] is not None:
        assert totals(gent)[a] == sum(f)
    if hidden and len(hidden) < 6:
        assert len(hidden) >= 2 and safe(hidden), (a, hidden)
assert gent["hidden"] == hidden_total
print("transitions:", hidden_total, "of 30 cells hidden for Gent's OCMW")
PY
[ "$(api "$og_cookie" "$og_csrf" GET "/transitions?from=2024-03&to=2024-03")" = 400 ] ||
  fail "a pair of equal months is refused"
[ "$(api "$og_cookie" "$og_csrf" GET "/transitions?from=2024-01&to=2099-01")" = 400 ] ||
  fail "a month after the data end is refused"
[ "$(api "$og_cookie" "$og_csrf" GET "/transitions?$tr&format=csv")" = 200 ] || fail "transitions CSV"
python3 - <<'PY' || fail "the transitions CSV is the screen's matrix"
import csv, io, json
gent = json.load(open("tr_gent.json"))
text = open("out.json", encoding="utf-8-sig").read()
lines = list(csv.reader(io.StringIO(text), delimiter=";"))
assert lines[0][0].startswith("Positie in ") and lines[0][-1] == "Totaal", lines[0]
assert len(lines) == 6, lines
for line, r in zip(lines[1:], gent["rows"]):
    assert line[0] == r["name"], (line, r["name"])
    assert line[1:7] == ["" if c["count"] is None else str(c["count"]) for c in r["cells"]], line
    assert line[7] == ("" if r["total"] is None else str(r["total"])), line
PY
# Profiles: every table of Antwerpen's reach splits the figure's persons; its sexes and ages equal a
# recomputation from the delivery itself (leefloners of June 2024 by the rule of
# docs/indicators.md: latest start, then later end, lower NIS, LL before ELL; one person per chain
# of identifier changes). Only exact: Gent's OCMW gets no profile of Antwerpen.
q="nis=11002&indicator=reach&variant=all&period=2024-06"
[ "$(api "$wse_cookie" "$wse_csrf" GET "/profile?$q")" = 200 ] || fail "profile: $(cat out.json)"
mv out.json profile_wse.json
[ "$(api "$oa_cookie" "$oa_csrf" GET "/profile?$q")" = 200 ] || fail "Antwerpen's own profile"
cmp -s <(python3 -c 'import json; print(json.load(open("out.json"))["tables"])') \
  <(python3 -c 'import json; print(json.load(open("profile_wse.json"))["tables"])') ||
  fail "the OCMW's own profile is WSE's"
[ "$(api "$og_cookie" "$og_csrf" GET "/profile?$q")" = 403 ] || fail "no profile of another OCMW"
[ "$(api "$wse_cookie" "$wse_csrf" GET "/profile?nis=11002&indicator=reach&period=1999-01")" = 404 ] ||
  fail "a period the run does not have"
python3 - d <<'PY' || fail "the profile"
import csv, json, sys
p = json.load(open("profile_wse.json"))
fig = p["figure"]
assert p["members"] == fig["denominator"] > 0, (p["members"], fig)
for t in p["tables"]:
    assert sum(c["denominator"] for c in t["categories"]) == fig["denominator"], t["id"]
    assert sum(c["numerator"] for c in t["categories"]) == fig["numerator"], t["id"]
d = sys.argv[1]
parent = {}
def find(x):
    while parent.get(x, x) != x:
        x = parent[x]
    return x
for r in csv.DictReader(open(f"{d}/identifier_changes.csv", encoding="utf-8-sig"), delimiter=";"):
    parent[find(r["old_insz"])] = find(r["new_insz"])
rows = list(csv.DictReader(open(f"{d}/rmi_entitlements.csv", encoding="utf-8-sig"), delimiter=";"))
best = {}
for r in rows:
    if r["kind"] not in ("LL", "ELL") or r["start_date"] > "2024-06-30":
        continue
    if r["end_date"] and r["end_date"] < "2024-06-01":
        continue
    key = (r["start_date"], r["end_date"] or "9999", -int(r["ocmw_nis"]), r["kind"] == "LL")
    who = find(r["insz"])
    if who not in best or key > best[who][0]:
        best[who] = (key, r)
members = [w for w, (_, r) in best.items() if r["ocmw_nis"] == "11002"]
assert len(members) == fig["denominator"], (len(members), fig["denominator"])
by_person = {}
for r in sorted(rows, key=lambda r: r["start_date"]):
    by_person.setdefault(find(r["insz"]), []).append(r)
sexes, ages = {}, {}
for w in members:
    rs = by_person[w]
    sex = next((r["sex"] for r in rs if r["sex"] in "MF"), "X")
    sexes[sex] = sexes.get(sex, 0) + 1
    born = next((r["birth_date"] for r in rs if r["birth_date"]), None)
    if born is None:
        band = "unknown"
    else:
        years = (2024 * 12 + 6 - (int(born[:4]) * 12 + int(born[5:7]))) // 12
        band = "<25" if years < 25 else "25-34" if years < 35 else "35-44" if years < 45 else "45-54" if years < 55 else "55+"
    ages[band] = ages.get(band, 0) + 1
table = {t["id"]: {c["id"]: c["denominator"] for c in t["categories"] if c["denominator"]} for t in p["tables"]}
assert table["sex"] == sexes, (table["sex"], sexes)
assert table["age"] == ages, (table["age"], ages)
print("profile:", fig["denominator"], "leefloners of Antwerpen in June 2024;", table["age"])
PY
# The half year (docs/indicators.md, "Halfjaren"): the same recomputation over January-June 2024,
# each person once, at the OCMW of their last leefloner month; the half-year dashboard shows the
# same count, and has no outflow rate or LAP result.
[ "$(api "$wse_cookie" "$wse_csrf" GET "/profile?nis=11002&indicator=reach&variant=all&period=2024-H1")" = 200 ] ||
  fail "half-year profile: $(cat out.json)"
mv out.json profile_h1.json
[ "$(api "$oa_cookie" "$oa_csrf" GET "/dashboard/11002?grain=half_year")" = 200 ] ||
  fail "half-year dashboard: $(cat out.json)"
mv out.json dashboard_h1.json
[ "$(api "$oa_cookie" "$oa_csrf" GET "/dashboard/11002?grain=quarter")" = 400 ] || fail "grain=quarter is 400"
[ "$(api "$oa_cookie" "$oa_csrf" GET "/compare?nis=11002&indicator=lap_result&grain=half_year")" = 404 ] ||
  fail "the LAP result has no half years"
python3 - d <<'PY' || fail "the half year"
import csv, json, sys
p = json.load(open("profile_h1.json"))
fig = p["figure"]
assert p["members"] == fig["denominator"] > 0, (p["members"], fig)
d = sys.argv[1]
parent = {}
def find(x):
    while parent.get(x, x) != x:
        x = parent[x]
    return x
for r in csv.DictReader(open(f"{d}/identifier_changes.csv", encoding="utf-8-sig"), delimiter=";"):
    parent[find(r["old_insz"])] = find(r["new_insz"])
rows = [r for r in csv.DictReader(open(f"{d}/rmi_entitlements.csv", encoding="utf-8-sig"), delimiter=";")
        if r["kind"] in ("LL", "ELL")]
last = {}  # person -> the OCMW of their last leefloner month of the half year
for month in range(1, 7):
    first, end = f"2024-{month:02d}-01", f"2024-{month:02d}-31"
    best = {}
    for r in rows:
        if r["start_date"] > end or (r["end_date"] and r["end_date"] < first):
            continue
        key = (r["start_date"], r["end_date"] or "9999", -int(r["ocmw_nis"]), r["kind"] == "LL")
        who = find(r["insz"])
        if who not in best or key > best[who][0]:
            best[who] = (key, r["ocmw_nis"])
    for who, (_, nis) in best.items():
        last[who] = nis
members = sum(1 for nis in last.values() if nis == "11002")
assert members == fig["denominator"], (members, fig["denominator"])
dash = json.load(open("dashboard_h1.json"))
assert dash["grain"] == "half_year", dash.get("grain")
ids = {i["indicator"] for i in dash["indicators"]}
assert "outflow_rate" not in ids and "lap_result" not in ids and "reach" in ids, ids
reach = [i for i in dash["indicators"] if i["indicator"] == "reach" and i["variant"] == "all"][0]
assert reach["periods"] == ["2024-H1"], reach["periods"]
assert reach["series"]["ocmw"][0]["denominator"] == members, reach["series"]["ocmw"][0]
print("half year:", members, "leefloners of Antwerpen in January-June 2024")
PY
# The semestrial report (docs/report.md): VDAB and WSE, always the public view; its findings as
# JSON, the page as HTML (framed by the app only), a sheet per indicator, a PDF.
[ "$(api "$oa_cookie" "$oa_csrf" GET /semester-report)" = 403 ] || fail "an OCMW gets no report"
[ "$(api "$wse_cookie" "$wse_csrf" GET /semester-report)" = 200 ] || fail "report: $(cat out.json)"
python3 - <<'PY' || fail "the report's findings"
import json
d = json.load(open("out.json"))
assert d["half_year"] == "2024-H1" and d["previous"] == "2023-H2" and d["half_years"] == ["2024-H1"], d
assert len(d["sections"]) == 11 and d["sections"][0]["indicator"] == "reach", d["sections"][0]
first = d["sections"][0]["findings"][0]
assert first.startswith("In Vlaanderen is het ") or first.startswith("Het Vlaamse cijfer van het 1e halfjaar 2024 is afgeschermd"), first
assert "Antwerpen" in d["all_regiegebieden"], d["all_regiegebieden"][:5]
# Part 1: the latest context figures that end by June 2024 (the years 2023 and 2022, POD MI's
# September 2023 and 2022).
assert [c["figure"] for c in d["context"]] == ["werkzaamheidsgraad", "niet_beroepsactieven",
    "werkzoekenden_zonder_werk", "rmi_gerechtigden", "ongekwalificeerde_schoolverlaters"], d["context"]
assert [(c["period"], c["previous"]) for c in d["context"]] == [("2023", "2022")] * 3 + [
    ("2023-09", "2022-09"), ("2023", "2022")], d["context"]
assert d["context"][0]["findings"][0].startswith("In Vlaanderen bedraagt de werkzaamheidsgraad "), d["context"][0]
assert "in september 2023, tegenover " in d["context"][3]["findings"][0], d["context"][3]
PY
[ "$(api "$wse_cookie" "$wse_csrf" GET "/semester-report?half_year=2024-Q1")" = 400 ] || fail "a quarter is 400"
[ "$(api "$wse_cookie" "$wse_csrf" GET "/semester-report?half_year=2023-H1")" = 404 ] ||
  fail "a half year outside the run is 404"
[ "$(api "$wse_cookie" "$wse_csrf" GET "/semester-report?regiegebieden=Nergensland")" = 400 ] ||
  fail "an unknown regiegebied is 400"
[ "$(api "$wse_cookie" "$wse_csrf" GET "/semester-report?format=xlsx&regiegebieden=Antwerpen")" = 200 ] ||
  fail "report XLSX"
head -c 2 out.json | grep -q PK || fail "the report's XLSX is a zip archive"
curl -sS -D head.txt -o report.html -H "cookie: lap_session=$wse_cookie" \
  "$base/semester-report?format=html" >/dev/null
grep -qi "^content-security-policy: default-src 'none'; style-src 'unsafe-inline'" head.txt ||
  fail "the report page's own policy: $(cat head.txt)"
grep -qi "^x-frame-options: SAMEORIGIN" head.txt || fail "the app may frame the report"
grep -q '<html lang="nl">' report.html && ! grep -qi "<script" report.html || fail "report HTML"
# The municipal fact sheet (docs/report.md, "Gemeentefiche"): public, so an OCMW may ask for
# any municipality's; its reach the public cell of the half year.
[ "$(api "$oa_cookie" "$oa_csrf" GET "/fact-sheet?nis=44021")" = 200 ] || fail "fact sheet: $(cat out.json)"
python3 - <<'PY' || fail "the fact sheet's JSON"
import json
d = json.load(open("out.json"))
assert d["municipality"] == {"nis": "44021", "name": "Gent"} and d["half_year"] == "2024-H1", d
assert d["province"] == "Oost-Vlaanderen" and len(d["indicators"]) == 11, d
assert d["indicators"][0]["indicator"] == "reach" and d["findings"], d
PY
[ "$(api "$oa_cookie" "$oa_csrf" GET "/fact-sheet?nis=99999")" = 400 ] || fail "an unknown NIS is 400"
[ "$(api "$oa_cookie" "$oa_csrf" GET "/fact-sheet?nis=44021&half_year=2023-H1")" = 404 ] ||
  fail "a fact sheet outside the run is 404"
[ "$(api "$oa_cookie" "$oa_csrf" GET "/fact-sheet?nis=44021&format=pdf")" = 200 ] || fail "fact sheet PDF"
head -c 5 out.json | grep -q '%PDF-' || fail "the fact sheet's PDF"
[ "$(api "$wse_cookie" "$wse_csrf" GET "/semester-report?format=pdf")" = 200 ] || fail "report PDF"
head -c 5 out.json | grep -q "%PDF-" || fail "the report's PDF"
[ "$(api "$wse_cookie" "$wse_csrf" GET "/profile?$q&format=csv")" = 200 ] || fail "profile CSV"
head -c 200 out.json | grep -q "Kenmerk;Categorie;Noemer;Teller;Lopend;Percentage" ||
  fail "the profile CSV's headings"
[ "$(api "$ant_cookie" "$ant_csrf" GET /persons?nis=11002\&indicator=reach\&period=2024-06\&purpose=controle)" = 403 ] ||
  fail "a local government sees no persons"

# Persons behind Antwerpen's reach: one audit row per person; Gent's OCMW may not look.
audit_rows() {
  db_sql "$db" "select count(*) from audit_log where action like 'GET /api/v1/persons%' and action not like '%refused%'"
}
refusals() { db_sql "$db" "select count(*) from audit_log where action like '%refused%'"; }
[ "$(audit_rows)" = 0 ] || fail "no audit rows before"
q="nis=11002&indicator=reach&variant=all&period=2024-06&role=numerator"
[ "$(api "$oa_cookie" "$oa_csrf" GET "/persons?$q")" = 400 ] || fail "a purpose is required"
refused_before=$(refusals)  # the roles refused above (a local government asked for persons)
[ "$(api "$og_cookie" "$og_csrf" GET "/persons?$q&purpose=dossieropvolging")" = 403 ] ||
  fail "Gent's OCMW cannot list Antwerpen's persons"
[ "$(audit_rows)" = 0 ] || fail "a refused read reads nobody"
# Regression: refused person reads left no trace with the actor.
[ "$(refusals)" = "$((refused_before + 1))" ] || fail "a refused read is audited with the actor"
db_sql "$db" "select actor, action, purpose from audit_log where action like '%refused%' order by id desc limit 1" |
  grep -q '^ocmw-gent|GET /api/v1/persons refused: other OCMW 11002|dossieropvolging$' ||
  fail "the refusal row says who, what and why"
[ "$(api "$oa_cookie" "$oa_csrf" GET "/persons?$q&purpose=dossieropvolging")" = 200 ] ||
  fail "persons: $(cat out.json)"
listed=$(python3 -c 'import json; d=json.load(open("out.json")); print(len(d["persons"]))')
person=$(python3 -c 'import json; d=json.load(open("out.json")); print(d["persons"][0]["person"])')
[ "$listed" -gt 0 ] || fail "persons behind the count"
[ "$(audit_rows)" = "$listed" ] || fail "one audit row per person listed ($(audit_rows) vs $listed)"
[ "$(api "$oa_cookie" "$oa_csrf" GET "/persons/$person?month=2024-06&purpose=dossieropvolging")" = 200 ] ||
  fail "timeline: $(cat out.json)"
grep -q '"indicator":"reach"' out.json || fail "the timeline explains reach"
[ "$(audit_rows)" = "$((listed + 1))" ] || fail "the timeline read is audited"
db_sql "$db" "select actor, role, purpose from audit_log order by id desc limit 1" |
  grep -q '^ocmw-antwerpen|ocmw_counsellor|dossieropvolging$' || fail "the audit row says who and why"
# Regression: 403 for a person without relation vs 404 for an unknown pseudonym
# told whether a pseudonym exists. Both are the same 404 now, and both audited.
[ "$(api "$og_cookie" "$og_csrf" GET "/persons/$person?purpose=dossieropvolging")" = 404 ] ||
  fail "no relation, no timeline"
cp out.json no_relation.json
[ "$(api "$og_cookie" "$og_csrf" GET "/persons/0123456789abcdef0123456789abcdef?purpose=dossieropvolging")" = 404 ] ||
  fail "an unknown pseudonym is a 404"
cmp -s out.json no_relation.json || fail "unknown and unrelated persons get the same answer"
[ "$(refusals)" = "$((refused_before + 3))" ] || fail "both refusals are audited"
grep -q "$person" access.log && fail "the access log has no pseudonyms"
# The persons behind a figure are those it counted: the published run's data load and link run,
# also after a newer delivery came in that nobody measured yet.
numerator=$(db_sql "$db" "select numerator from measure_figure where run_id = (select max(run_id)
  from measure_run) and indicator = 'reach' and variant = 'all' and period = '2024-06' and nis = 11002")
[ "$(api "$oa_cookie" "$oa_csrf" GET "/persons?$q&purpose=dossieropvolging")" = 200 ] || fail "again"
shown=$(python3 -c 'import json; d=json.load(open("out.json")); print(len(d["persons"]) + d["without_relation"])')
[ "$shown" = "$numerator" ] || fail "listed + without relation ($shown) is the figure ($numerator)"
python3 -c 'import json; print(sorted(p["person"] for p in json.load(open("out.json"))["persons"]))' >before.txt
"$lap" generate --scale tiny --seed 4 --out d2 >/dev/null
"$lap" import d2 >/dev/null
[ "$(api "$oa_cookie" "$oa_csrf" GET "/persons?$q&purpose=dossieropvolging")" = 200 ] ||
  fail "persons after a new load: $(cat out.json)"
python3 -c 'import json; print(sorted(p["person"] for p in json.load(open("out.json"))["persons"]))' >after.txt
cmp -s before.txt after.txt || fail "a new, unmeasured load does not change the persons behind a figure"
"$lap" audit verify --db "$db" >verify.txt || fail "lap audit verify: $(cat verify.txt)"
grep -q '^intact$' verify.txt || fail "the audit log is intact"
grep -qE '^head: [0-9a-f]{64}$' verify.txt || fail "verify prints the head hash"

# Sign out ends the session.
[ "$(api "$wse_cookie" "$wse_csrf" DELETE /session)" = 204 ] || fail "sign out"
[ "$(api "$wse_cookie" "$wse_csrf" GET /calls)" = 401 ] || fail "a signed-out session is gone"

# The access log has neither tokens nor passwords.
grep -q "$ant_cookie" access.log serve.err && fail "a session token was logged"
grep -q "wachtwoord" access.log serve.err && fail "a password was logged"

kill -TERM "$server_pid"
wait "$server_pid" || fail "lap serve exits 0 on SIGTERM"
server_pid=""

echo "cli_api: ok"
