#!/usr/bin/env bash
# Fetches, from the npm registry, the files the browser tests serve in place of the CDNs (see assets.txt),
# into tests/browser/.assets/<name>@<version>/. Idempotent: a package already unpacked is skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/.assets"
mkdir -p "$dest"

# Two pytest-xdist workers (or CI and a developer) may call this at once: one at a time.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$dest/.lock"
  flock 9
fi

command -v npm >/dev/null 2>&1 || { echo "fetch_assets.sh: npm is needed (apt-get install -y npm)" >&2; exit 1; }

fetched=0
while IFS= read -r spec || [[ -n "$spec" ]]; do
  spec="${spec%%#*}"
  spec="$(echo "$spec" | tr -d '[:space:]')"
  [[ -z "$spec" ]] && continue
  target="$dest/$spec"
  [[ -f "$target/.complete" ]] && continue
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  npm pack "$spec" --pack-destination "$tmp" --silent --loglevel=error >/dev/null
  rm -rf "$target"
  mkdir -p "$target"
  tar -xzf "$tmp"/*.tgz -C "$target" --strip-components=1 --no-same-owner
  touch "$target/.complete"
  rm -rf "$tmp"
  trap - EXIT
  fetched=$((fetched + 1))
done < "$here/assets.txt"

if [[ $fetched -gt 0 ]]; then
  echo "fetch_assets.sh: fetched $fetched package(s) into $dest"
fi
