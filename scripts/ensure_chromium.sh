#!/usr/bin/env bash
# Install Debian's chromium for the browser test of the HTML review page, if it is missing.
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (or sudo) and apt.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: $CHROMIUM is missing and apt-get is not available: install chromium by hand" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure_chromium: installing chromium needs root: run 'apt-get install -y chromium' as root" >&2
        exit 1
    fi
fi
echo "ensure_chromium: installing Debian's chromium (for tests/test_review_page_browser.py)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
test -x "$CHROMIUM"
