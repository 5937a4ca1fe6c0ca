#!/usr/bin/env bash
# Builds the release site and server (cargo-leptos: WASM through the size profile and wasm-opt,
# split so that the application pages (forms, validator, outbox) load only when first used).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LOKET_ROOT"
build() { LEPTOS_SITE_ROOT="$LEPTOS_SITE_ROOT" cargo leptos build --release --split; }
# Start from an empty pkg/: files of an earlier build (or compressed copies a server wrote)
# would otherwise stay beside the new ones and be served and precached with them.
rm -rf "$LEPTOS_SITE_ROOT/pkg"
build
# cargo-leptos writes the hashed file names into hash.txt beside the server binary only when it
# builds the server; when `cargo test` already built that binary, a new WASM can be left with a
# stale hash.txt (pages would then ask for files that no longer exist). Check, and rebuild once.
hashes="$CARGO_TARGET_DIR/release/hash.txt"
wasm=$(awk '$1 == "wasm:" {print $2}' "$hashes" 2>/dev/null || true)
if [ -z "$wasm" ] || [ ! -f "$LEPTOS_SITE_ROOT/pkg/loket.$wasm.wasm" ]; then
  echo "hash.txt does not match the built site: rebuilding the server" >&2
  touch server/src/main.rs
  build
fi
# The same sources must give the same file names and bytes (a rebuild must not rename files a
# running server's service worker lists): the split loader and manifest come out in HashMap
# order, so sort and rename them (see the script). scripts/check-reproducible.sh checks it.
node "$LOKET_ROOT/scripts/reproducible-names.mjs" "$LEPTOS_SITE_ROOT" "$hashes"
