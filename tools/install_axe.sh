#!/usr/bin/env bash
# Installs the pinned axe-core (tools/axe/package-lock.json) into .cache/axe for the widget's
# accessibility tests. The tests load axe.min.js from there into the page: never from a CDN.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/.cache/axe"
command -v npm >/dev/null 2>&1 || { echo "install_axe: npm is missing (apt-get install npm)" >&2; exit 1; }
mkdir -p "$target"
cp "$root/tools/axe/package.json" "$root/tools/axe/package-lock.json" "$target/"
if [ -f "$target/node_modules/axe-core/axe.min.js" ] && cmp -s "$root/tools/axe/package-lock.json" "$target/node_modules/.package-lock.json.installed" 2>/dev/null; then
  exit 0  # already installed at this version
fi
(cd "$target" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
cp "$root/tools/axe/package-lock.json" "$target/node_modules/.package-lock.json.installed"
echo "axe-core installed in $target/node_modules/axe-core"
