#!/usr/bin/env bash
# Benchmark (not a test) of the case pages (issue: < 200 ms p99 at `flanders` scale with 100,000
# cases): a `flanders` delivery imported and linked into SQLite, 100,000 open cases made with SQL
# (each with 3 actions, 2 notes, a decided handover, a transmission and 7 history rows, on persons
# with a leefloon at that OCMW), then `lap serve` and wrk with 8 keep-alive connections reading
# random cases of OCMW Antwerpen (GET /api/v1/cases/{case}, each read audited as in production),
# and single timings of the work lists and the dashboard's case figures.
#   bench/cases.sh [seconds] [workdir]     LAP=path/to/lap to use another binary
# Needs wrk and sqlite3 (scripts/install-deps installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
work="${2:-$(mktemp -d)}"
lap="$(realpath "${LAP:-build/release/src/lap/cli/lap}")"
[ -x "$lap" ] || scripts/build release >/dev/null
lua="$(realpath bench/cases_wrk.lua)"
mkdir -p "$work"
cd "$work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
server_pid=""
trap '[ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null; wait 2>/dev/null || true' EXIT

if [ ! -f lap.sqlite ]; then
  "$lap" generate --scale flanders --seed 1 --out d >/dev/null
  /usr/bin/time -f 'import and link: %e s, %M KiB' "$lap" import d --db lap.sqlite >/dev/null
fi
# The cases of an earlier run go first (the history's append-only triggers are lifted for it).
sqlite3 lap.sqlite <<'SQL'
DROP TRIGGER IF EXISTS case_event_no_update;
DROP TRIGGER IF EXISTS case_event_no_delete;
DELETE FROM notification; DELETE FROM case_event; DELETE FROM case_transmission;
DELETE FROM case_exemption; DELETE FROM case_handover; DELETE FROM case_note;
DELETE FROM case_action; DELETE FROM case_file;
SQL
# 100,000 persons with a leefloon (an open case is a relation of its OCMW in itself), each with a
# case at the OCMW of their (first) entitlement.
start=$(date +%s.%N)
sqlite3 lap.sqlite <<'SQL'
BEGIN;
CREATE TEMP TABLE pick AS
  SELECT person_ref, min(ocmw_nis) AS ocmw_nis FROM rmi_entitlement
  WHERE retired_load IS NULL GROUP BY person_ref ORDER BY person_ref LIMIT 100000;
INSERT INTO case_file (person_ref, ocmw_nis, regie, status, opened_at, opened_by, ocmw_worker,
                       vdab_worker)
  SELECT person_ref, ocmw_nis, CASE WHEN rowid % 2 THEN 'ocmw' ELSE 'vdab' END, 'open',
         '2025-01-02T09:00:00Z', 'bench-ocmw', 'bench-ocmw', 'bench-vdab' FROM pick;
WITH n(i) AS (VALUES (1), (2), (3))
INSERT INTO case_action (case_id, kind, owner, due_date, status, description, created_at,
                         created_by, updated_at)
  SELECT case_id, CASE i WHEN 1 THEN 'intake' WHEN 2 THEN 'training' ELSE 'language' END,
         CASE i WHEN 2 THEN 'vdab' ELSE 'ocmw' END, '2025-0' || (i + 2) || '-15',
         CASE i WHEN 1 THEN 'done' ELSE 'planned' END, 'afspraak ' || i, '2025-01-02T09:00:00Z',
         'bench-ocmw', '2025-01-02T09:00:00Z' FROM case_file, n;
WITH n(i) AS (VALUES (1), (2))
INSERT INTO case_note (case_id, side, author, text, created_at)
  SELECT case_id, CASE i WHEN 1 THEN 'ocmw' ELSE 'vdab' END, 'bench', 'gesprek ' || i,
         '2025-01-03T09:00:00Z' FROM case_file, n;
INSERT INTO case_handover (case_id, from_side, to_side, reason, status, proposed_by, proposed_at,
                           decided_by, decided_at, decision_reason)
  SELECT case_id, 'ocmw', 'vdab', 'klaar voor werk', 'accepted', 'bench-ocmw',
         '2025-01-04T09:00:00Z', 'bench-vdab', '2025-01-05T11:00:00Z', 'akkoord' FROM case_file;
INSERT INTO case_transmission (case_id, reason, sent_by, sent_at, deadline)
  SELECT case_id, 'afspraak gemist', 'bench-vdab', '2025-02-01T09:00:00Z', '2025-03-03'
  FROM case_file;
WITH n(i) AS (VALUES (1), (2), (3), (4), (5), (6), (7))
INSERT INTO case_event (case_id, at, actor, side, kind, detail)
  SELECT case_id, '2025-01-02T09:00:00Z', 'bench', 'ocmw', 'note_added', 'stap ' || i
  FROM case_file, n;
COMMIT;
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
SQL
echo "100,000 cases made in $(echo "$(date +%s.%N) - $start" | bc) s: $(sqlite3 lap.sqlite \
  "SELECT (SELECT count(*) FROM case_file) || ' cases, ' || (SELECT count(*) FROM case_action) || \
   ' actions, ' || (SELECT count(*) FROM case_event) || ' history rows'")"
sqlite3 lap.sqlite "SELECT case_id FROM case_file WHERE ocmw_nis = 11002" >ids.txt
echo "cases of OCMW Antwerpen read at random: $(wc -l <ids.txt)"

"$lap" user list --db lap.sqlite | grep -q '^bench-ocmw ' ||
  echo "een lang wachtwoord" | "$lap" user add --db lap.sqlite --username bench-ocmw \
    --role ocmw_counsellor --municipality 11002 --password-stdin >/dev/null
"$lap" serve --db lap.sqlite --listen 127.0.0.1:0 --access-log off 2>serve.err &
server_pid=$!
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*"message":"listening","address":"127.0.0.1:\([0-9]*\)".*/\1/p' serve.err)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat serve.err >&2; exit 1; }
base="http://127.0.0.1:$port/api/v1"
curl -sS -D login.h -o /dev/null -H 'content-type: application/json' \
  -d '{"username":"bench-ocmw","password":"een lang wachtwoord"}' "$base/session"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: lap_session=\([^;]*\);.*/\1/p' login.h)
# The first request builds the timelines (the relation check needs them): not measured.
first=$(head -1 ids.txt)
curl -sS -f -o case.json -w 'first case read (builds the timelines): %{time_total} s\n' \
  -H "cookie: lap_session=$cookie" "$base/cases/$first?purpose=benchmark%20dossier"
echo "one case: $(wc -c <case.json) bytes of JSON"
LAP_COOKIE="$cookie" LAP_IDS="$work/ids.txt" wrk -t2 -c8 -d"${seconds}s" --latency -s "$lua" \
  "http://127.0.0.1:$port" | sed -n '/Latency Distribution/,/Requests\/sec/p'
for list in "worklist?scope=team" "worklist/leefloners?sort=months"; do
  curl -sS -f -o list.json -w "GET /$list: %{time_total} s, %{size_download} bytes\n" \
    -H "cookie: lap_session=$cookie" "$base/$list&purpose=benchmark%20werklijst"
done
# The dashboard's case figures: computed from every case and protected (the first request waits
# for it), then served from the tables at hand: when nothing changed, and right after a change
# (a history row added here), which starts new tables in the background.
figures() {
  curl -sS -f -o figures.json -w "GET /case-figures/11002 ($1): %{time_total} s, %{size_download} bytes\n" \
    -H "cookie: lap_session=$cookie" "$base/case-figures/11002"
}
figures "first: computed"
figures "nothing changed"
sqlite3 lap.sqlite "INSERT INTO case_event (case_id, at, actor, side, kind, detail)
  VALUES ($first, '2026-01-05T09:00:00Z', 'bench-ocmw', 'ocmw', 'note_added', 'bench')"
figures "after a change"
sleep 3
figures "3 s later"
echo "audit rows written: $(sqlite3 lap.sqlite 'SELECT count(*) FROM audit_log')"
