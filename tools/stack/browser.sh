#!/usr/bin/env bash
# Headless Chromium and its WebDriver from Debian, for the browser checks of the dashboards
# (io.indicate.superset.DashboardBrowserTest). Idempotent: installs only what is missing.
# Never a browser that a test tool downloads by itself: the tests use /usr/bin/chromium and /usr/bin/chromedriver.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "browser: $(/usr/bin/chromium --version 2>/dev/null | head -1), $(/usr/bin/chromedriver --version 2>/dev/null | head -1 | cut -d' ' -f1-2)"
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "browser: chromium missing and not root (run: apt-get install -y chromium chromium-driver)" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core; } >/tmp/indicate-browser-install.log 2>&1; then
  echo "browser: apt-get install chromium chromium-driver failed; see /tmp/indicate-browser-install.log" >&2
  exit 1
fi
echo "browser: installed $(/usr/bin/chromium --version 2>/dev/null | head -1)"
