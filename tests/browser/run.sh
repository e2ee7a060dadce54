#!/usr/bin/env bash
# The browser tests: generated tiny data measured over 2024, one account per role, `lap serve`
# with the front end of web/, then Chromium (playwright-core, Debian's /usr/bin/chromium) and
# axe-core through `node --test`, and the OpenAPI document against the server's routes.
# Usage: tests/browser/run.sh LAP_BINARY   (screenshots go to $LAP_SCREENSHOTS, default build/screenshots)
set -euo pipefail
source "$(dirname "$(realpath "$0")")/../integration/lib_serve.sh"
lap=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export LAP_SCREENSHOTS=${LAP_SCREENSHOTS:-$repo/build/screenshots}
work=$(mktemp -d)
server_pid=""
smtp_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  if [ -n "$smtp_pid" ]; then kill -KILL "$smtp_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/serve.err" ] && tail -20 "$work/serve.err" | sed 's/^/  serve: /' >&2
  exit 1
}
[ -x /usr/bin/chromium ] || [ -n "${LAP_CHROMIUM:-}" ] || fail "Chromium is missing: scripts/install-deps"
[ -d "$here/node_modules/playwright-core" ] || fail "node_modules is missing: scripts/install-deps (npm ci in tests/browser)"

unset LAP_DB
cd "$work"
"$lap" generate --scale tiny --seed 3 --out d >/dev/null
"$lap" import d >/dev/null
"$lap" measure --month 2024-01 --through 2024-12 >/dev/null
"$lap" context generate --from-year 2022 --to-year 2024 --out kerncijfers.csv >/dev/null
"$lap" context import kerncijfers.csv >/dev/null
export LAP_PASSWORD="een lang wachtwoord voor de browsertest"
add_user() { echo "$LAP_PASSWORD" | "$lap" user add --password-stdin "$@" >/dev/null; }
add_user --username wse --role wse_analyst
add_user --username gemeente-11002 --role local_government --municipality 11002
add_user --username gemeente-11001 --role local_government --municipality 11001
add_user --username ocmw-11002 --role ocmw_counsellor --municipality 11002 \
  --email ocmw-11002@ocmw.example
add_user --username ocmw-44021 --role ocmw_counsellor --municipality 44021
add_user --username vdab --role vdab_mediator --email vdab@vdab.example
add_user --username beheerder --role administrator
# A citizen: a person of OCMW 11002 whose leefloon runs on (citizen.test.mjs).
LAP_CITIZEN_INSZ=$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  $c["ocmw_nis"] == "11002" && $c["kind"] != "MH" && $c["end_date"] == "" { print $c["insz"]; exit }' \
  d/rmi_entitlements.csv)
export LAP_CITIZEN_INSZ
add_user --username burger --role citizen --insz "$LAP_CITIZEN_INSZ"

# The demo's LAP on a copy of the same data: LAP 2023 settled, LAP 2024 running on 2025-11-15
# (`lap pact demo-cycle`, as scripts/demo plays it), for demo.test.mjs.
mkdir demo
# The database with its WAL and key (and its timeline files, which stay valid for the copy).
cp -r lap.sqlite* demo/
"$lap" pact demo-cycle --db demo/lap.sqlite >demo/cycle.txt

# The server's route table, for the comparison with docs/openapi.yaml.
"$lap" serve --routes >routes.txt
export LAP_ROUTES="$work/routes.txt"

# A real SMTP server on loopback (Debian's python3-aiosmtpd) that keeps every mail in a maildir:
# the notifications of case changes are mailed there (checked after the tests).
smtp_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/mail" \
  2>smtp.err &
smtp_pid=$!
"$lap" serve --listen 127.0.0.1:0 --threads 2 --static "$repo/web" --today 2024-09-01 \
  --access-log access.log --smtp "smtp://127.0.0.1:$smtp_port" --mail-from noreply@lap.example \
  --public-url https://lap.example --mail-interval 1 2>serve.err &
server_pid=$!
wait_for_port
export LAP_BASE_URL="http://127.0.0.1:$port"
export LAP_REPO="$repo"
# The delivery, for review.test.mjs's check that no INSZ or name reaches the page.
export LAP_DELIVERY="$work/d"

rc=0
(cd "$here" && node --test --test-concurrency=1 --test-reporter=spec \
  ui.test.mjs review.test.mjs cases.test.mjs worklist.test.mjs citizen.test.mjs pact_cycle.test.mjs \
  admin.test.mjs benchmarks.test.mjs phone.test.mjs openapi.test.mjs definitions.test.mjs) || rc=$?

# The mails of the dossiers' changes reached the SMTP server: to the OCMW counsellor (VDAB's
# transmission, the accepted handover) and to VDAB (the answer), each a link to the dossier, none
# with an INSZ or a family name of the delivery.
for _ in $(seq 1 20); do
  [ "$(ls "$work/mail/new" 2>/dev/null | wc -l)" -ge 2 ] && break
  sleep 0.5
done
/usr/bin/python3 - "$work/mail" d/rmi_entitlements.csv <<'PY' || rc=1
import mailbox, sys
mails = [m for m in mailbox.Maildir(sys.argv[1], create=False)]
rows = [r.split(";") for r in open(sys.argv[2], encoding="utf-8-sig").read().splitlines()]
cols = rows[0]
secrets = {v for r in rows[1:] for v in (r[cols.index("insz")], r[cols.index("last_name")]) if len(v) > 5}
to = sorted({m["To"] for m in mails})
print(f"mail: {len(mails)} notifications mailed, to {', '.join(to)}")
assert "<ocmw-11002@ocmw.example>" in to and "<vdab@vdab.example>" in to, to
for m in mails:
    body = m.get_payload(decode=True).decode("utf-8")
    assert "https://lap.example/#/dossier/" in body, body
    leaked = [s for s in secrets if s in body or s in m["Subject"]]
    assert not leaked, f"personal data in a mail: {leaked[:3]}"
PY

kill -TERM "$server_pid"
wait "$server_pid" || fail "lap serve exits 0 on SIGTERM"
server_pid=""
kill -TERM "$smtp_pid" 2>/dev/null || true
smtp_pid=""

# The demo's LAP pages on the played cycle.
(cd demo && exec "$lap" serve --db lap.sqlite --listen 127.0.0.1:0 --threads 2 \
  --static "$repo/web" --today 2025-11-15 --access-log access.log 2>serve.err) &
server_pid=$!
(cd demo && wait_for_port && echo "$port" >port)
(cd "$here" && LAP_BASE_URL="http://127.0.0.1:$(cat "$work/demo/port")" node --test \
  --test-concurrency=1 --test-reporter=spec demo.test.mjs) || rc=$?
kill -TERM "$server_pid"
wait "$server_pid" || fail "the demo's lap serve exits 0 on SIGTERM"
server_pid=""
[ "$rc" -eq 0 ] || fail "browser tests (screenshots in $LAP_SCREENSHOTS)"
echo "browser tests passed; screenshots in $LAP_SCREENSHOTS"
