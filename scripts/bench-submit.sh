#!/usr/bin/env bash
# Submissions per second the release server stores durably (SQLite, synchronous=FULL), measured
# with wrk from a second process on 127.0.0.1: every request a new envelope (unique UUIDv7) with
# valid answers. Prints requests/s and latency percentiles, and checks the database holds exactly
# one request per successful answer. Not part of the tests. Usage: scripts/bench-submit.sh [seconds] [connections]
# With DATABASE_URL=postgres://… the server stores into that PostgreSQL database instead (give it
# a fresh one, created TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C', on a durable server).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LOKET_ROOT"
secs=${1:-10}; conns=${2:-16}
"$LOKET_ROOT/scripts/setup.sh"
"$LOKET_ROOT/scripts/build.sh" >/dev/null 2>&1
ensure_wrk

port=3150
work=$(mktemp -d)
start_bench_server "$port" "$work"
pid=$LOKET_PID

service=surat-keterangan-domisili
# Each submission's photo (its own PDF) is uploaded under its own id beforehand, not timed:
# room for LOKET_BENCH_IDS submissions per wrk thread (default 1,000 a second). A submission
# beyond them is refused (its file was never uploaded) and shows as non-2xx.
per_thread=${LOKET_BENCH_IDS:-$((secs * 1000))}
echo "== uploading an attachment for each of $((2 * per_thread)) ids (not timed)"
fill=$(node end2end/bench/answers.mjs "http://127.0.0.1:$port" "$service" 2 "$per_thread" "$work/ids.txt")
cat > "$work/submit.lua" <<LUA
local threads = {}
local fill = [==[$fill]==]
local version = fill:match('"form_version":(%d+)')
local answers = fill:match('"answers":(.*)}$')
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
-- The request for one id and the sha256 of the file uploaded for it.
local function submit(id, sha)
  local body = '{"envelope":{"id":"' .. id .. '","service":"$service","form_version":' .. version .. ',"answers":' .. answers:gsub("FILE_SHA256", sha) .. '}}'
  return wrk.format("POST", "/api/requests/submit", { ["Content-Type"] = "application/json" }, body)
end
-- This thread's requests, in order, written before the clock starts: the load generator
-- shares the two cores with the server, and building each body while timed took from them.
local requests = {}
function init(args)
  local prefix = string.format("01936f3e-8b2a-7%03x-", tid)
  for line in io.lines("$work/ids.txt") do
    local id, sha = line:match("^(%S+) (%S+)")
    if id:sub(1, #prefix) == prefix then table.insert(requests, submit(id, sha)) end
  end
end
counter = 0
request = function()
  counter = counter + 1
  return requests[counter] or submit(string.format("01936f3e-8b2a-7%03x-9%03x-%012x", tid, tid, counter), "0")
end
LUA
echo "== wrk: ${secs}s, $conns connections, 2 threads, POST /api/requests/submit ($service)"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/submit.lua" "http://127.0.0.1:$port" | tee "$work/wrk.txt"
kill $pid; wait $pid 2>/dev/null || true
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  stored=$(psql -XAtq "$DATABASE_URL" -c 'SELECT count(*) FROM requests')
else
  stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from requests').fetchone()[0])" "$work/data/loket.db")
fi
sent=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
errors=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt"); errors=${errors:-0}
echo "== answered $sent, non-2xx $errors, stored $stored"
# wrk stops counting at the deadline: up to one request per connection was still in flight (and
# stored) then. Every counted success is stored, and nothing beyond the in-flight ones.
ok=$((sent - errors))
[ "$stored" -ge "$ok" ] && [ "$stored" -le $((ok + conns)) ] || { echo "MISMATCH: $stored stored for $ok successful answers" >&2; exit 1; }
