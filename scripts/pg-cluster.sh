#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for tests (issue 14), in a directory of its own.
#
#   scripts/pg-cluster.sh start DIR   makes DIR, initdb (C locale, UTF8, trust) and starts the
#                                     server on 127.0.0.1 and a free port, its socket in DIR;
#                                     the last line on stdout is its URL:
#                                     postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-cluster.sh stop DIR    stops it (fast) and removes DIR
#   scripts/pg-cluster.sh restart DIR starts again a cluster of DIR that is not running (killed:
#                                     crash recovery replays its WAL), on the same data
#                                     directory and port; prints its URL as start does
#
# Durability is off (fsync, full_page_writes, synchronous_commit): a crash loses the cluster,
# which is the point. PG_DURABLE=1 leaves them at PostgreSQL's defaults (on), for a test whose
# figures must be honest (the two-server Playwright spec, end2end/tests/scale-out.spec.js).
# Run by root (CI on a fresh Debian machine) the server runs as the `postgres` user, since
# initdb refuses root; postgresql-15 is installed with apt when its initdb is missing.
# Everything but the URL goes to stderr. DIR/url and DIR/port hold the URL and the port.
set -euo pipefail

PG_BIN_DEBIAN=/usr/lib/postgresql/15/bin
PG_BIN=${PG_BIN:-$PG_BIN_DEBIAN}
MARK=pg-cluster.marker

die() { echo "pg-cluster: $*" >&2; exit 1; }
say() { echo "pg-cluster: $*" >&2; }

usage() { die "usage: $0 start DIR | stop DIR | restart DIR"; }

# The user the server runs as: `postgres` when we are root, else ourselves.
as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

install_postgres() {
  [ -x "$PG_BIN/initdb" ] && return 0
  [ "$PG_BIN" = "$PG_BIN_DEBIAN" ] || die "$PG_BIN/initdb is missing (PG_BIN is set: not installing anything)"
  [ "$(id -u)" -eq 0 ] || die "$PG_BIN/initdb is missing; install postgresql-15 (as root: apt-get install -y postgresql-15)"
  say "installing postgresql-15 with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y postgresql-15 >&2 || { apt-get update >&2 && apt-get install -y postgresql-15 >&2; }
  [ -x "$PG_BIN/initdb" ] || die "apt installed postgresql-15 but $PG_BIN/initdb is still missing"
}

# Whether process $1 runs (a zombie does not: a killed postmaster whose parent, here PID 1,
# does not reap it stays one, and `kill -0` would still find it).
alive() {
  local pid=$1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  if [ -d /proc/self ]; then
    [ -r "/proc/$pid/stat" ] || return 1
    local state
    state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
    [ "$state" != Z ] && [ "$state" != X ]
  else
    kill -0 "$pid" 2>/dev/null
  fi
}

# The postmaster's pid, from the first line of DIR/data/postmaster.pid (empty without one).
postmaster_pid() { [ -e "$1/data/postmaster.pid" ] && head -n 1 "$1/data/postmaster.pid" || true; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local dir=$1
  install_postgres
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    say "creating the system user postgres"
    useradd --system --no-create-home --home-dir /nonexistent --shell /bin/sh postgres
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  # A unix socket path is at most 107 bytes.
  [ ${#dir} -le 80 ] || die "$dir is too long a path for the server's socket; use a shorter one (mktemp -d)"
  touch "$dir/$MARK"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_server test -w "$dir" || die "the postgres user cannot write $dir (a parent directory closed to it?)"
  cd "$dir"   # initdb and pg_ctl as postgres would complain about root's working directory

  as_server "$PG_BIN/initdb" -D "$dir/data" --locale=C -E UTF8 --auth=trust -U postgres >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/pg-cluster.sh: a throw-away cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
EOF
  if [ "${PG_DURABLE:-0}" = 1 ]; then
    say "durable: fsync, full_page_writes and synchronous_commit left on (PG_DURABLE=1)"
  else
    cat >>"$dir/data/postgresql.conf" <<EOF
fsync = off
full_page_writes = off
synchronous_commit = off
EOF
  fi
  local port tries=0
  while :; do
    port=$(free_port)
    if as_server "$PG_BIN/pg_ctl" -D "$dir/data" -o "-p $port" -l "$dir/log" -w -t 60 start >&2; then
      break
    fi
    tries=$((tries + 1))
    [ $tries -lt 3 ] || { tail -n 20 "$dir/log" >&2 || true; die "the server did not start"; }
    say "the server did not start on port $port; trying another"
  done
  echo "port = $port" >>"$dir/data/postgresql.conf"   # so a restart keeps it
  echo "$port" >"$dir/port"
  echo "postgres://postgres@127.0.0.1:$port/postgres" >"$dir/url"
  say "running in $dir (log: $dir/log)"
  cat "$dir/url"
}

stop() {
  local dir=$1
  [ -e "$dir" ] || { say "$dir does not exist: nothing to stop"; return 0; }
  dir=$(cd "$dir" && pwd)
  [ "$dir" != / ] && [ -e "$dir/$MARK" ] || die "$dir was not made by $0 start: not touching it"
  if alive "$(postmaster_pid "$dir")"; then
    as_server "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2 || say "pg_ctl stop failed; removing anyway"
  fi
  rm -rf -- "$dir"
  say "stopped and removed $dir"
}

restart() {
  local dir=$1
  [ -d "$dir" ] || die "$dir does not exist: nothing to restart"
  dir=$(cd "$dir" && pwd)
  [ "$dir" != / ] && [ -e "$dir/$MARK" ] && [ -e "$dir/port" ] || die "$dir was not made by $0 start: not touching it"
  local pid
  pid=$(postmaster_pid "$dir")
  if [ -n "$pid" ]; then
    alive "$pid" && die "the cluster in $dir is running (postmaster $pid): stop or kill it first"
    # The postmaster would take a zombie's pid in the lock file for a live server and refuse.
    say "removing the lock file of postmaster $pid, which is gone"
    rm -f "$dir/data/postmaster.pid"
  fi
  cd "$dir"
  # The port is in postgresql.conf (start wrote it there). The postmaster refuses to start
  # while a process of the old one still holds its shared memory (a backend that has not yet
  # noticed its postmaster died): try again for up to 30 s.
  local tries=0
  until as_server "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 120 start >&2; do
    tries=$((tries + 1))
    [ $tries -lt 60 ] || { tail -n 20 "$dir/log" >&2 || true; die "the server did not start again"; }
    say "the server did not start again (an old process still running?); trying again"
    sleep 0.5
  done
  say "running again in $dir (log: $dir/log)"
  cat "$dir/url"
}

[ $# -eq 2 ] || usage
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  restart) restart "$2" ;;
  *) usage ;;
esac
