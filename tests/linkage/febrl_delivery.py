#!/usr/bin/env python3
"""Writes a delivery directory (docs/formats.md) from the public FEBRL3 benchmark.

FEBRL dataset 3 (data/linkage/febrl3.csv, see its README) holds 2,000 original
records `rec-N-org` and 3,000 corrupted duplicates `rec-N-dup-K` of them, made
by a generator nobody here wrote. This maps them onto our exchange formats so
`lap import` and `lap link --ground-truth` can be measured on them:

- every original is an OCMW person: one row of `rmi_entitlements.csv`;
- every duplicate is a VDAB client of its own: one row of
  `vdab_registrations.csv` (client ids in file order, so they say nothing);
- `ground_truth.csv`: the original's INSZ and the duplicates' client ids under
  person id N.

The fields:
- names, birth date (YYYYMMDD -> ISO; a duplicate's impossible date is left
  empty, as VDAB's form would refuse it), postcode as given; FEBRL's street
  number and first address line become `house_number` and `street` when the
  delivery has address columns (`--address`);
- postcodes below 1000 (Australian, no Belgian equivalent) get 9000 added,
  consistently on both sides (9000-9999 is otherwise used once in FEBRL3);
- the INSZ plays FEBRL's social security number: YYMMDD of the record's birth
  date, the last three digits of its `soc_sec_id` as the sequence (000 and 999,
  which no INSZ has, become 500; a typo in the first four digits does not
  show), and the check digits of the ORIGINAL's number. So a duplicate whose
  birth date or social security number was corrupted carries an INSZ with the
  same digits wrong that fails its check (or, 1 in 97, passes it: a mistyped
  number that happens to be valid), as a mistyped one would. A duplicate
  without a birth date has no INSZ. An original without a birth date gets a
  BIS number with an unknown birth date (`002000SSSCC`: year part 00, month
  +20, day 00). Originals that would share a number get the next free
  sequence.
- FEBRL has no sex: the person's sex is the one of the original's sequence
  (odd: man, even: woman), and every record of the person carries it (recorded
  correctly).
- `--no-insz`: the VDAB rows carry no INSZ at all (names, birth date, sex,
  postcode only).
"""
import argparse
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "..", "..", "data", "linkage", "febrl3.csv")

RMI_COLUMNS = ["ocmw_nis", "insz", "last_name", "first_name", "birth_date", "sex", "postcode",
               "kind", "ukrainian", "gpmi", "exemption", "start_date", "end_date"]
VDAB_COLUMNS = ["vdab_client_id", "insz", "last_name", "first_name", "birth_date", "sex",
                "postcode", "category", "ocmw_nis", "start_date", "end_date"]
ADDRESS_COLUMNS = ["street", "house_number"]


def check_digits(first9: str, year: int) -> str:
    n = int(("2" + first9) if year >= 2000 else first9)
    return f"{97 - n % 97:02d}"


def valid_date(d: str) -> bool:
    if len(d) != 8 or not d.isdigit():
        return False
    y, m, day = int(d[:4]), int(d[4:6]), int(d[6:])
    if not 1900 <= y <= 2099 or not 1 <= m <= 12:
        return False
    days = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31,
            31, 30, 31, 30, 31][m - 1]
    return 1 <= day <= days


def sequence(ssid: str) -> int:
    seq = int(ssid[-3:])
    return 500 if seq in (0, 999) else seq


def postcode(p: str) -> str:
    v = int(p)
    return str(v + 9000 if v < 1000 else v)


def text(v: str) -> str:
    return " ".join(v.split())[:100]


def read_febrl(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, skipinitialspace=True))
    header, rows = rows[0], rows[1:]
    out = []
    for r in rows:
        rec = dict(zip(header, (c.strip() for c in r)))
        _, n, kind = rec["rec_id"].split("-", 2)
        rec["n"], rec["original"] = n, kind == "org"
        out.append(rec)
    return out


def original_insz(rec, used):
    d = rec["date_of_birth"]
    seq = sequence(rec["soc_sec_id"])
    while True:
        if valid_date(d):
            first9 = f"{d[2:8]}{seq:03d}"
            number = first9 + check_digits(first9, int(d[:4]))
        else:  # BIS number, birth date unknown, sex unknown (+20)
            first9 = f"002000{seq:03d}"
            number = first9 + check_digits(first9, 1900)
        if number not in used:
            used.add(number)
            return number
        seq = seq % 998 + 1


def duplicate_insz(rec, original):
    d = rec["date_of_birth"]
    if len(d) != 8 or not d.isdigit():
        return ""
    return f"{d[2:8]}{sequence(rec['soc_sec_id']):03d}{original[9:]}"


def write(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="the delivery directory to write")
    ap.add_argument("--source", default=DEFAULT_SOURCE, help="febrl3.csv")
    ap.add_argument("--no-insz", action="store_true", help="VDAB rows without an INSZ")
    ap.add_argument("--address", action="store_true", help="write street and house_number")
    args = ap.parse_args()

    records = read_febrl(args.source)
    os.makedirs(args.out, exist_ok=True)
    used, insz_of = set(), {}
    rmi, vdab, truth = [], [], []
    for rec in records:
        if rec["original"]:
            insz_of[rec["n"]] = original_insz(rec, used)
    client = 1_000_000
    for rec in records:
        n = rec["n"]
        sex = "M" if int(insz_of[n][6:9]) % 2 == 1 else "F"
        birth = rec["date_of_birth"]
        iso = f"{birth[:4]}-{birth[4:6]}-{birth[6:]}" if valid_date(birth) else ""
        address = [text(rec["address_1"]), text(rec["street_number"])[:10]]
        if rec["original"]:
            row = ["11002", insz_of[n], text(rec["surname"]), text(rec["given_name"]), iso, sex,
                   postcode(rec["postcode"]), "LL", "0", "0", "none", "2024-01-01", ""]
            rmi.append(row + address if args.address else row)
            truth.append([n, "INSZ", insz_of[n]])
        else:
            client += 1
            insz = "" if args.no_insz else duplicate_insz(rec, insz_of[n])
            row = [str(client), insz, text(rec["surname"]), text(rec["given_name"]), iso, sex,
                   postcode(rec["postcode"]), "ANDER", "", "2024-02-01", ""]
            vdab.append(row + address if args.address else row)
            truth.append([n, "VDAB_CLIENT", str(client)])
    extra = ADDRESS_COLUMNS if args.address else []
    write(os.path.join(args.out, "rmi_entitlements.csv"), RMI_COLUMNS + extra, rmi)
    write(os.path.join(args.out, "vdab_registrations.csv"), VDAB_COLUMNS + extra, vdab)
    write(os.path.join(args.out, "ground_truth.csv"), ["person_id", "identifier_kind",
                                                       "identifier"], truth)
    print(f"{len(rmi)} OCMW persons, {len(vdab)} VDAB clients -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
