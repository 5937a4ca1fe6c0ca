#!/usr/bin/env bash
# Builds the release site twice with no source change in between and checks that both builds
# give the same file names (hash.txt) and the same bytes in pkg/. Costs two runs of
# scripts/build.sh (on a warm cache 2–3 minutes each on 2 cores: wasm-bindgen, wasm-opt and
# the split run again even when cargo has nothing to do), so it is not part of scripts/test.sh.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LOKET_ROOT"
first=$(mktemp -d)
trap 'rm -rf "$first"' EXIT
"$LOKET_ROOT/scripts/build.sh"
cp -a "$LEPTOS_SITE_ROOT/pkg" "$first/pkg"
cp "$CARGO_TARGET_DIR/release/hash.txt" "$first/hash.txt"
"$LOKET_ROOT/scripts/build.sh"
strip_copies() { find "$1" -name '*.br' -o -name '*.gz' | xargs -r rm -f; }
strip_copies "$first/pkg"
second=$(mktemp -d)
trap 'rm -rf "$first" "$second"' EXIT
cp -a "$LEPTOS_SITE_ROOT/pkg" "$second/pkg"
strip_copies "$second/pkg"
if diff "$first/hash.txt" "$CARGO_TARGET_DIR/release/hash.txt" && diff -r "$first/pkg" "$second/pkg"; then
  echo "reproducible: two builds gave the same names and bytes ($(ls "$second/pkg" | wc -l) files)"
else
  echo "NOT reproducible: the two builds differ (above)" >&2
  exit 1
fi
