#!/usr/bin/env python3
"""Tests scripts/check-includes on small made-up trees: what it allows, what it refuses and how it
names a refusal. Usage: check_includes_test.py PATH_TO_CHECK_INCLUDES"""

import os
import subprocess
import sys
import tempfile

TABLE = """# Contributing

## Modules and their dependencies

| module | what it holds | may use | third-party libraries |
|---|---|---|---|
| `core` | vocabulary | — | fmt |
| `formats` | CSV reading (`lap_csv`), the exchange formats (`lap_formats`) | core, geo | libcsv |
| `geo` | the registry | core, formats (`lap_csv` only) | — |
| `store` | storage | formats | SQLite |
| `pact` | rules (`lap_pact`) and the service (`lap_pact_service`) | core, geo; the service also store | — |
| `publish` | suppression | geo; the tests also audit | — |
| `audit` | the audit | publish, geo | GLPK |

## Errors
"""

CMAKE = {
    "formats": "add_library(lap_csv STATIC csv_reader.cc schema.cc)\n"
               "add_library(lap_formats STATIC exchange.cc)\n",
    "pact": "add_library(lap_pact STATIC call.cc)\nadd_library(lap_pact_service STATIC service.cc)\n",
}

FILES = {
    "core/date.h": "",
    "formats/csv_reader.h": '#include "lap/core/date.h"\n',
    "formats/exchange.h": '#include "lap/geo/registry.h"\n',
    "geo/registry.cc": '#include "lap/geo/registry.h"\n#include "lap/formats/csv_reader.h"\n',
    "geo/registry.h": "",
    "store/store.h": '#include "lap/formats/exchange.h"\n',
    "pact/call.cc": '#include "lap/geo/registry.h"\n',
    "pact/service.cc": '#include "lap/store/store.h"\n',
    "pact/service_test.cc": '#include "lap/store/store.h"\n',
    "publish/protect.cc": '#include "lap/geo/registry.h"\n',
    "publish/protect_test.cc": '#include "lap/audit/audit.h"\n',
    "audit/audit.h": '#include "lap/publish/protect.h"\n',
}


def make_tree(root, table=TABLE, extra=None):
    with open(os.path.join(root, "CONTRIBUTING.md"), "w", encoding="utf-8") as f:
        f.write(table)
    files = dict(FILES)
    files.update(extra or {})
    for path, text in files.items():
        full = os.path.join(root, "src", "lap", path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    for module, text in CMAKE.items():
        with open(os.path.join(root, "src", "lap", module, "CMakeLists.txt"), "w") as f:
            f.write(text)


def run(check, table=TABLE, extra=None):
    with tempfile.TemporaryDirectory() as root:
        make_tree(root, table, extra)
        p = subprocess.run([sys.executable, check, root], capture_output=True, text=True)
        return p.returncode, p.stdout + p.stderr


def expect(name, got, rc, *texts):
    code, out = got
    ok = code == rc and all(t in out for t in texts)
    print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if not ok:
        print(f"     exit {code}, wanted {rc} and {texts}; output:\n{out}")
    return ok


def main():
    check = sys.argv[1]
    results = [
        expect("a tree that keeps the table passes", run(check), 0),
        expect("a header outside the allowed target is refused, with file:line and the row",
               run(check, extra={"geo/registry.cc": '#include "lap/formats/csv_reader.h"\n'
                                                    '#include "lap/formats/exchange.h"\n'}),
               1, "src/lap/geo/registry.cc:2: includes lap/formats/exchange.h, which is not in "
                  "lap_csv", "(CONTRIBUTING.md:9)"),
        expect("only the service may use what the service may",
               run(check, extra={"pact/call.cc": '#include "lap/store/store.h"\n'}),
               1, "src/lap/pact/call.cc:1: includes lap/store/store.h but `pact` may use only "
                  "core, geo"),
        expect("only the tests may use what the tests may",
               run(check, extra={"publish/protect.cc": '#include "lap/audit/audit.h"\n'}),
               1, "src/lap/publish/protect.cc:1: includes lap/audit/audit.h"),
        expect("a module that is not in the table is refused",
               run(check, extra={"report/figures.cc": '#include "lap/core/date.h"\n'}),
               1, "src/lap/report/: the module has no row"),
        expect("a row naming no module is an error in the table",
               run(check, table=TABLE.replace("publish, geo |", "publish, csv |")),
               2, "the row of `audit` names 'csv'"),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
