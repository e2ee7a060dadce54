#!/usr/bin/python3
"""Compares lap's INSZ validator with python3-stdnum, an independent implementation.

Usage: insz_stdnum_crosscheck.py PATH/TO/insz_crosscheck [COUNT] [SEED]

The C++ tool generates COUNT candidates (valid national and BIS numbers, numbers
with unknown date parts, one-digit typos, transpositions, random digits, numbers
with a correct check but impossible dates, separators, malformed strings) and
prints its own verdicts. For every candidate this script checks:
  * compact form equals stdnum.be.nn.compact;
  * the check-digit verdict (including the century rule) equals stdnum.be.nn.is_valid;
  * a number lap accepts is accepted by stdnum, with the same century, birth date
    and presentation format;
  * a number stdnum accepts but lap refuses breaks one of lap's additional rules
    (month/day range, real calendar day, sequence 001-998, no future birth),
    re-checked here independently;
  * stdnum.be.bis, when this stdnum has it, agrees on BIS numbers.
Exits 1 on the first 20 disagreements (printed), 0 when all agree.
"""
import datetime
import subprocess
import sys

from stdnum.be import nn

try:
    from stdnum.be import bis  # stdnum >= 1.19
except ImportError:  # Debian 12 ships 1.18 without it
    bis = None

PROBLEMS = ["characters", "length", "checksum", "month", "day", "sequence", "future_birth"]


def independent_reason(digits, century, today):
    """Which of lap's extra rules a checksum-valid number breaks, computed here."""
    yy, mm, dd, seq = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6:9])
    year = century + yy
    if 40 <= mm <= 52:
        month = mm - 40
    elif 20 <= mm <= 32:
        month = mm - 20
    elif mm <= 12:
        month = mm
    else:
        return "month"
    if dd > 31:
        return "day"
    if month and dd:
        try:
            datetime.date(year, month, dd)
        except ValueError:
            return "day"
    if seq in (0, 999):
        return "sequence"
    if year > today.year:
        return "future_birth"
    if year == today.year and month:
        if month > today.month or (month == today.month and dd > today.day):
            return "future_birth"
    return None


def main():
    tool = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    seed = sys.argv[3] if len(sys.argv) > 3 else "20261123"
    today = datetime.date.today()
    proc = subprocess.Popen([tool, str(count), seed, today.isoformat()], stdout=subprocess.PIPE,
                            text=True, bufsize=1 << 20)
    failures = []
    n = n_valid = n_checksum_only = n_bis = 0

    def fail(msg):
        failures.append(msg)
        if len(failures) >= 20:
            raise StopIteration

    try:
        for line in proc.stdout:
            n += 1
            inp, compact, century, valid, problem, kind, bdate, fmt = line.rstrip("\n").split("|")
            century = int(century)
            ours_valid = valid == "1"
            if nn.compact(inp) != compact:
                fail(f"{inp!r}: compact {compact!r} vs stdnum {nn.compact(inp)!r}")
                continue
            theirs = nn.is_valid(inp)
            if theirs != (century != 0):
                fail(f"{inp!r}: checksum verdict {century} vs stdnum {theirs}")
                continue
            if theirs:
                their_century = nn._checksum(compact)
                if their_century * 100 != century:
                    fail(f"{inp!r}: century {century} vs stdnum {their_century}")
                    continue
            if ours_valid:
                n_valid += 1
                if not theirs:
                    fail(f"{inp!r}: lap accepts, stdnum refuses")
                    continue
                if nn.format(compact) != fmt:
                    fail(f"{inp!r}: format {fmt!r} vs stdnum {nn.format(compact)!r}")
                    continue
                if kind == "nn" and bdate:
                    if nn.get_birth_date(compact).isoformat() != bdate:
                        fail(f"{inp!r}: birth date {bdate} vs stdnum {nn.get_birth_date(compact)}")
                        continue
                if kind == "bis":
                    n_bis += 1
                    if bis is not None and not bis.is_valid(compact):
                        fail(f"{inp!r}: lap accepts BIS number, stdnum.be.bis refuses")
                        continue
            elif theirs:
                n_checksum_only += 1
                reason = independent_reason(compact, century, today)
                ours = PROBLEMS[int(problem)]
                if reason != ours:
                    fail(f"{inp!r}: lap refuses for {ours}, independent check says {reason}")
                    continue
    except StopIteration:
        pass
    proc.stdout.close()
    proc.wait()
    if proc.returncode not in (0, None) and not failures:
        failures.append(f"generator exited with {proc.returncode}")
    if not failures and n < count:
        failures.append(f"only {n} of {count} candidates were generated")
    print(f"compared {n} numbers with python3-stdnum: {n_valid} valid for lap ({n_bis} BIS), "
          f"{n_checksum_only} with a correct check that lap refuses for a date or sequence rule, "
          f"{n - n_valid - n_checksum_only} refused by both; stdnum.be.bis "
          f"{'used' if bis else 'not available'}")
    for f in failures:
        print("DISAGREEMENT:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
