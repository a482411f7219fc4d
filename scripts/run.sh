#!/usr/bin/env bash
# Builds and serves Praktiki on the embedded SQLite database with the real model:
# `./scripts/run.sh` then open http://127.0.0.1:8080 (HOST/PORT/… as in .env.example).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Dependencies (Candle included) are optimised even in the dev profile; `--release` optimises the
# app's own code too: PROFILE=release ./scripts/run.sh
if [ "${PROFILE:-dev}" = "release" ]; then
  exec cargo run --locked --release -- serve
else
  exec cargo run --locked -- serve
fi
