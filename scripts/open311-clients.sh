#!/usr/bin/env bash
# The Open311 clients nobody here wrote (PyPI civicbot 0.4.0 and georeport 0.3.1, issue 13), in a
# virtualenv kept outside the clone ($LOKET_CACHE/open311-venv, default ~/.cache/loket/...) and
# made again only when end2end/open311/requirements.txt changes. Quiet unless it installs.
#
#   scripts/open311-clients.sh              make sure the venv is there; print its python
#   scripts/open311-clients.sh run ARGS…    end2end/open311/clients.py ARGS… (the scenario)
#   scripts/open311-clients.sh check ARGS…  end2end/open311/check.py ARGS… (our schema checks)
set -euo pipefail
source "$(dirname "$0")/env.sh"
venv="$LOKET_CACHE/open311-venv"
req="$LOKET_ROOT/end2end/open311/requirements.txt"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  printf '\n==> %s\n' "installing the Open311 clients (civicbot, georeport) into $venv" >&2
  rm -rf "$venv"
  mkdir -p "$LOKET_CACHE"
  python3 -m venv "$venv" >&2 || {
    echo "python3 -m venv failed: on Debian, apt-get install python3-venv" >&2; exit 1; }
  nice -n 10 "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
    --only-binary=:all: -r "$req" >&2
  "$venv/bin/python" -c 'import civicbot, georeport; assert civicbot.__version__ == "0.4.0", civicbot.__version__; assert georeport.__version__ == "0.3.1", georeport.__version__'
  echo "$want" > "$stamp"
fi

case "${1:-}" in
  run)   shift; exec "$venv/bin/python" "$LOKET_ROOT/end2end/open311/clients.py" "$@" ;;
  check) shift; exec "$venv/bin/python" "$LOKET_ROOT/end2end/open311/check.py" "$@" ;;
  "")    echo "$venv/bin/python" ;;
  *)     echo "usage: $0 [run|check] [ARGS…]" >&2; exit 2 ;;
esac
