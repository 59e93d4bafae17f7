#!/usr/bin/env bash
# pidash's benchmarks at national scale (not part of the tests): prints a table and writes
# benchmarks/results.md. About 5-10 minutes on a 2-core machine. Options: --quick, --only SECTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  bash scripts/setup.sh
fi
exec .venv/bin/python -m benchmarks.bench "$@"
