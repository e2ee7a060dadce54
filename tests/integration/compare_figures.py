#!/usr/bin/env python3
"""Compares the engine's figures with the PostgreSQL reference figures.

usage: compare_figures.py REFERENCE.csv ENGINE.json [--max-shown N] [--min-compared N]

REFERENCE.csv (tests/integration/pg_reference.sh):
    indicator;variant;period;nis;numerator;denominator;pending
    (denominator empty where the indicator has none, e.g. lap_result)
ENGINE.json:
    {"figures": [{"indicator": "reach", "variant": "all", "period": "2023-05", "level": "ocmw",
                  "code": "11002", "numerator": 1, "denominator": 2, "pending": 0}, ...]}
    Only level == "ocmw" is read. A missing or empty variant means "all".

Every reference figure is compared with the engine figure of the same (indicator, variant,
period, nis): numerator, pending, and the denominator when the reference has one. A reference
figure the engine lacks is a difference unless all its values are 0 (the engine may leave empty
figures out). An engine figure with a non-zero value that the reference lacks, for an
(indicator, variant, period) the reference covers, is a difference too.

Exit status: 0 when there is no difference and at least --min-compared (default 1000) figures
were compared; 1 otherwise; 2 on unreadable input.
"""

import argparse
import csv
import json
import sys


def fail_input(msg):
    print(f"compare_figures: {msg}", file=sys.stderr)
    sys.exit(2)


def as_int(value, what):
    if value is None or value == "":
        return None
    try:
        if isinstance(value, float):
            if value != int(value):
                raise ValueError
            return int(value)
        return int(value)
    except (TypeError, ValueError):
        fail_input(f"{what}: not an integer: {value!r}")


def nis_key(code, what):
    try:
        return int(str(code).strip())
    except ValueError:
        fail_input(f"{what}: bad OCMW code {code!r}")


def read_reference(path):
    figures = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f, delimiter=";")
        need = {"indicator", "variant", "period", "nis", "numerator", "denominator", "pending"}
        if reader.fieldnames is None or not need <= set(reader.fieldnames):
            fail_input(f"{path}: header must name {';'.join(sorted(need))}")
        for line, row in enumerate(reader, start=2):
            where = f"{path}:{line}"
            key = (row["indicator"], row["variant"] or "all", row["period"], nis_key(row["nis"], where))
            if key in figures:
                fail_input(f"{where}: figure {key} twice")
            figures[key] = {
                "numerator": as_int(row["numerator"], where),
                "denominator": as_int(row["denominator"], where),
                "pending": as_int(row["pending"], where),
            }
    return figures


def read_engine(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        fail_input(f"{path}: {e}")
    items = doc.get("figures") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        fail_input(f'{path}: expected an object with a "figures" array')
    figures = {}
    for i, fig in enumerate(items):
        if not isinstance(fig, dict) or fig.get("level") != "ocmw":
            continue
        where = f"{path}: figures[{i}]"
        try:
            key = (fig["indicator"], fig.get("variant") or "all", fig["period"],
                   nis_key(fig["code"], where))
        except KeyError as e:
            fail_input(f"{where}: missing {e}")
        if key in figures:
            fail_input(f"{where}: figure {key} twice")
        figures[key] = {
            "numerator": as_int(fig.get("numerator"), where),
            "denominator": as_int(fig.get("denominator"), where),
            "pending": as_int(fig.get("pending"), where),
        }
    return figures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference")
    ap.add_argument("engine")
    ap.add_argument("--max-shown", type=int, default=20)
    ap.add_argument("--min-compared", type=int, default=1000)
    args = ap.parse_args()

    ref = read_reference(args.reference)
    eng = read_engine(args.engine)

    diffs = []  # (key, field, reference value, engine value)
    compared = 0
    per_indicator = {}
    for key in sorted(ref, key=lambda k: (k[0], k[1], k[2], k[3])):
        r = ref[key]
        e = eng.get(key)
        if e is None:
            if any(v for v in r.values()):
                diffs.append((key, "missing in engine", r, None))
            continue
        compared += 1
        per_indicator[key[0]] = per_indicator.get(key[0], 0) + 1
        for field in ("numerator", "denominator", "pending"):
            if r[field] is None:
                continue  # the reference has no such value for this indicator
            ev = e[field] if e[field] is not None else 0
            if ev != r[field]:
                diffs.append((key, field, r[field], ev))

    covered = {k[:3] for k in ref}
    for key in sorted(eng):
        if key in ref or key[:3] not in covered:
            continue
        if any(v for v in eng[key].values() if v is not None):
            diffs.append((key, "missing in reference", None, eng[key]))

    for key, field, rv, ev in diffs[: args.max_shown]:
        ind, var, period, nis = key
        print(f"DIFF {ind} {var} {period} nis={nis} {field}: reference={rv} engine={ev}")
    if len(diffs) > args.max_shown:
        print(f"... and {len(diffs) - args.max_shown} more differences")
    detail = ", ".join(f"{k} {v}" for k, v in sorted(per_indicator.items()))
    print(f"compared {compared} figures ({detail}); {len(diffs)} differences; "
          f"reference has {len(ref)} figures, engine {len(eng)} at level ocmw")
    if diffs:
        return 1
    if compared < args.min_compared:
        print(f"FAIL: fewer than {args.min_compared} figures compared")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
