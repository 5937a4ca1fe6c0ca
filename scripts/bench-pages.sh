#!/usr/bin/env bash
# Server-rendered pages per second: the release server on a fresh SQLite database with the seed
# catalogue (or the catalogue directory given as $3), loaded with wrk from a second process on
# 127.0.0.1 for the home page, a service page, a search, a category, a life event, the performance
# figures (`/kinerja`, and its 7th page), Open311's list of services (also as a client asking for
# brotli gets it) and the catalogue's delta from the start (as a client asking for brotli gets it).
# Prints requests/s, latency percentiles and the answer's size per page (uncompressed, but for the
# line that names its coding), and fails if any answer was not 200. Not part of the tests. Usage: scripts/bench-pages.sh [seconds] [connections] [catalogue-dir]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LOKET_ROOT"
secs=${1:-5}; conns=${2:-16}; catalogue=${3:-$LOKET_ROOT/catalogue}
"$LOKET_ROOT/scripts/setup.sh"
"$LOKET_ROOT/scripts/build.sh" >/dev/null 2>&1
ensure_wrk

port=3151
work=$(mktemp -d)
LOKET_BENCH_CATALOGUE="$catalogue" start_bench_server "$port" "$work"
base="http://127.0.0.1:$port"
# The first link of each kind (home: categories and life events; all services: a service).
first_link() { grep -o "href=\"$2/[a-z0-9-]*\"" <<<"$1" | head -1 | cut -d'"' -f2 || true; }
home=$(curl -sf "$base/")
category=$(first_link "$home" /kategori)
event=$(first_link "$home" /peristiwa)
service=$(first_link "$(curl -sf "$base/layanan")" /layanan)
echo "== wrk: ${secs}s per page, $conns connections, 2 threads; $(grep -c '^\[\[service\]\]' "$catalogue"/*.toml | awk -F: '{s+=$NF} END {print s}') services"
printf '%-34s %10s %9s %9s %9s %9s\n' page 'pages/s' p50 p90 p99 bytes
failed=0
# Each entry is a path, and after a `|` the coding to ask for.
for entry in / "$service" "/cari?q=ktp" "$category" "$event" /kinerja "/kinerja?hal=7" \
  /open311/v2/services.json "/open311/v2/services.json|br" "/api/catalogue/changes?since=0|br"; do
  path=${entry%%|*}; coding=${entry#"$path"}; coding=${coding#|}
  [ -n "$path" ] || continue
  asks=(); [ -z "$coding" ] || asks=(-H "Accept-Encoding: $coding")
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "${asks[@]}" "$base$path")
  rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p90=$(awk '$1 == "90%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  bytes=$(curl -s -o /dev/null -w '%{size_download}' "${asks[@]}" "$base$path")
  printf '%-34s %10s %9s %9s %9s %9s\n' "$path${coding:+ ($coding)}" "$rate" "$p50" "$p90" "$p99" "$bytes"
  if [ -n "$bad" ]; then echo "   $bad answers were not 2xx" >&2; failed=1; fi
done
exit $failed
