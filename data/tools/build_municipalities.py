#!/usr/bin/env python3
"""Build data/municipalities.csv from data/raw/*, data/regiegebied_members.csv and
data/postcode_corrections.csv.

Deterministic, standard library only.  Usage (from the repository root):

    python3 data/tools/build_municipalities.py           # rebuild the CSV, then run all checks
    python3 data/tools/build_municipalities.py --check   # do not write; also fail if the
                                                          # committed CSV differs from the build

Exit status 0 when every check passes, 1 otherwise.  Provenance of every column is
documented in data/SOURCES.md.
"""

import csv
import io
import re
import sys
from collections import Counter, OrderedDict, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
RAW = DATA / "raw"
OUT = DATA / "municipalities.csv"
MEMBERS = DATA / "regiegebied_members.csv"
POSTCODE_CORRECTIONS = DATA / "postcode_corrections.csv"

HEADER = [
    "nis", "name", "arrondissement_nis", "arrondissement", "province_nis", "province",
    "centrumstad", "regiegebied", "regiegebied_quality", "referentieregio", "valid_from",
    "valid_to", "successor_nis", "population_2022", "postcode",
]

LAST_DAY_OLD = "2024-12-31"   # last day of the 2019-2024 municipality list
FIRST_DAY_NEW = "2025-01-01"  # the 1 January 2025 mergers take effect

# The 13 centrumsteden (Flemish urban policy), NIS codes of the 2019-2024 list.
CENTRUMSTEDEN = {
    "41002": "Aalst", "11002": "Antwerpen", "31005": "Brugge", "71016": "Genk",
    "44021": "Gent", "71022": "Hasselt", "34022": "Kortrijk", "24062": "Leuven",
    "12025": "Mechelen", "35013": "Oostende", "36015": "Roeselare",
    "46021": "Sint-Niklaas", "13040": "Turnhout",
}

# Expected municipality counts per province (Statbel; seeds/002 survey table).
EXPECTED_2024 = OrderedDict([("Antwerpen", 69), ("Vlaams-Brabant", 65),
                             ("West-Vlaanderen", 64), ("Oost-Vlaanderen", 60), ("Limburg", 42)])
EXPECTED_2025 = OrderedDict([("Antwerpen", 67), ("Vlaams-Brabant", 63),
                             ("West-Vlaanderen", 62), ("Oost-Vlaanderen", 55), ("Limburg", 38)])
EXPECTED_REGIEGEBIEDEN = OrderedDict([("Antwerpen", 11), ("Vlaams-Brabant", 7),
                                      ("West-Vlaanderen", 5), ("Oost-Vlaanderen", 7),
                                      ("Limburg", 7)])
FLEMISH_PROVINCES = {"10000", "20001", "30000", "40000", "70000"}

# Postcode ranges of the Flemish provinces (bpost numbering).
POSTCODE_RANGES = {
    "10000": [(2000, 2999)],
    "20001": [(1500, 1999), (3000, 3499)],
    "30000": [(8000, 8999)],
    "40000": [(9000, 9999)],
    "70000": [(3500, 3999)],
}

# Published scale of the 34 subsidised samenwerkingsverbanden in 2020 (inhabitants);
# used for an informational report only.
SCALE_2020 = (61786, 301550)

SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")

errors = []
notes = []


def fail(msg):
    errors.append(msg)


def read_csv(name, delimiter=",", encoding="utf-8"):
    with open(RAW / name, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def iso(ddmmyyyy):
    d, m, y = ddmmyyyy.split("/")
    return "%s-%s-%s" % (y, m, d)


def is_flemish(nis):
    return len(nis) == 5 and nis.isdigit() and (nis[0] in "1347" or nis[:2] in ("23", "24"))


def strip_suffix(name):
    return SUFFIX.sub("", name).strip()


def load():
    src = {}
    # Statbel REFNIS (pipe-separated, UTF-8 with BOM, CRLF)
    refnis = read_csv("TU_COM_REFNIS.txt", delimiter="|", encoding="utf-8-sig")
    src["refnis"] = refnis
    src["g2024"] = read_csv("gemeente2024.csv")
    src["g2025"] = read_csv("gemeente.csv")
    src["xwalk"] = read_csv("gemeente2024_gemeente.csv")
    src["arr2024"] = read_csv("gemeente2024_arrondiss2024.csv")
    src["arr2025"] = read_csv("gemeente_arrondiss.csv")
    src["arrnames"] = read_csv("arrondiss.csv")
    src["arrprov"] = read_csv("arrondiss_provincie.csv")
    src["provnames"] = read_csv("provincie.csv")
    src["refreg2024"] = read_csv("gemeente_refreg_2024.csv")
    src["refreg2025"] = read_csv("gemeente_refreg.csv")
    src["refregs"] = read_csv("REFREG.csv")
    src["pop2022"] = read_csv("bevolkingsaantal_per_gemeente.csv")
    src["pop2020"] = read_csv("bevolking_per_gemeente.csv", encoding="utf-8-sig")
    src["bm"] = read_csv("belgian_municipalities.csv")
    with open(RAW / "fusies-2025.csv", encoding="utf-8", newline="") as f:
        src["fusies"] = f.read().splitlines()
    with open(MEMBERS, encoding="utf-8", newline="") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        fail("regiegebied_members.csv starts with a BOM")
        text = text[1:]
    src["members"] = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    src["members_header"] = text.split("\n", 1)[0]
    with open(POSTCODE_CORRECTIONS, encoding="utf-8", newline="") as f:
        src["postcode_corrections"] = list(csv.DictReader(f, delimiter=";"))
    return src


def parse_fusies(lines):
    """'A (11002) + B (11007),<TAB>New (11002)' -> {new_nis: (new_name, {old_nis})}."""
    out = {}
    item = re.compile(r"^(.*?)\s*\((\d{5})\)$")
    for line in lines[1:]:
        if not line.strip():
            continue
        left, right = line.split(",\t")
        olds = set()
        for part in left.split(" + "):
            m = item.match(part.strip())
            olds.add(m.group(2))
        m = item.match(right.strip())
        out[m.group(2)] = (m.group(1), olds)
    return out


def build(src):
    # ---- REFNIS: municipalities valid on 2024-12-31, arrondissement / province names
    ref_valid = {}
    ref_names = {}
    for r in src["refnis"]:
        start, end = iso(r["DT_VLDT_START"]), iso(r["DT_VLDT_END"])
        if not (start <= LAST_DAY_OLD <= end):
            continue
        if r["LVL_REFNIS"] == "4":
            ref_valid[r["CD_REFNIS"]] = r
        elif r["LVL_REFNIS"] in ("2", "3"):
            ref_names[r["CD_REFNIS"]] = r["TX_REFNIS_NL"]
    old_codes = sorted(c for c in ref_valid if is_flemish(c))

    # ---- Provincies in Cijfers lists
    g2024 = {r["geoitem code"]: r["name"] for r in src["g2024"] if is_flemish(r["geoitem code"])}
    g2025 = {r["geoitem code"]: r["name"] for r in src["g2025"] if is_flemish(r["geoitem code"])}
    if sorted(g2024) != old_codes:
        fail("gemeente2024.csv Flemish codes differ from REFNIS codes valid on %s: %s"
             % (LAST_DAY_OLD, sorted(set(g2024) ^ set(old_codes))))
    xwalk = {r["gemeente2024"]: r["gemeente"] for r in src["xwalk"] if is_flemish(r["gemeente2024"])}
    if sorted(xwalk) != old_codes:
        fail("gemeente2024_gemeente.csv does not cover exactly the %d old codes" % len(old_codes))
    new_codes = sorted(c for c in g2025 if c not in g2024)
    predecessors = defaultdict(list)
    for old, new in sorted(xwalk.items()):
        predecessors[new].append(old)
        if new not in g2025:
            fail("successor %s of %s is not in the 2025 list" % (new, old))
    for c in g2025:
        if c not in predecessors:
            fail("2025 code %s has no predecessor in the crosswalk" % c)

    # ---- mergers as published (fusies-2025.csv) must agree with the crosswalk
    fus = parse_fusies(src["fusies"])
    for new, (fname, olds) in sorted(fus.items()):
        if not is_flemish(new):
            continue
        if set(predecessors.get(new, [])) != olds:
            fail("fusies-2025.csv: %s has predecessors %s, crosswalk says %s"
                 % (new, sorted(olds), sorted(predecessors.get(new, []))))
        clean = re.sub(r"\s*\(voorlopige naam\)\s*$", "", fname)
        if clean != fname:
            notes.append("fusies-2025.csv marks '%s' as provisional; gemeente.csv gives '%s'"
                         % (fname, g2025.get(new)))
        if clean != g2025.get(new):
            fail("name of %s: fusies-2025.csv '%s' vs gemeente.csv '%s'" % (new, clean, g2025.get(new)))
    merged_new = {n for n, ps in predecessors.items() if ps != [n]}
    fus_flemish = {n for n in fus if is_flemish(n)}
    if merged_new != fus_flemish:
        fail("merged codes in crosswalk %s differ from fusies-2025.csv %s"
             % (sorted(merged_new), sorted(fus_flemish)))

    # ---- arrondissement and province
    arr2024 = {r["gemeente2024"]: r["arrondiss2024"] for r in src["arr2024"]}
    arr2025 = {r["gemeente"]: r["arrondiss"] for r in src["arr2025"]}
    arrname = {r["geoitem code"]: r["name"].replace(" (Arr.)", "").strip() for r in src["arrnames"]}
    arrprov = {r["arrondiss"]: r["provincie"] for r in src["arrprov"]}
    provname = {r["geoitem code"]: r["name"].replace(" (Prov.)", "").strip() for r in src["provnames"]}

    # ---- referentieregio's
    refreg2024 = {r["gemeente"]: r["Name REFREG"] for r in src["refreg2024"]}
    refreg2025 = {r["gemeente"]: r["Name REFREG"] for r in src["refreg2025"]}
    refreg_valid = {r["name"] for r in src["refregs"] if r["geoitem code"].startswith("REFREG")
                    and r["geoitem code"][6:].isdigit() and int(r["geoitem code"][6:]) <= 15}

    # ---- population 1 Jan 2022, postcode
    pop = {}
    for r in src["pop2022"]:
        code = r["NSI-code"].strip().zfill(5)
        pop[code] = int(r["Aantal"])
    pop2020 = {r["NIS code"]: int(r["Totaal"]) for r in src["pop2020"]}
    zips = {r["NIS_code"]: r["zip"].strip() for r in src["bm"]}
    corr_nis = Counter(c["nis"] for c in src["postcode_corrections"])
    for nis, n in corr_nis.items():
        if n > 1:
            fail("postcode_corrections.csv: %s listed %d times" % (nis, n))
    for c in src["postcode_corrections"]:
        if not re.fullmatch(r"\d{4}", c.get("postcode") or ""):
            fail("postcode_corrections.csv: %s has postcode %r" % (c["nis"], c.get("postcode")))
            continue
        if zips.get(c["nis"]) != c["source_zip"]:
            fail("postcode_corrections.csv: %s expects source zip %s, belgian_municipalities.csv has %s"
                 % (c["nis"], c["source_zip"], zips.get(c["nis"])))
            continue
        zips[c["nis"]] = c["postcode"]

    # ---- regiegebieden (curated)
    members = {}
    for r in src["members"]:
        members[r["nis"]] = r

    rows = {}
    for nis in old_codes:
        ref = ref_valid[nis]
        a = arr2024.get(nis, "")
        p = arrprov.get(a, "")
        m = members.get(nis)
        successor = xwalk.get(nis, "")
        ends = successor != nis
        rows[nis] = OrderedDict([
            ("nis", nis),
            ("name", g2024[nis]),
            ("arrondissement_nis", a),
            ("arrondissement", arrname.get(a, "")),
            ("province_nis", p),
            ("province", provname.get(p, "")),
            ("centrumstad", "1" if nis in CENTRUMSTEDEN else "0"),
            ("regiegebied", m["regiegebied"] if m else ""),
            ("regiegebied_quality", m["quality"] if m else ""),
            ("referentieregio", refreg2024.get(nis, "")),
            ("valid_from", iso(ref["DT_VLDT_START"])),
            ("valid_to", LAST_DAY_OLD if ends else ""),
            ("successor_nis", successor if ends else ""),
            ("population_2022", str(pop[nis]) if nis in pop else ""),
            ("postcode", zips.get(nis, "")),
        ])
        # cross-checks against REFNIS
        if strip_suffix(ref["TX_REFNIS_NL"]) != g2024[nis]:
            fail("%s: REFNIS name '%s' vs gemeente2024.csv '%s'" % (nis, ref["TX_REFNIS_NL"], g2024[nis]))
        if ref["CD_SUP_REFNIS"] != a:
            fail("%s: REFNIS arrondissement %s vs gemeente2024_arrondiss2024.csv %s"
                 % (nis, ref["CD_SUP_REFNIS"], a))

    for nis in new_codes:
        preds = predecessors[nis]
        largest = max(preds, key=lambda c: (pop.get(c, -1), c))
        a = arr2025.get(nis, "")
        p = arrprov.get(a, "")
        inherited = members.get(largest)
        reg, qual = "", ""
        if inherited:
            reg = inherited["regiegebied"]
            agree = all(members.get(c) and members[c]["regiegebied"] == reg
                        and members[c]["quality"] == "stated" for c in preds)
            qual = "stated" if agree else "approximate"
        rows[nis] = OrderedDict([
            ("nis", nis),
            ("name", g2025[nis]),
            ("arrondissement_nis", a),
            ("arrondissement", arrname.get(a, "")),
            ("province_nis", p),
            ("province", provname.get(p, "")),
            ("centrumstad", "1" if any(c in CENTRUMSTEDEN for c in preds) else "0"),
            ("regiegebied", reg),
            ("regiegebied_quality", qual),
            ("referentieregio", refreg2025.get(nis, "")),
            ("valid_from", FIRST_DAY_NEW),
            ("valid_to", ""),
            ("successor_nis", ""),
            ("population_2022", str(sum(pop[c] for c in preds)) if all(c in pop for c in preds) else ""),
            ("postcode", zips.get(largest, "")),
        ])

    ctx = dict(old_codes=old_codes, g2025=g2025, new_codes=new_codes, predecessors=predecessors,
               members=members, refreg_valid=refreg_valid, ref_names=ref_names, pop2020=pop2020,
               pop=pop, arrprov=arrprov, provname=provname, arr2025=arr2025)
    return [rows[k] for k in sorted(rows)], ctx


def render(rows):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(HEADER)
    for r in rows:
        w.writerow([r[h] for h in HEADER])
    return buf.getvalue()


def valid_on(row, day):
    return row["valid_from"] <= day and (row["valid_to"] == "" or day <= row["valid_to"])


def check(rows, ctx, src):
    by_nis = {r["nis"]: r for r in rows}

    # header of the curated file
    if src["members_header"] != "nis;regiegebied;quality;evidence":
        fail("regiegebied_members.csv header is '%s'" % src["members_header"])

    # no empty core fields; format
    for r in rows:
        for h in ("nis", "name", "arrondissement_nis", "arrondissement", "province_nis", "province",
                  "centrumstad", "referentieregio", "valid_from", "population_2022", "postcode"):
            if r[h] == "":
                fail("%s: empty %s" % (r["nis"], h))
        if not re.fullmatch(r"\d{5}", r["nis"]):
            fail("bad nis %r" % r["nis"])
        if not is_flemish(r["nis"]) or r["nis"].startswith("21") or r["nis"].startswith("9999"):
            fail("%s: not a Flemish municipality code" % r["nis"])
        if r["province_nis"] not in FLEMISH_PROVINCES:
            fail("%s: province %s is not Flemish" % (r["nis"], r["province_nis"]))
        if "(" in r["name"] or ")" in r["name"]:
            fail("%s: name with suffix '%s'" % (r["nis"], r["name"]))
        if "(" in r["arrondissement"] or "(" in r["province"]:
            fail("%s: arrondissement/province name with suffix" % r["nis"])
        if r["arrondissement_nis"][:2] != r["nis"][:2]:
            notes.append("%s %s: code prefix %s, arrondissement %s (%s)" % (
                r["nis"], r["name"], r["nis"][:2], r["arrondissement_nis"], r["arrondissement"]))
        if not re.fullmatch(r"\d{4}", r["postcode"]):
            fail("%s: bad postcode %r" % (r["nis"], r["postcode"]))
        elif not any(lo <= int(r["postcode"]) <= hi for lo, hi in POSTCODE_RANGES.get(r["province_nis"], [])):
            fail("%s %s: postcode %s outside the range of province %s"
                 % (r["nis"], r["name"], r["postcode"], r["province"]))
        if r["referentieregio"] not in ctx["refreg_valid"]:
            fail("%s: unknown referentieregio %r" % (r["nis"], r["referentieregio"]))
        if r["regiegebied"] and r["regiegebied_quality"] not in ("stated", "approximate"):
            fail("%s: bad regiegebied_quality" % r["nis"])
        if bool(r["regiegebied"]) != bool(r["regiegebied_quality"]):
            fail("%s: regiegebied and quality must be both set or both empty" % r["nis"])
        if bool(r["valid_to"]) != bool(r["successor_nis"]):
            fail("%s: valid_to and successor_nis must be both set or both empty" % r["nis"])
        # arrondissement / province names agree with REFNIS where REFNIS knows the unit
        rn = ctx["ref_names"]
        if r["arrondissement_nis"] in rn and rn[r["arrondissement_nis"]] != "Arrondissement " + r["arrondissement"]:
            fail("%s: arrondissement name '%s' vs REFNIS '%s'" % (r["nis"], r["arrondissement"], rn[r["arrondissement_nis"]]))
        if r["province_nis"] in rn and rn[r["province_nis"]] != "Provincie " + r["province"]:
            fail("%s: province name '%s' vs REFNIS '%s'" % (r["nis"], r["province"], rn[r["province_nis"]]))

    # 300 on 2024-12-31, 285 on 2025-01-01, per province
    for day, expected, total in ((LAST_DAY_OLD, EXPECTED_2024, 300), (FIRST_DAY_NEW, EXPECTED_2025, 285)):
        live = [r for r in rows if valid_on(r, day)]
        cnt = Counter(r["province"] for r in live)
        if len(live) != total:
            fail("%d municipalities valid on %s, expected %d" % (len(live), day, total))
        for prov, n in expected.items():
            if cnt.get(prov, 0) != n:
                fail("%s on %s: %d municipalities, expected %d" % (prov, day, cnt.get(prov, 0), n))
        print("valid on %s: %d  (%s)" % (day, len(live), ", ".join("%s %d" % (p, cnt.get(p, 0)) for p in expected)))
    live2025 = {r["nis"] for r in rows if valid_on(r, FIRST_DAY_NEW)}
    if live2025 != set(ctx["g2025"]):
        fail("codes valid on %s differ from gemeente.csv: %s" % (FIRST_DAY_NEW, sorted(live2025 ^ set(ctx["g2025"]))))

    # successors
    for r in rows:
        if r["successor_nis"]:
            s = by_nis.get(r["successor_nis"])
            if s is None or not valid_on(s, FIRST_DAY_NEW):
                fail("%s: successor %s missing or not valid on %s" % (r["nis"], r["successor_nis"], FIRST_DAY_NEW))
            if r["valid_to"] != LAST_DAY_OLD:
                fail("%s: valid_to %s" % (r["nis"], r["valid_to"]))

    # centrumsteden
    c2024 = [r for r in rows if valid_on(r, LAST_DAY_OLD) and r["centrumstad"] == "1"]
    c2025 = [r for r in rows if valid_on(r, FIRST_DAY_NEW) and r["centrumstad"] == "1"]
    if sorted(r["nis"] for r in c2024) != sorted(CENTRUMSTEDEN):
        fail("centrumsteden valid on %s: %s" % (LAST_DAY_OLD, sorted(r["nis"] for r in c2024)))
    for r in c2024:
        if r["name"] != CENTRUMSTEDEN[r["nis"]]:
            fail("centrumstad %s is named '%s', expected '%s'" % (r["nis"], r["name"], CENTRUMSTEDEN[r["nis"]]))
    if len(c2025) != 13:
        fail("%d centrumsteden valid on %s, expected 13" % (len(c2025), FIRST_DAY_NEW))
    print("centrumsteden: %d on %s, %d on %s" % (len(c2024), LAST_DAY_OLD, len(c2025), FIRST_DAY_NEW))

    # population totals
    tot2024 = sum(int(r["population_2022"]) for r in rows if valid_on(r, LAST_DAY_OLD))
    print("population 1 Jan 2022, 300-list total: %d" % tot2024)
    if tot2024 != 6698876:
        fail("population 2022 total %d, expected 6698876 (Statbel, Vlaams Gewest)" % tot2024)

    # curated regiegebieden
    members = ctx["members"]
    old = set(ctx["old_codes"])
    seen = Counter(r["nis"] for r in src["members"])
    for nis, n in seen.items():
        if n > 1:
            fail("regiegebied_members.csv: %s listed %d times" % (nis, n))
    for r in src["members"]:
        if r["nis"] not in old:
            fail("regiegebied_members.csv: %s is not a code of the 2019-2024 list" % r["nis"])
        if r["quality"] not in ("stated", "approximate"):
            fail("regiegebied_members.csv: %s has quality %r" % (r["nis"], r["quality"]))
        if not r["evidence"].strip() or not r["regiegebied"].strip():
            fail("regiegebied_members.csv: %s lacks regiegebied or evidence" % r["nis"])
    provs = defaultdict(set)
    size = Counter()
    size2020 = Counter()
    for r in rows:
        if r["regiegebied"]:
            provs[r["regiegebied"]].add(r["province"])
    for nis, m in members.items():
        size[m["regiegebied"]] += 1
        size2020[m["regiegebied"]] += ctx["pop2020"].get(nis, 0)
    for reg, ps in sorted(provs.items()):
        if len(ps) != 1:
            fail("regiegebied %s spans provinces %s" % (reg, sorted(ps)))
    per_prov = Counter(next(iter(ps)) for ps in provs.values() if len(ps) == 1)
    print("regiegebieden: %d  (%s)" % (len(provs), ", ".join("%s %d" % (p, per_prov.get(p, 0)) for p in EXPECTED_REGIEGEBIEDEN)))
    if len(provs) != 37:
        fail("%d regiegebieden, expected 37" % len(provs))
    for p, n in EXPECTED_REGIEGEBIEDEN.items():
        if per_prov.get(p, 0) != n:
            fail("%s: %d regiegebieden, expected %d" % (p, per_prov.get(p, 0), n))
    q = Counter(m["quality"] for m in members.values())
    print("300-list municipalities in a regiegebied: %d stated, %d approximate, %d none"
          % (q["stated"], q["approximate"], len(old) - len(members)))
    lo, hi = SCALE_2020
    for reg in sorted(size):
        if reg in ("Antwerpen", "Gent", "Leuven"):
            continue
        if not lo <= size2020[reg] <= hi:
            notes.append("regiegebied %s: %d inhabitants on 1 Jan 2020, outside the published 2020 range %d-%d"
                         % (reg, size2020[reg], lo, hi))


def main(argv):
    check_only = "--check" in argv
    src = load()
    rows, ctx = build(src)
    text = render(rows)
    check(rows, ctx, src)
    if check_only:
        current = OUT.read_bytes().decode("utf-8") if OUT.exists() else None
        if current != text:
            fail("%s is not the output of this script; rebuild it" % OUT.relative_to(DATA.parent))
    elif not errors:
        with open(OUT, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print("wrote %s (%d rows)" % (OUT.relative_to(DATA.parent), len(rows)))
    for n in notes:
        print("note: " + n)
    if errors:
        for e in errors:
            print("ERROR: " + e, file=sys.stderr)
        print("%d check(s) failed" % len(errors), file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
