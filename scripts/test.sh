#!/usr/bin/env bash
# Set up (first time only, with Chromium for the browser tests) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=1 bash scripts/setup.sh
export PIDASH_CHROMIUM=${PIDASH_CHROMIUM:-$(command -v chromium || true)}
exec .venv/bin/python -m pytest "$@"
