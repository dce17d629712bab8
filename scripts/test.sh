#!/usr/bin/env bash
# Sets up .venv (if needed), checks the cloud templates, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f scripts/lint_cloud.sh ]; then
  bash scripts/lint_cloud.sh
fi
.venv/bin/python -m pytest -q "$@"
