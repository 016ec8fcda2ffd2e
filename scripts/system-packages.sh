#!/usr/bin/env bash
# Installs the Debian packages the service needs when they are missing (as root), or prints
# the exact command to run. Pango and HarfBuzz come with the base system; these do not.
#   libharfbuzz-subset0  WeasyPrint embeds font subsets with it (without it: warnings, slow PDFs)
#   fonts-liberation2    Liberation Serif, metric-compatible with Times New Roman (official reports)
#   poppler-utils        pdftotext / pdftoppm, used by the tests to read PDFs back
#   chromium             the browser tests (tests/browser) drive Debian's Chromium with Playwright,
#                        which must never download a browser of its own
set -euo pipefail
packages=(libharfbuzz-subset0 fonts-liberation2 poppler-utils chromium)
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian system: install the equivalents of ${packages[*]} yourself." >&2
  exit 0
fi
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
