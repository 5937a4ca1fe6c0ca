# Shared by scripts/*.sh: where builds and tools live (outside the clone, so a fresh clone
# reuses them) and the PATH that finds them. Source it; don't run it.
LOKET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOKET_CACHE="${LOKET_CACHE:-$HOME/.cache/loket}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$LOKET_CACHE/target}"
export PATH="$HOME/.cargo/bin:$LOKET_ROOT/end2end/node_modules/.bin:$PATH"
# cargo-leptos writes the site under the target dir's parent workspace setting; we point it
# at the cache too, and the server reads it from there.
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$CARGO_TARGET_DIR/site}"
# Panic locations in the phone's WASM name the source file of the crate they come from: without
# the registry's absolute path they are shorter (the main WASM -0.1 KB brotli) and the same on
# every machine. Only the browser build: the server's paths stay whole for its backtraces.
for _src in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} --remap-path-prefix=$_src="
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
LOKET_BIN="$CARGO_TARGET_DIR/release/server"
CARGO_LEPTOS_VERSION=0.3.10

# Starts the release server on 127.0.0.1:$1 with a fresh data dir in $2 (for the benchmarks),
# stops it and removes $2 when the calling script exits, and waits until it answers (a large
# catalogue is imported first). LOKET_BENCH_CATALOGUE names another catalogue directory than the
# seed. Sets LOKET_PID.
start_bench_server() {
  local port=$1 dir=$2
  "$LOKET_BIN" --addr "127.0.0.1:$port" --site-root "$LEPTOS_SITE_ROOT" --catalogue "${LOKET_BENCH_CATALOGUE:-$LOKET_ROOT/catalogue}" --calendar "$LOKET_ROOT/calendar" \
    --data-dir "$dir/data" --log "warn,app::store::submitter=info" --submits-per-minute 0 &  # load from one address: no per-address limit
  LOKET_PID=$!
  trap "kill $LOKET_PID 2>/dev/null || true; rm -rf '$dir'" EXIT
  for _ in $(seq 1200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "the server did not come up on port $port" >&2
  return 1
}

# Installs wrk (the HTTP load generator of the benchmarks) from Debian if it is missing.
ensure_wrk() {
  command -v wrk >/dev/null && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -qq wrk >/dev/null || { $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null; }
}
