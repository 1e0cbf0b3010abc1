#!/usr/bin/env bash
# The WebDriver client for the page's real-browser test (`screen serve`, ServeBrowserTests): Selenium
# from PyPI in .venv-browser, driving Debian's chromium with Debian's chromium-driver (never a driver
# Selenium would download). Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=scripts/browser-requirements.txt
venv=.venv-browser
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import selenium' 2>/dev/null \
  && cmp -s "$requirements" "$venv/requirements.txt"; then
  exit 0
fi
echo "Creating $venv (Selenium)" >&2
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
cp "$requirements" "$venv/requirements.txt"
