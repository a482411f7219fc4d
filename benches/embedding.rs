//! Embedding throughput of the in-process model: `cargo bench --bench embedding`.
//! Prints texts/s for short (12-word) and long (~180-word, 256-token) texts at batch 1 and 32,
//! the model's load time and the peak resident memory. `scripts/bench_sentence_transformers.py`
//! measures sentence-transformers on the same texts for the ratio (README, "Measured").

use mimalloc::MiMalloc;
use praktiki::matching::embedder::Embedder;
use std::path::Path;
use std::time::Instant;

#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

const SHORT: &str = "Data analyst intern building SQL reports and Power BI dashboards in Pune";

fn long_text() -> String {
    let sentence = "The intern will clean raw sales data with Python and pandas, design dashboards for regional managers, \
                    automate weekly reports, and present findings to the analytics team every Friday afternoon.";
    std::iter::repeat_n(sentence, 6)
        .collect::<Vec<_>>()
        .join(" ")
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn throughput(embedder: &Embedder, text: &str, batch: usize, total: usize) -> f64 {
    let texts: Vec<String> = (0..batch).map(|i| format!("{text} {}", i % 3)).collect();
    // Warm-up.
    let _ = embedder.embed_blocking(texts.clone());
    let started = Instant::now();
    let mut done = 0;
    while done < total {
        embedder
            .embed_blocking(texts.clone())
            .expect("embedding works");
        done += batch;
    }
    done as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2");
    let threads: usize = std::env::var("INFERENCE_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let started = Instant::now();
    let embedder =
        Embedder::load(&dir, threads).expect("model in models/ (run scripts/fetch-model.sh)");
    let _ = embedder.embed_blocking(vec!["warm".into()]);
    let load_ms = started.elapsed().as_millis();
    let long = long_text();
    let rows = [
        ("12 words, batch 1", throughput(&embedder, SHORT, 1, 200)),
        ("12 words, batch 32", throughput(&embedder, SHORT, 32, 640)),
        (
            "180 words (256 tokens), batch 1",
            throughput(&embedder, &long, 1, 40),
        ),
        (
            "180 words (256 tokens), batch 32",
            throughput(&embedder, &long, 32, 96),
        ),
    ];
    println!("model load (incl. first inference): {load_ms} ms");
    for (name, per_sec) in rows {
        println!("{name}: {per_sec:.1} texts/s");
    }
    println!("peak RSS: {:.0} MB", peak_rss_mb());
}
