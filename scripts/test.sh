#!/usr/bin/env bash
# Sets up .venv (if needed), checks the cloud templates, lints and type-checks, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f scripts/lint_cloud.sh ]; then
  bash scripts/lint_cloud.sh
fi
echo "== ruff and mypy"
.venv/bin/ruff check shared functions tests bench
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest -q "$@"
