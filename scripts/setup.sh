#!/usr/bin/env bash
# Prepares a fresh machine: the Debian packages the build links against, and the model files.
# Idempotent: does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
# libpq: the PostgreSQL client library Diesel links to (SQLite is bundled into the binary).
[ -e /usr/include/postgresql/libpq-fe.h ] || need_packages+=(libpq-dev)
command -v cc >/dev/null 2>&1 || need_packages+=(build-essential)
command -v python3 >/dev/null 2>&1 || need_packages+=(python3 python3-pip)
# The browser tests: headless Chromium and its WebDriver; npm fetches axe-core for them.
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_packages+=(chromium-driver)
command -v npm >/dev/null 2>&1 || need_packages+=(npm)
# Devanagari glyphs, so that Hindi pages render (and are photographed) as readers see them, and
# the fonts the CV's PDF is set in (FONT_DIR).
for font in NotoSans-Regular NotoSans-Bold NotoSansDevanagari-Regular; do
  if [ ! -e "/usr/share/fonts/truetype/noto/$font.ttf" ]; then
    need_packages+=(fonts-noto-core)
    break
  fi
done
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "setup: installing ${need_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_packages[@]}"
fi

# axe-core, the accessibility checker the browser tests inject (a pinned major version).
if [ ! -f target/axe-core/package/axe.min.js ]; then
  echo "setup: fetching axe-core"
  mkdir -p target/axe-core
  (cd target/axe-core && npm pack --silent axe-core@4 >/dev/null && tar xzf axe-core-*.tgz)
fi

scripts/fetch-model.sh
