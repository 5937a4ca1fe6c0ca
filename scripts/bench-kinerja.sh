#!/usr/bin/env bash
# The performance figures on a big history: `server generate-history` writes N made-up requests
# (default 100,000, seed 1) over this year into a new database, the release server starts on it,
# and curl times `/kinerja` (the public page, when this build has it), `/kinerja.csv` and
# `/kinerja.json`, for the current quarter and for the whole year (every generated request):
# warm (3 requests first), then the median, fastest and slowest of R runs (default 20) of
# `%{time_total}` on 127.0.0.1. Aim: at most 50 ms. Not part of the tests.
# Usage: scripts/bench-kinerja.sh [requests] [runs]   (LOKET_SKIP_BUILD=1: use the build there is)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LOKET_ROOT"
n=${1:-100000}; runs=${2:-20}
if [ "${LOKET_SKIP_BUILD:-0}" != 1 ]; then
  "$LOKET_ROOT/scripts/setup.sh"
  "$LOKET_ROOT/scripts/build.sh" >/dev/null 2>&1
fi

port=3160
work=$(mktemp -d)
echo "== generating $n requests (seed 1) in $work/data"
"$LOKET_BIN" --data-dir "$work/data" --catalogue "$LOKET_ROOT/catalogue" --calendar "$LOKET_ROOT/calendar" \
  --log warn generate-history --requests "$n" --seed 1
start_bench_server "$port" "$work"

base="http://127.0.0.1:$port"
year=$(date -u +%Y)
# One path: warm it, then time it `runs` times; prints status, bytes, median, min and max in ms.
time_path() {
  local path=$1 status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
  if [ "$status" != 200 ]; then
    printf '%-28s HTTP %s: not timed\n' "$path" "$status"
    return
  fi
  for _ in 1 2 3; do curl -s -o /dev/null "$base$path"; done
  local bytes times
  bytes=$(curl -s "$base$path" | wc -c)
  times=$(for _ in $(seq "$runs"); do curl -s -o /dev/null -w '%{time_total}\n' "$base$path"; done | sort -n)
  awk -v p="$path" -v b="$bytes" '
    { t[NR] = $1 * 1000 }
    END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
          printf "%-28s %8d bytes  median %6.1f ms  min %6.1f  max %6.1f  (%d runs)\n", p, b, m, t[1], t[NR], NR }' <<<"$times"
}
echo "== timing (curl %{time_total}, warm, $runs runs each)"
for path in /kinerja /kinerja.csv /kinerja.json "/kinerja?periode=$year" "/kinerja.csv?periode=$year" "/kinerja.json?periode=$year"; do
  time_path "$path"
done
