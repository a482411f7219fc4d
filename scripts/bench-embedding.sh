#!/usr/bin/env bash
# Embedding throughput against sentence-transformers, both measured in one run:
# `./scripts/bench-embedding.sh`. Creates a throw-away venv with sentence-transformers (CPU torch)
# under .venv-bench/ on first use; the app itself never needs Python at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
venv=.venv-bench
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sentence_transformers" 2>/dev/null; then
  echo "bench: creating $venv with sentence-transformers"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet sentence-transformers
fi
ST_PYTHON="$PWD/$venv/bin/python" exec cargo bench --locked --profile dev --bench embedding "$@"
