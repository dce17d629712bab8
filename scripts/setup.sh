#!/usr/bin/env bash
# Creates .venv at the repo root with optpar and everything the tests need,
# and Debian's Chromium for the browser tests (root or sudo; skipped with --no-browser).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
if [ "${1:-}" != "--no-browser" ]; then
  bash scripts/install_browser.sh
fi
