# shellcheck shell=bash
# Sourced by the tests/integration/cli_*_test.sh scripts that use a database: the backend under
# test, so that one script checks the same things on SQLite and on PostgreSQL.
#
#   LAP_TEST_BACKEND   sqlite (the default) or postgresql
#   LAP_TEST_PG_ENV    postgresql: a file with the server's coordinates as written by
#                      `scripts/pg-test-server start` (PGHOST=SOCKETDIR, PGPORT=..., PGUSER=...);
#                      CTest's pg_server fixture writes it (tests/integration/pg_server.sh).
#                      Without it: PGHOST/PGPORT/PGUSER of the environment when PGPORT is set, else
#                      a private server for this script (scripts/pg-test-server), removed at the
#                      end.
#
# In a script:
#   work=$(mktemp -d)
#   trap 'backend_cleanup; rm -rf "$work"' EXIT
#   backend_init "$work"
#   db=$(new_database lap)
#
# backend_init WORK      clears LAP_DB, LAP_PSEUDONYM_KEY and LAP_PSEUDONYM_KEY_FILE; on PostgreSQL,
#                        where no key file can lie beside the database, exports
#                        LAP_PSEUDONYM_KEY_FILE=WORK/pseudonym.key (made by the first import).
# backend_cleanup        for the EXIT trap, before WORK is removed: drops the databases made by
#                        new_database (also from $(...) subshells) and stops a private server.
# new_database NAME      prints the URL of a database that lap sees as missing until a command
#                        that creates tables (import, pact, user add) ran on it: sqlite: the path
#                        WORK/NAME.sqlite (no file is made); postgresql:
#                        postgresql://USER@127.0.0.1:PORT/DBNAME of a new, empty database (createdb,
#                        named after the test, $$ and a counter; dropped by backend_cleanup).
# clone_database URL NAME a copy of the (closed) database URL, as new_database NAME prints it:
#                        sqlite: the file and its key file copied (no -wal/-shm of an earlier
#                        copy left); postgresql: createdb --template (nobody may be connected).
# drop_database URL       removes a database of new_database or clone_database.
# database_is_empty URL  true when lap created nothing there: no file; no table at all.
# key_file URL           the pseudonym key file lap uses for URL: $LAP_PSEUDONYM_KEY_FILE, else
#                        (sqlite) the file beside the database.
# db_sql URL QUERY       runs QUERY (sqlite3, or psql -At); rows one a line, columns joined by |.
# is_sqlite, is_postgresql
#
# Functions that cannot go on print `FAIL: ...` and exit 1.

LAP_TEST_BACKEND="${LAP_TEST_BACKEND:-sqlite}"
case "$LAP_TEST_BACKEND" in
  sqlite | postgresql) ;;
  *)
    echo "FAIL: LAP_TEST_BACKEND must be sqlite or postgresql, got '$LAP_TEST_BACKEND'" >&2
    exit 1
    ;;
esac

_backend_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
_backend_state=""      # WORK/.lap-backend: counter and the databases to drop
_backend_private_pg="" # the directory of a server started by backend_init itself
_backend_pg_host="" _backend_pg_port="" _backend_pg_user=""

_backend_die() {
  echo "FAIL: $*" >&2
  exit 1
}

is_sqlite() { [ "$LAP_TEST_BACKEND" = sqlite ]; }
is_postgresql() { [ "$LAP_TEST_BACKEND" = postgresql ]; }

# _backend_pg_load FILE: PGHOST/PGPORT/PGUSER from an env file of `pg-test-server start`.
_backend_pg_load() {
  local key value
  while IFS='=' read -r key value; do
    case "$key" in
      PGHOST) _backend_pg_host="$value" ;;
      PGPORT) _backend_pg_port="$value" ;;
      PGUSER) _backend_pg_user="$value" ;;
    esac
  done <"$1"
}

# Runs a PostgreSQL client program (createdb, dropdb, psql) against the test server.
_backend_pg() {
  local program="$1"
  shift
  "$program" -h "$_backend_pg_host" -p "$_backend_pg_port" -U "$_backend_pg_user" "$@"
}

backend_init() {
  local work="$1"
  [ -d "$work" ] || _backend_die "backend_init: $work is not a directory"
  unset LAP_DB LAP_PSEUDONYM_KEY LAP_PSEUDONYM_KEY_FILE
  _backend_state="$work/.lap-backend"
  mkdir -p "$_backend_state"
  : >"$_backend_state/databases"
  echo 0 >"$_backend_state/counter"
  is_postgresql || return 0

  command -v psql >/dev/null && command -v createdb >/dev/null ||
    _backend_die "the PostgreSQL client programs are missing (scripts/pg-test-server install)"
  if [ -n "${LAP_TEST_PG_ENV:-}" ]; then
    [ -r "$LAP_TEST_PG_ENV" ] ||
      _backend_die "no PostgreSQL server: $LAP_TEST_PG_ENV is missing (did pg_server_start run?)"
    _backend_pg_load "$LAP_TEST_PG_ENV"
  elif [ -n "${PGPORT:-}" ]; then
    _backend_pg_host="${PGHOST:-127.0.0.1}" _backend_pg_port="$PGPORT"
    _backend_pg_user="${PGUSER:-postgres}"
  else
    # Run by hand without a server: a private one for this script.
    _backend_private_pg=$(mktemp -d -u /tmp/lap-pg.XXXXXX)
    "$_backend_lib_dir/../../scripts/pg-test-server" start "$_backend_private_pg" \
      >"$_backend_state/pg.env" || _backend_die "could not start a PostgreSQL server"
    _backend_pg_load "$_backend_state/pg.env"
  fi
  [ -n "$_backend_pg_host" ] && [ -n "$_backend_pg_port" ] && [ -n "$_backend_pg_user" ] ||
    _backend_die "incomplete PostgreSQL coordinates (PGHOST, PGPORT, PGUSER)"
  _backend_pg psql -X -q -At -d postgres -c 'SELECT 1' >/dev/null ||
    _backend_die "the PostgreSQL server at port $_backend_pg_port does not answer"
  export LAP_PSEUDONYM_KEY_FILE="$work/pseudonym.key"
  # PostgreSQL's timeline files go to the user's cache by default: here into the work directory.
  export LAP_TIMELINE_DIR="$work/timelines"
}

backend_cleanup() {
  if is_postgresql && [ -n "$_backend_state" ] && [ -f "$_backend_state/databases" ]; then
    local name
    while read -r name; do
      [ -n "$name" ] && _backend_pg dropdb --force --if-exists "$name" >/dev/null 2>&1 || true
    done <"$_backend_state/databases"
    : >"$_backend_state/databases"
  fi
  if [ -n "$_backend_private_pg" ]; then
    "$_backend_lib_dir/../../scripts/pg-test-server" stop "$_backend_private_pg" || true
    _backend_private_pg=""
  fi
}

new_database() {
  local name="$1"
  [ -n "$_backend_state" ] || _backend_die "new_database before backend_init"
  if is_sqlite; then
    echo "$(dirname "$_backend_state")/$name.sqlite"
    return 0
  fi
  # The counter lives in a file: new_database usually runs in a $(...) subshell.
  local n test db
  n=$(($(cat "$_backend_state/counter") + 1))
  echo "$n" >"$_backend_state/counter"
  test=$(basename "$0" .sh)
  test=${test%_test}
  db=$(printf '%s_%s_%s_%s' "$test" "$$" "$n" "$name" | tr -c 'a-zA-Z0-9_\n' '_' |
    tr '[:upper:]' '[:lower:]' | cut -c1-63)
  echo "$db" >>"$_backend_state/databases"
  if [ "${2:-}" != --empty ]; then _backend_pg createdb "$db" || _backend_die "createdb $db"; fi
  echo "postgresql://$_backend_pg_user@127.0.0.1:$_backend_pg_port/$db"
}

clone_database() {
  local source="$1" name="$2" target
  target=$(new_database "$name" --empty) || exit 1
  if is_sqlite; then
    local from to
    from=$(_backend_sqlite_path "$source")
    to=$(_backend_sqlite_path "$target")
    rm -f "$to" "$to-wal" "$to-shm" "$to-journal" "$to.key"
    cp "$from" "$to" || _backend_die "clone_database: cp $from"
    if [ -e "$from-wal" ]; then cp "$from-wal" "$to-wal"; fi
    if [ -e "$from.key" ]; then cp "$from.key" "$to.key"; fi
  else
    _backend_pg createdb --strategy=file_copy --template "${source##*/}" "${target##*/}" ||
      _backend_die "clone_database: createdb --template ${source##*/}"
  fi
  echo "$target"
}

drop_database() {
  local url="$1"
  if is_sqlite; then
    local path
    path=$(_backend_sqlite_path "$url")
    rm -f "$path" "$path-wal" "$path-shm" "$path-journal" "$path.key"
  else
    _backend_pg dropdb --force --if-exists "${url##*/}" >/dev/null ||
      _backend_die "drop_database ${url##*/}"
  fi
}

_backend_sqlite_path() {
  local path="$1"
  path=${path#sqlite://}
  echo "${path#sqlite:}"
}

db_sql() {
  local url="$1" query="$2"
  case "$url" in
    postgres://* | postgresql://*) psql -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "$query" ;;
    *) sqlite3 -batch -bail "$(_backend_sqlite_path "$url")" "$query" ;;
  esac
}

database_is_empty() {
  local url="$1"
  case "$url" in
    postgres://* | postgresql://*)
      [ "$(db_sql "$url" "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n
        ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')")" = 0 ]
      ;;
    *) [ ! -e "$(_backend_sqlite_path "$url")" ] ;;
  esac
}

key_file() {
  local url="$1"
  if [ -n "${LAP_PSEUDONYM_KEY_FILE:-}" ]; then
    echo "$LAP_PSEUDONYM_KEY_FILE"
    return 0
  fi
  case "$url" in
    postgres://* | postgresql://*) _backend_die "key_file: no LAP_PSEUDONYM_KEY_FILE for $url" ;;
    *) echo "$(_backend_sqlite_path "$url").key" ;;
  esac
}

# expect_rc CODE PATTERN command...: the command exits CODE and says PATTERN on stderr (its
# output goes to out.txt and err.txt in the current directory; `fail` is the caller's).
expect_rc() {
  local want="$1" pattern="$2"
  shift 2
  set +e
  "$@" >out.txt 2>err.txt
  local rc=$?
  set -e
  [ "$rc" -eq "$want" ] || fail "$* exits $want, got $rc: $(cat err.txt)"
  grep -q -- "$pattern" err.txt || fail "$* says '$pattern', got: $(cat err.txt)"
}
