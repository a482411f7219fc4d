#!/usr/bin/env python3
"""Scores the files of scripts/noisy_bench.py with one `praktiki` binary and prints a Markdown
table: NDCG@10 of each variant, by kind of student (from the probes, so a binary that predates
per-kind reporting is scored the same way), and the padded postings' top-10 exposure against the
same postings unpadded.

    python3 scripts/noisy_report.py --bin target/debug/praktiki --dir target/noisy-bench
"""

import argparse
import glob
import json
import os
import subprocess


def ndcg(binary, path, cache, metric="ndcg@10"):
    env = dict(os.environ, RUST_LOG="warn")
    env.setdefault("MODEL_DIR", "models/all-MiniLM-L6-v2")
    cmd = [binary, "eval", "--dataset", path]
    if cache:
        cmd += ["--embeddings-cache", cache]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["full"][metric]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/debug/praktiki")
    ap.add_argument("--dir", default="target/noisy-bench")
    ap.add_argument("--public", default="tests/fixtures/matching-public.json")
    ap.add_argument("--cache", default="", help="embeddings cache file (speeds up reruns)")
    args = ap.parse_args()
    print("| file | students | ndcg@10 |")
    print("| --- | --- | --- |")
    print(f"| public | all | {ndcg(args.bin, args.public, args.cache):.3f} |")
    for path in sorted(glob.glob(os.path.join(args.dir, "noisy-*.json"))):
        name = os.path.basename(path)[:-5]
        print(f"| {name} | all | {ndcg(args.bin, path, args.cache):.3f} |")
        for probe in sorted(glob.glob(os.path.join(args.dir, "probes", f"{name}.kind-*.json"))):
            kind = probe.rsplit(".kind-", 1)[1][:-5]
            print(f"| {name} | {kind} | {ndcg(args.bin, probe, args.cache):.3f} |")
    for padded in sorted(glob.glob(os.path.join(args.dir, "probes", "*.exposure-padded.json"))):
        unpadded = padded.replace("exposure-padded", "exposure-unpadded")
        a = ndcg(args.bin, padded, args.cache, "recall@10")
        b = ndcg(args.bin, unpadded, args.cache, "recall@10")
        name = os.path.basename(padded).split(".")[0]
        print(f"| {name}: padded postings' share of top-10 slots, padded / unpadded | "
              f"{a:.3f} / {b:.3f} | ratio {a / b if b else 0:.2f} |")


if __name__ == "__main__":
    main()
