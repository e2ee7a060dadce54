#!/usr/bin/env bash
# The Debian package (scripts/package-deb) of an lap that is already built, without installing
# it: the file list with owners and modes, the control fields and maintainer scripts, the
# systemd unit's settings and sandbox, the settings file, that the unit's `lap serve` options
# exist, and the health check against a running `lap serve` of the package's web files.
#   tests/integration/package_deb_test.sh LAP_BINARY
set -euo pipefail
# shellcheck source=tests/integration/lib_serve.sh
source "$(dirname "$(realpath "$0")")/lib_serve.sh"
root="$(cd "$(dirname "$(realpath "$0")")/../.." && pwd)"
lap="$(realpath "$1")"
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/serve.err" ] && sed 's/^/  serve: /' "$work/serve.err" >&2
  exit 1
}
command -v dpkg-deb >/dev/null || fail "dpkg-deb is needed"

deb=$(LAP_DEB_VERSION=1.2.3-1 "$root/scripts/package-deb" --binary "$lap" --out "$work/out")
arch=$(dpkg --print-architecture)
[ "$deb" = "$work/out/lap_1.2.3-1_$arch.deb" ] || fail "package name: $deb"
[ ! -e "$work/out/stage" ] || fail "the staging tree is removed"

# Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = lap ] || fail "Package"
[ "$(field Version)" = 1.2.3-1 ] || fail "Version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture"
[[ "$(field Maintainer)" == *"<"*"@"*">" ]] || fail "Maintainer: $(field Maintainer)"
[[ "$(field Installed-Size)" =~ ^[0-9]+$ ]] || fail "Installed-Size"
[ -n "$(field Description)" ] || fail "Description"
depends=$(field Depends)
for lib in libc6 libstdc++6 libsqlite3-0 libpq5 libsodium23 libfmt9 libcsv3 libxlsxwriter4 \
  libglpk40 adduser; do
  [[ ", $depends," == *", $lib"[\ ,]* ]] || fail "Depends names $lib: $depends"
done

# Maintainer scripts and the conffile.
dpkg-deb -e "$deb" "$work/control"
[ "$(cat "$work/control/conffiles")" = /etc/lap/lap.env ] || fail "conffiles"
for script in postinst prerm postrm; do
  [ "$(stat -c %a "$work/control/$script")" = 755 ] || fail "$script is executable"
  sh -n "$work/control/$script" || fail "$script is valid sh"
done
grep -q 'adduser --system .*--home /var/lib/lap --no-create-home' "$work/control/postinst" \
  || fail "postinst makes the system user lap"
grep -q 'dpkg-statoverride --update --add root lap 0750 /etc/lap$' "$work/control/postinst" \
  || fail "postinst gives /etc/lap to the group lap"
grep -q 'dpkg-statoverride --update --add root lap 0640 /etc/lap/lap.env$' \
  "$work/control/postinst" || fail "postinst gives lap.env to the group lap"
grep -q 'chmod 0700 /var/lib/lap' "$work/control/postinst" || fail "postinst: /var/lib/lap 0700"
grep -q 'deb-systemd-invoke stop lap.service' "$work/control/prerm" || fail "prerm stops lap"
sed -n '/^  purge)/,/;;/p' "$work/control/postrm" | grep -q 'rm -rf /var/lib/lap' \
  || fail "postrm removes /var/lib/lap on purge"
sed -n '/^  remove)/,/;;/p' "$work/control/postrm" | grep -q 'rm ' \
  && fail "postrm removes nothing on remove"

# Files: exactly these (and the web front end), owned by root, with these modes.
dpkg-deb -c "$deb" | awk '{print $1, $2, $6}' | sed 's|^\([^ ]* [^ ]*\) \./|\1 /|' \
  | grep -v ' /$' | sort -k3 >"$work/files"
{
  printf '%s\n' \
    "drwxr-xr-x root/root /etc/" "drwxr-xr-x root/root /etc/lap/" \
    "-rw-r----- root/root /etc/lap/lap.env" \
    "drwxr-xr-x root/root /lib/" "drwxr-xr-x root/root /lib/systemd/" \
    "drwxr-xr-x root/root /lib/systemd/system/" \
    "-rw-r--r-- root/root /lib/systemd/system/lap.service" \
    "drwxr-xr-x root/root /usr/" "drwxr-xr-x root/root /usr/bin/" \
    "-rwxr-xr-x root/root /usr/bin/lap" \
    "drwxr-xr-x root/root /usr/share/" "drwxr-xr-x root/root /usr/share/doc/" \
    "drwxr-xr-x root/root /usr/share/doc/lap/" \
    "-rw-r--r-- root/root /usr/share/doc/lap/api.md" \
    "-rw-r--r-- root/root /usr/share/doc/lap/changelog.Debian.gz" \
    "-rw-r--r-- root/root /usr/share/doc/lap/cli.md" \
    "-rw-r--r-- root/root /usr/share/doc/lap/copyright" \
    "-rw-r--r-- root/root /usr/share/doc/lap/operations.md" \
    "-rw-r--r-- root/root /usr/share/doc/lap/server.md" \
    "drwxr-xr-x root/root /usr/share/lap/" \
    "-rwxr-xr-x root/root /usr/share/lap/healthcheck" \
    "drwxr-xr-x root/root /usr/share/lintian/" \
    "drwxr-xr-x root/root /usr/share/lintian/overrides/" \
    "-rw-r--r-- root/root /usr/share/lintian/overrides/lap"
  # web/ without hidden files; of node_modules the built scripts and licences (scripts/package-deb).
  (cd "$root/web" && find . -type f ! -path '*/.*' \( ! -path './node_modules/*' \
    -o -path './node_modules/*/dist/*.min.js' -o -path './node_modules/*/LICENSE' \) -printf '%P\n') |
    awk '{ print "-rw-r--r-- root/root /usr/share/lap/web/" $0
           n = split($0, part, "/"); dir = ""
           for (i = 1; i < n; i++) { dir = dir part[i] "/"; if (!(dir in seen)) { seen[dir] = 1
             print "drwxr-xr-x root/root /usr/share/lap/web/" dir } } }'
  echo "drwxr-xr-x root/root /usr/share/lap/web/"
} | sort -k3 >"$work/expected"
diff -u "$work/expected" "$work/files" || fail "the package's files, owners and modes"

dpkg-deb -x "$deb" "$work/root"
cmp "$work/root/usr/share/lap/web/index.html" "$root/web/index.html" || fail "web/index.html"
"$work/root/usr/bin/lap" --help >/dev/null || fail "the packaged lap runs"

# The unit: the user, the settings file, the sandbox.
unit="$work/root/lib/systemd/system/lap.service"
for line in Type=simple User=lap Group=lap EnvironmentFile=/etc/lap/lap.env \
  WorkingDirectory=/var/lib/lap Restart=on-failure UMask=0077 StateDirectory=lap \
  StateDirectoryMode=0700 ReadWritePaths=/var/lib/lap NoNewPrivileges=yes CapabilityBoundingSet= \
  AmbientCapabilities= ProtectSystem=strict ProtectHome=yes PrivateTmp=yes PrivateDevices=yes \
  ProtectKernelTunables=yes ProtectKernelModules=yes ProtectKernelLogs=yes \
  ProtectControlGroups=yes "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" \
  RestrictNamespaces=yes RestrictSUIDSGID=yes LockPersonality=yes MemoryDenyWriteExecute=yes \
  SystemCallArchitectures=native SystemCallFilter=@system-service WantedBy=multi-user.target; do
  grep -qxF "$line" "$unit" || fail "lap.service has $line"
done
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[[ "$exec_start" == "/usr/bin/lap serve "* ]] || fail "ExecStart runs lap serve: $exec_start"
[[ "$exec_start" == *" --static /usr/share/lap/web"* ]] || fail "ExecStart serves the web files"
help=$("$lap" serve --help)
mapfile -t options < <(grep -oE -- '--[a-z-]+' <<<"$exec_start")
for option in "${options[@]}"; do
  grep -q -- "$option" <<<"$help" || fail "lap serve has no option $option (ExecStart)"
done
# shellcheck disable=SC2016  # systemd expands ${LAP_LISTEN}, not the shell
grep -qxF 'ExecStartPost=/usr/share/lap/healthcheck --wait 120 ${LAP_LISTEN}' "$unit" \
  || fail "lap.service waits for /healthz"
# Every variable the unit uses has a default in Environment= and is documented in lap.env.
env_file="$work/root/etc/lap/lap.env"
mapfile -t vars < <(grep -oE '[$][{][A-Z_]+[}]' "$unit" | tr -d '$\{}' | sort -u)
[ "${#vars[@]}" -gt 0 ] || fail "lap.service uses settings of lap.env"
for var in "${vars[@]}"; do
  grep -q "^Environment=.*\b$var=" "$unit" || fail "lap.service: a default for $var"
  grep -q "^$var=" "$env_file" || fail "lap.env sets $var"
done
for var in LAP_DB LAP_PSEUDONYM_KEY_FILE LAP_LISTEN LAP_TRUSTED_PROXIES LAP_METRICS_TOKEN \
  PGPASSFILE; do
  grep -qE "^#?$var=" "$env_file" || fail "lap.env documents $var"
done
if command -v systemd-analyze >/dev/null; then
  # The unit's syntax; the programs it runs are installed only with the package.
  problems=$(systemd-analyze verify "$unit" 2>&1 | grep -v 'is not executable' || true)
  [ -z "$problems" ] || fail "systemd-analyze verify lap.service: $problems"
fi

# The health check, against a server of the package's web files.
healthcheck="$work/root/usr/share/lap/healthcheck"
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("create table t(x)")' \
  "$work/lap.sqlite"
chmod 600 "$work/lap.sqlite"
cd "$work"
"$lap" serve --db "$work/lap.sqlite" --listen 127.0.0.1:0 --threads 1 \
  --static "$work/root/usr/share/lap/web" --access-log off 2>serve.err &
server_pid=$!
wait_for_port
out=$("$healthcheck" "127.0.0.1:$port") || fail "healthcheck of a running server"
[[ "$out" == '{"status":"ok","schema_version":'* ]] || fail "healthcheck prints /healthz: $out"
LAP_LISTEN="0.0.0.0:$port" "$healthcheck" >/dev/null || fail "healthcheck: \$LAP_LISTEN, wildcard"
kill -TERM "$server_pid"
wait "$server_pid" || fail "lap serve stops on SIGTERM"
server_pid=""
set +e
"$healthcheck" "127.0.0.1:$port" 2>err.txt; rc=$?
"$healthcheck" --wait 1 "127.0.0.1:$port" 2>/dev/null; rc_wait=$?
"$healthcheck" nonsense 2>/dev/null; rc_usage=$?
set -e
[ "$rc" -eq 1 ] || fail "healthcheck without a server exits 1, got $rc"
grep -q "no answer from 127.0.0.1:$port" err.txt || fail "healthcheck says why"
[ "$rc_wait" -eq 1 ] || fail "healthcheck --wait gives up, got $rc_wait"
[ "$rc_usage" -eq 2 ] || fail "healthcheck with a bad address exits 2, got $rc_usage"
echo "package_deb: ok ($deb)"
