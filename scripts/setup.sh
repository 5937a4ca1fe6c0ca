#!/usr/bin/env bash
# Installs what building and testing Loket needs, when it is missing. Idempotent; used by
# run.sh and test.sh. `scripts/setup.sh --browser` also installs Debian's Chromium.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LOKET_ROOT"

step() { printf '\n==> %s\n' "$*"; }

if ! command -v cargo >/dev/null; then
  echo "Rust is needed (https://rustup.rs); cargo was not found on PATH" >&2
  exit 1
fi

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    step "adding the $component component (the format and lint gates of scripts/test.sh)"
    rustup component add "$component"
  fi
done

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes ~15 minutes once)"
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
fi

# The wasm-bindgen CLI must be exactly the version in Cargo.lock (cargo-leptos would try to
# download one otherwise, and downloads fail on our machines).
wb_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb_version"; then
  step "installing wasm-bindgen-cli $wb_version"
  cargo install wasm-bindgen-cli --version "$wb_version"
fi

if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/@playwright/test ] \
   || [ end2end/package.json -nt end2end/node_modules/.package-lock.json ]; then
  step "installing npm packages (Playwright, binaryen's wasm-opt)"
  (cd end2end && { [ -f package-lock.json ] && npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
fi

if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  step "installing Debian's Chromium and ChromeDriver"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Debian's nginx, for the two-server browser test (end2end/tests/scale-out.spec.js), which runs
# its own nginx as a child, on loopback ports, with a configuration in a temporary directory.
# On a machine with systemd the package starts its stock site on :80 (in a container the
# post-install start is denied and nothing listens): nginx was installed here for the tests
# only, so that service is stopped and disabled; the test never uses it either way.
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/sbin/nginx ]; then
  step "installing Debian's nginx (the two-server browser test)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
  if [ -d /run/systemd/system ] && systemctl is-active --quiet nginx 2>/dev/null; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || echo "could not stop the system nginx on :80 (harmless: the test uses its own)" >&2
  fi
fi

# The Open311 clients nobody here wrote (PyPI civicbot and georeport, issue 13) in a cached
# virtualenv; Debian needs python3-venv for `python3 -m venv`.
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  step "installing python3-venv (the Open311 clients' virtualenv)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
"$LOKET_ROOT/scripts/open311-clients.sh" >/dev/null
