#!/usr/bin/env bash
# Installs Debian's poppler-utils (pdftoppm) when it is missing: the tests render the comparison's PDF
# to PNG with it. The dashboard itself needs no system package (fpdf2 is pure Python).
set -euo pipefail
if command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
exec bash "$(dirname "$0")/apt-install.sh" poppler-utils
