#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests when it is missing (root or sudo needed).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
exec bash "$(dirname "$0")/apt-install.sh" chromium fonts-dejavu-core
