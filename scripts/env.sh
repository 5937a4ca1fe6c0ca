# Shared by scripts/*.sh: where builds and tools live (outside the clone, so a fresh clone
# reuses them) and the PATH that finds them. Source it; don't run it.
LOKET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOKET_CACHE="${LOKET_CACHE:-$HOME/.cache/loket}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$LOKET_CACHE/target}"
export PATH="$HOME/.cargo/bin:$LOKET_ROOT/end2end/node_modules/.bin:$PATH"
# cargo-leptos writes the site under the target dir's parent workspace setting; we point it
# at the cache too, and the server reads it from there.
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$CARGO_TARGET_DIR/site}"
LOKET_BIN="$CARGO_TARGET_DIR/release/server"
CARGO_LEPTOS_VERSION=0.3.10
