#!/usr/bin/env bash
# Builds the release site and server (cargo-leptos: WASM through the size profile and wasm-opt,
# split so that the application pages (forms, validator, outbox) load only when first used).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LOKET_ROOT"
LEPTOS_SITE_ROOT="$LEPTOS_SITE_ROOT" cargo leptos build --release --split
