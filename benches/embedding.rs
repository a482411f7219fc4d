//! Embedding throughput of the in-process model against sentence-transformers, in one run:
//! `ST_PYTHON=/path/to/venv/bin/python cargo bench --profile dev --bench embedding`.
//!
//! For each row (short 12-word and long 256-token texts, batch 1 and 32) it first runs
//! `scripts/bench_sentence_transformers.py --row N` with `$ST_PYTHON` (default `python3`; it needs
//! sentence-transformers), then measures the same texts here, so both see the same machine load.
//! Prints texts/s of both, the ratio, model load times, peak RSS of both and the load average.
//! Without sentence-transformers it prints our figures alone.

use mimalloc::MiMalloc;
use praktiki::matching::embedder::Embedder;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

const SHORT: &str = "Data analyst intern building SQL reports and Power BI dashboards in Pune";

/// ~290 tokens, truncated to the model's 256 (same text as the Python script).
fn long_text() -> String {
    let sentence = "The intern will clean raw sales data with Python and pandas, design dashboards for regional managers, \
                    automate weekly reports, and present findings to the analytics team every Friday afternoon.";
    std::iter::repeat_n(sentence, 8)
        .collect::<Vec<_>>()
        .join(" ")
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
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

/// What one run of the Python script reported.
#[derive(Default)]
struct Python {
    per_sec: Option<f64>,
    load_ms: Option<f64>,
    rss_mb: Option<f64>,
}

fn sentence_transformers(row: usize) -> Python {
    let python = std::env::var("ST_PYTHON").unwrap_or_else(|_| "python3".into());
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/bench_sentence_transformers.py");
    let output = match Command::new(&python)
        .arg(&script)
        .args(["--row", &row.to_string()])
        .output()
    {
        Ok(output) if output.status.success() => output,
        Ok(output) => {
            eprintln!(
                "sentence-transformers ({python}) failed: {}",
                String::from_utf8_lossy(&output.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            );
            return Python::default();
        }
        Err(e) => {
            eprintln!("sentence-transformers ({python}) did not start: {e}");
            return Python::default();
        }
    };
    let mut result = Python::default();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((name, value)) = line.split_once(": ") else {
            continue;
        };
        let number = value.split_whitespace().next().and_then(|v| v.parse().ok());
        if name.starts_with("model load") {
            result.load_ms = number;
        } else if name == "peak RSS" {
            result.rss_mb = number;
        } else if value.ends_with("texts/s") {
            result.per_sec = number;
        }
    }
    result
}

fn show(value: Option<f64>, unit: &str) -> String {
    value.map_or("–".into(), |v| format!("{v:.1} {unit}"))
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2");
    let threads: usize = std::env::var("INFERENCE_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let load_before = load_average();
    let started = Instant::now();
    let embedder =
        Embedder::load(&dir, threads).expect("model in models/ (run scripts/fetch-model.sh)");
    let _ = embedder.embed_blocking(vec!["warm".into()]);
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let long = long_text();
    // Keep in step with ROWS in scripts/bench_sentence_transformers.py.
    let rows = [
        ("12 words, batch 1", SHORT, 1, 200),
        ("12 words, batch 32", SHORT, 32, 640),
        ("256 tokens, batch 1", long.as_str(), 1, 40),
        ("256 tokens, batch 32", long.as_str(), 32, 96),
    ];
    let mut python_load = Vec::new();
    let mut python_rss: Option<f64> = None;
    println!("| texts | sentence-transformers | Praktiki | ratio |");
    println!("| --- | --- | --- | --- |");
    for (i, (name, text, batch, total)) in rows.into_iter().enumerate() {
        let theirs = sentence_transformers(i);
        let ours = throughput(&embedder, text, batch, total);
        python_load.extend(theirs.load_ms);
        python_rss = match (python_rss, theirs.rss_mb) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let ratio = theirs
            .per_sec
            .map_or("–".into(), |t| format!("{:.2}", ours / t));
        println!(
            "| {name} | {} | {ours:.1} /s | {ratio} |",
            show(theirs.per_sec, "/s")
        );
    }
    python_load.sort_by(f64::total_cmp);
    let median_load = python_load.get(python_load.len() / 2).copied();
    println!(
        "| model load (incl. first inference) | {} | {load_ms:.0} ms | |",
        median_load.map_or("–".into(), |v| format!("{v:.0} ms"))
    );
    println!(
        "| peak RSS | {} | {:.0} MB | |",
        python_rss.map_or("–".into(), |v| format!("{v:.0} MB")),
        peak_rss_mb()
    );
    println!(
        "load average (1, 5, 15 min): {load_before} before, {} after",
        load_average()
    );
}
