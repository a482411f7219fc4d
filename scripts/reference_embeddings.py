#!/usr/bin/env python3
"""Writes tests/fixtures/reference_embeddings.json: sentence-transformers' own vectors for a set of
texts (short, just under 256 tokens, truncated at 256 tokens, Hindi, punctuation, mixed case,
empty), which the Rust embedder must reproduce (cosine >= 0.9999).

Needs sentence-transformers (not a project dependency): python3 -m venv /tmp/st &&
/tmp/st/bin/pip install sentence-transformers && /tmp/st/bin/python scripts/reference_embeddings.py
"""
import json
import pathlib

from sentence_transformers import SentenceTransformer

ROOT = pathlib.Path(__file__).resolve().parent.parent
LONG = " ".join(
    ["Responsible for building data pipelines in Python and SQL, cleaning raw sales data,"
     " designing Power BI dashboards for regional managers, and presenting weekly insights."] * 8
)
TEXTS = [
    "python developer intern",
    "marketing intern in Pune",
    "Data Analyst Intern: SQL, Power BI, Excel; hybrid, Bengaluru (₹15,000/month)",
    "MACHINE LEARNING with PyTorch & scikit-learn!!!",
    "मुझे वेब डेवलपमेंट में इंटर्नशिप चाहिए",
    "Tally ERP 9, GST returns, bank reconciliation",
    "AutoCAD / SolidWorks — mechanical design",
    "",
    "a",
    "Content writing, SEO and social media for a D2C brand",
    LONG,
    "React.js/Node.js full-stack internship (remote)",
    # ~480 tokens: only the first 256 count.
    LONG + " " + LONG.upper(),
]


def main() -> None:
    model = SentenceTransformer(str(ROOT / "models" / "all-MiniLM-L6-v2"), device="cpu")
    vectors = model.encode(TEXTS, normalize_embeddings=True, batch_size=4)
    out = {
        "model": "all-MiniLM-L6-v2",
        "max_seq_length": model.max_seq_length,
        "texts": TEXTS,
        "vectors": [[float(f"{x:.7g}") for x in v] for v in vectors],
    }
    path = ROOT / "tests" / "fixtures" / "reference_embeddings.json"
    path.write_text(json.dumps(out) + "\n")
    print(f"wrote {len(TEXTS)} vectors to {path}")


if __name__ == "__main__":
    main()
