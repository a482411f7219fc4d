#!/usr/bin/env python3
"""sentence-transformers on the texts of benches/embedding.rs, which runs this script row by row
(`--row N`) between its own measurements so both see the same machine load. Run it with a venv
that has sentence-transformers (see scripts/reference_embeddings.py); alone it measures every row.
"""
import argparse
import pathlib
import resource
import time

import torch
from sentence_transformers import SentenceTransformer

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHORT = "Data analyst intern building SQL reports and Power BI dashboards in Pune"
SENTENCE = ("The intern will clean raw sales data with Python and pandas, design dashboards for regional managers, "
            "automate weekly reports, and present findings to the analytics team every Friday afternoon.")
# ~290 tokens: truncated to the model's 256.
LONG = " ".join([SENTENCE] * 8)
# Keep in step with ROWS in benches/embedding.rs.
ROWS = [("12 words, batch 1", SHORT, 1, 200), ("12 words, batch 32", SHORT, 32, 640),
        ("256 tokens, batch 1", LONG, 1, 40), ("256 tokens, batch 32", LONG, 32, 96)]


def throughput(model, text, batch, total):
    texts = [f"{text} {i % 3}" for i in range(batch)]
    model.encode(texts, batch_size=batch)
    start, done = time.perf_counter(), 0
    while done < total:
        model.encode(texts, batch_size=batch, normalize_embeddings=True)
        done += batch
    return done / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--row", type=int, action="append", help="measure only these rows (0-based)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    start = time.perf_counter()
    model = SentenceTransformer(str(ROOT / "models" / "all-MiniLM-L6-v2"), device="cpu")
    model.encode(["warm"])
    print(f"model load (incl. first inference): {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
    for i, (name, text, batch, total) in enumerate(ROWS):
        if args.row is None or i in args.row:
            print(f"{name}: {throughput(model, text, batch, total):.1f} texts/s", flush=True)
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
