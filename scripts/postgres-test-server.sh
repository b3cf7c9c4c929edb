# shellcheck shell=bash
# Sourced by scripts/test.sh: a throw-away PostgreSQL on 127.0.0.1 in a temporary directory.
# Exports SPECIOSA_TEST_POSTGRES_URL and defines cleanup() to stop the server and remove its files.
# As root the server runs as the `postgres` (or `nobody`) user, because PostgreSQL refuses to run as root.

_pg_bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && _pg_bin="$d"; done
[ -z "$_pg_bin" ] && _pg_bin="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
if [ ! -x "$_pg_bin/initdb" ]; then
  echo "postgres-test-server: initdb not found; PostgreSQL tests will be skipped" >&2
else
  _pg_dir="$(mktemp -d /tmp/speciosa-pg.XXXXXX)"
  _pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  if [ "$(id -u)" = 0 ]; then
    _pg_user=postgres; id postgres >/dev/null 2>&1 || _pg_user=nobody
    chown "$_pg_user" "$_pg_dir"
    _pg_run() { runuser -u "$_pg_user" -- "$@"; }
  else
    _pg_user="$(id -un)"
    _pg_run() { "$@"; }
  fi
  _pg_run "$_pg_bin/initdb" -D "$_pg_dir/data" -U speciosa --auth=trust -E UTF8 --no-sync >"$_pg_dir/initdb.log" 2>&1
  # Durability settings stay at their defaults (fsync on): the crash test relies on them.
  _pg_run "$_pg_bin/pg_ctl" -D "$_pg_dir/data" -l "$_pg_dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $_pg_port -k $_pg_dir -c max_connections=200" start >/dev/null
  _pg_run "$_pg_bin/createdb" -h 127.0.0.1 -p "$_pg_port" -U speciosa speciosa_test
  export SPECIOSA_TEST_POSTGRES_URL="postgresql+psycopg://speciosa@127.0.0.1:$_pg_port/speciosa_test"
  echo "postgres-test-server: $SPECIOSA_TEST_POSTGRES_URL" >&2
  cleanup() {
    _pg_run "$_pg_bin/pg_ctl" -D "$_pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$_pg_dir"
  }
fi
