#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright browser tests (tests/approval, marked `browser`).
# Idempotent: does nothing when /usr/bin/chromium is already there. Never runs `playwright install`:
# the tests drive the system browser through executable_path="/usr/bin/chromium".
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
