#!/usr/bin/env bash
# watchdog.sh SECONDS COMMAND...: runs COMMAND; when it is still running after SECONDS, first
# says what it is stuck on, then stops it (TERM, and KILL 30 s later). Exits as COMMAND does, or
# 124 when it was stopped.
#
# "What it is stuck on": the threads of every test binary still running (gdb, when installed:
# each test runs on a thread named after it, so the stuck tests are named), and, when
# LOKET_TEST_DATABASE_URL names a PostgreSQL server, its sessions that are waiting or inside a
# transaction (what they wait for and their last statement). A hang in CI is then explained in
# its log instead of a bare "hung".
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: $0 SECONDS COMMAND..." >&2; exit 2; }
limit=$1
shift

say() { echo "watchdog: $*" >&2; }

# The test binaries cargo builds run from its target directory's deps/.
stuck_tests() {
  pgrep -f '^[^ ]*/release/deps/[a-z_0-9]+-[0-9a-f]{16}( |$)' || true
}

explain() {
  say "still running after ${limit} s: what it is stuck on"
  for pid in $(stuck_tests); do
    say "test process $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-200)"
    if command -v gdb >/dev/null; then
      # Thread names carry the test names; the frames show where each one waits.
      timeout 60 gdb -p "$pid" -batch -nx -ex 'set pagination off' \
        -ex 'info threads' -ex 'thread apply all bt 25' 2>/dev/null \
        | grep -vE '^\[(New|Thread debugging)|^Using host|^warning' | head -n 600 >&2
    else
      say "(gdb is not installed: no stacks)"
    fi
  done
  local url=${LOKET_TEST_DATABASE_URL:-}
  if [[ $url == postgres* ]]; then
    local psql
    psql=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
    say "PostgreSQL sessions waiting or inside a transaction:"
    timeout 30 "$psql" "$url" -X -A -F ' | ' -c "
      SELECT a.pid, a.datname, a.state, a.wait_event_type, a.wait_event,
             now() - a.xact_start AS in_transaction_for,
             (SELECT string_agg(l.locktype || ':' || coalesce(l.objid::text, '') || ':' || l.mode, ', ')
                FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted) AS waiting_for,
             (SELECT string_agg(l.locktype || ':' || coalesce(l.objid::text, '') || ':' || l.mode, ', ')
                FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'advisory') AS holding,
             left(regexp_replace(a.query, '\s+', ' ', 'g'), 160) AS last_statement
        FROM pg_stat_activity a
       WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
         AND (a.state <> 'idle' OR a.wait_event_type = 'Lock')
       ORDER BY a.xact_start" >&2 || say "(could not ask PostgreSQL)"
  fi
}

fired=$(mktemp)
rm -f "$fired"
"$@" &
child=$!
(
  sleep "$limit"
  kill -0 "$child" 2>/dev/null || exit 0
  : >"$fired"
  explain
  pkill -TERM -P "$child" 2>/dev/null
  kill -TERM "$child" 2>/dev/null
  for pid in $(stuck_tests); do kill -TERM "$pid" 2>/dev/null; done
  sleep 30
  for pid in $(stuck_tests); do kill -KILL "$pid" 2>/dev/null; done
  kill -KILL "$child" 2>/dev/null
) &
guard=$!
wait "$child"
rc=$?
if [ ! -e "$fired" ]; then
  # Finished in time: the guard has nothing to do (its sleep is killed with it).
  pkill -P "$guard" 2>/dev/null
  kill "$guard" 2>/dev/null
  { wait "$guard"; } 2>/dev/null
  exit "$rc"
fi
wait "$guard" 2>/dev/null
rm -f "$fired"
say "stopped after ${limit} s"
exit 124
