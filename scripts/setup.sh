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
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "setup: installing ${need_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_packages[@]}"
fi

scripts/fetch-model.sh
