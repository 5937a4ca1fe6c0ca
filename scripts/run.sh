#!/usr/bin/env bash
# Runs Loket: installs what is missing, builds the release, and serves the app seeded with the
# catalogue on http://127.0.0.1:3000 (LOKET_ADDR to change). Data goes to ./data (LOKET_DATA_DIR).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LOKET_ROOT"
"$LOKET_ROOT/scripts/setup.sh"
"$LOKET_ROOT/scripts/build.sh"
export LOKET_ADDR="${LOKET_ADDR:-127.0.0.1:3000}"
export LOKET_DATA_DIR="${LOKET_DATA_DIR:-$LOKET_ROOT/data}"
echo "Loket on http://$LOKET_ADDR (data in $LOKET_DATA_DIR)"
exec "$LOKET_BIN" --site-root "$LEPTOS_SITE_ROOT" --catalogue "$LOKET_ROOT/catalogue" --calendar "$LOKET_ROOT/calendar" "$@"
