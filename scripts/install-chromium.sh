#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (playwright-core
# drives it; no browser is ever downloaded by a test tool).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "[e2e] installing Debian's chromium…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
chromium --version
