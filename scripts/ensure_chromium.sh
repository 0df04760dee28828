#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser tests (never a downloaded browser).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian chromium for the browser tests..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && exit 0
  echo "error: apt-get installed chromium but /usr/bin/chromium is missing" >&2
  exit 1
fi
echo "error: the browser tests need Debian's chromium at /usr/bin/chromium." >&2
echo "       Install it with:  sudo apt-get install chromium   (then run make test again)" >&2
exit 1
