#!/usr/bin/env bash
# Installs the Debian packages the product and its tests need, only when something is missing:
# fonts and pango for PDF letters, poppler for reading PDFs back, Chromium for the browser tests, npm for
# the pinned browser assets.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || needed+=(poppler-utils)
command -v npm >/dev/null 2>&1 || needed+=(npm)  # pinned browser assets: axe-core, Swagger UI
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || needed+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/liberation ] || needed+=(fonts-liberation)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || needed+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#needed[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages: installing ${needed[*]}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
