#!/usr/bin/env bash
# Install and start (or stop) what the tests need: Debian's chromium and a throwaway PostgreSQL
# server listening on 127.0.0.1 only. Writes .tmp/test-env.sh with the variables the tests read.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_PORT="${PG_PORT:-54329}"
TMP="$PWD/.tmp"
# The server's files live where the postgres user can reach them, even when the checkout is in a
# folder only its owner can enter (a home folder is often mode 0700).
PGDIR="${TMPDIR:-/tmp}/feedback-test-pg-$PG_PORT"
PGDATA="$PGDIR/data"
mkdir -p "$TMP"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

start_postgres() {
  local bin; bin="$(pg_bin)"
  local owner=postgres
  id "$owner" >/dev/null 2>&1 || owner="$(id -un)"
  if [ -f "$PGDATA/postmaster.pid" ]; then
    as_root runuser -u "$owner" -- "$bin/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGDIR"
  mkdir -p "$PGDATA"
  chmod 755 "$PGDIR"
  [ "$(id -u)" = 0 ] && chown -R "$owner" "$PGDIR"
  local run=(); [ "$(id -u)" = 0 ] && run=(runuser -u "$owner" --)
  "${run[@]}" "$bin/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1
  "${run[@]}" "$bin/pg_ctl" -D "$PGDATA" -l "$PGDIR/postgres.log" -w \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PGDATA -c fsync=off -c max_connections=100" start >/dev/null
  "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres feedback_test
}

case "${1:-install}" in
  install)
    if [ ${#need_apt[@]} -gt 0 ]; then
      echo "Installing Debian packages: ${need_apt[*]}"
      as_root apt-get update -qq
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
    fi
    start_postgres
    cat >"$TMP/test-env.sh" <<ENV
export FEEDBACK_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/feedback_test"
export FEEDBACK_TEST_CHROMIUM="$(command -v chromium)"
ENV
    echo "Test services ready: chromium at $(command -v chromium), PostgreSQL on 127.0.0.1:$PG_PORT"
    ;;
  stop)
    owner=postgres; id "$owner" >/dev/null 2>&1 || owner="$(id -un)"
    if [ -f "$PGDATA/postmaster.pid" ]; then
      as_root runuser -u "$owner" -- "$(pg_bin)/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;
  *) echo "usage: $0 install|stop" >&2; exit 2 ;;
esac
