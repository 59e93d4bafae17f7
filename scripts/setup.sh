#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: a virtual environment with pidash installed, the system
# packages the PDF/browser parts need, and the demo database if there is none.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
WITH_BROWSER=${WITH_BROWSER:-0}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

apt_packages=()
"$PYTHON" -c "import ensurepip, venv" 2>/dev/null || apt_packages+=(python3-venv)
[ "$WITH_BROWSER" = 1 ] && ! command -v chromium >/dev/null && apt_packages+=(chromium)
# the tests check deploy/nginx-pidash.conf with Debian's nginx (`nginx -t`)
[ "$WITH_BROWSER" = 1 ] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] && apt_packages+=(nginx)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || apt_packages+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || apt_packages+=(fonts-dejavu-core)
if [ ${#apt_packages[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${apt_packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e '.[dev]'
  rm -f .venv/.installed-* && touch "$stamp"
fi

if ! .venv/bin/python -c "import sys; from loads.bootstrap import is_initialised; from data.store import db_path; sys.exit(0 if is_initialised(db_path()) else 1)"; then
  echo "Building the demo database (synthetic demo data, labelled so)…"
  .venv/bin/pidash init --demo >/dev/null
fi
