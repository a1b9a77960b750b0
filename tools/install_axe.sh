#!/usr/bin/env bash
# axe-core for the widget's accessibility tests (kept for existing callers; see install_npm_assets.sh).
exec "$(dirname "$0")/install_npm_assets.sh" axe
