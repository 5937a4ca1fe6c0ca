#!/usr/bin/env bash
# Lighthouse (mobile preset) on the home page and a service page of the real release server,
# in Debian's Chromium. Not part of the tests: prints the scores and LCP/TBT/CLS/bytes.
# Aim: performance >= 95, accessibility 100. Usage: scripts/bench.sh [service-slug]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LOKET_ROOT"
"$LOKET_ROOT/scripts/setup.sh" --browser
"$LOKET_ROOT/scripts/build.sh"

LH_DIR="$LOKET_CACHE/lighthouse"
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  echo "==> installing lighthouse (npm) into $LH_DIR"
  mkdir -p "$LH_DIR" && npm install --prefix "$LH_DIR" --no-audit --no-fund lighthouse@13 >/dev/null
fi

port=3140
data=$(mktemp -d)
start_bench_server "$port" "$data"

flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for path in / "/layanan/${1:-paspor-baru}"; do
  out="$data/lh.json"
  CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" "http://127.0.0.1:$port$path" \
    --quiet --output=json --output-path="$out" --only-categories=performance,accessibility,best-practices \
    --chrome-flags="$flags" 2>/dev/null || true
  node -e '
    const r = require(process.argv[1]);
    const a = r.audits, c = r.categories;
    const s = (k) => Math.round(c[k].score * 100);
    console.log(`${process.argv[2].padEnd(24)} performance ${s("performance")}  accessibility ${s("accessibility")}  best-practices ${s("best-practices")}  ` +
      `LCP ${a["largest-contentful-paint"].displayValue}  TBT ${a["total-blocking-time"].displayValue}  ` +
      `CLS ${a["cumulative-layout-shift"].displayValue}  bytes ${a["total-byte-weight"].numericValue}`);
  ' "$out" "$path"
done
