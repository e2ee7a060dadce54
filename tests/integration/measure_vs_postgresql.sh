#!/usr/bin/env bash
# Differential test: the engine's reach, LAP result and TWE-OCMW figures for
# every OCMW (lap import + lap measure) must equal an independent SQL
# implementation run in a throw-away PostgreSQL 15 on the raw exchange files.
set -euo pipefail
lap="$1"
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset LAP_PSEUDONYM_KEY LAP_DB
"$lap" generate --scale tiny --seed 5 --out "$work/d" >/dev/null
# The reference SQL joins persons by valid INSZ only: compare without linking.
"$lap" import "$work/d" --db "$work/lap.sqlite" --no-link >/dev/null
"$lap" measure --db "$work/lap.sqlite" --month 2019-01 --through 2025-12 \
  --call-period 2024-07..2025-12 --view internal --out "$work/engine.json"
LAP_REF_DELIVERY="$work/d" LAP_REF_P0=2024-07 LAP_REF_P1=2025-12 \
  LAP_ENGINE_JSON="$work/engine.json" "$here/pg_reference.sh" "$lap" "$work/ref.csv"
