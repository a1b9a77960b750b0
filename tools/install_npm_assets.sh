#!/usr/bin/env bash
# Installs one pinned set of npm packages (tools/<name>/package-lock.json) into .cache/<name>, once per
# lock file: browser assets the product or its tests load from this machine, never from a CDN.
#   tools/install_npm_assets.sh axe        axe-core for the accessibility tests
#   tools/install_npm_assets.sh api-docs   Swagger UI for the gateway's /docs
set -euo pipefail
name="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
source_dir="$root/tools/$name"
target="$root/.cache/$name"
stamp="$target/node_modules/.installed-lock.json"
mkdir -p "$target"
if [ -f "$stamp" ] && cmp -s "$source_dir/package-lock.json" "$stamp"; then
  exit 0  # already installed at these versions
fi
cp "$source_dir/package.json" "$source_dir/package-lock.json" "$target/"
(cd "$target" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
cp "$source_dir/package-lock.json" "$stamp"
echo "npm assets: $name installed in .cache/$name"
