#!/usr/bin/env bash
# Installs Debian packages (root, or sudo): the install-*.sh scripts call it once they found their
# program missing.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "$@"
