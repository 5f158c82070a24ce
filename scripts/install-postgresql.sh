#!/usr/bin/env bash
# Installs Debian's PostgreSQL server for the collection's tests when it is missing (root or sudo
# needed). The tests start their own throw-away server (tests/databases.py); nothing is started here.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
exec bash "$(dirname "$0")/apt-install.sh" postgresql
