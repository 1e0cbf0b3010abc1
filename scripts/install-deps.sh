#!/usr/bin/env bash
# Installs the system packages PostScreen builds against, when any is missing:
# ICU (Unicode segmentation and normalisation), Hunspell with the en_GB dictionary, libphonenumber
# (phone numbers from any country), zlib (Mastodon .tar.gz archives), pkg-config.
# Extra packages for optional targets can be passed as arguments (e.g. chromium for report tests);
# with chromium-driver, the Selenium venv for the `screen serve` page test is made too.
set -euo pipefail
packages=(libicu-dev libhunspell-dev hunspell-en-gb zlib1g-dev libphonenumber-dev pkg-config "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for p in "$@"; do
  if [ "$p" = chromium-driver ]; then bash "$(dirname "$0")/browser-venv.sh"; fi
done
