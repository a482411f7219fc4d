//! `praktiki eval` on the public matching benchmark (a copy in `tests/fixtures`): the full
//! pipeline beats each stage alone and every baseline of `bench/README.md`.

use crate::helpers::*;
use std::process::Command;

fn praktiki() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_praktiki"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MODEL_DIR", model_dir())
        .env("RUST_LOG", "warn");
    cmd
}

#[test]
fn eval_full_pipeline_beats_each_stage_and_the_baselines() {
    let dataset = repo_root().join("tests/fixtures/matching-public.json");
    let out = praktiki()
        .args(["eval", "--dataset"])
        .arg(&dataset)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let metric = |stage: &str, name: &str| {
        report[stage][name]
            .as_f64()
            .unwrap_or_else(|| panic!("{stage}.{name} missing in {report}"))
    };
    let full = metric("full", "ndcg@10");
    for stage in ["semantic", "skills", "field", "lexical", "location"] {
        assert!(
            full > metric(stage, "ndcg@10"),
            "full {full} vs {stage}: {report}"
        );
    }
    // Best row of bench/README.md (0.5·cosine + 0.3·BM25 + 0.2·location).
    assert!(full > 0.815, "{report}");
    assert!(metric("full", "mrr") > 0.969, "{report}");
    assert!(metric("full", "recall@10") > 0.823, "{report}");
    // Listed-skill Jaccard baseline, beaten by the skill stage alone.
    assert!(metric("skills", "ndcg@10") > 0.376, "{report}");
    assert_eq!(report["students"], 150);
    assert_eq!(report["internships"], 400);
}

#[test]
fn eval_refuses_a_malformed_dataset_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format":"praktiki-matching-benchmark/1","internships":[{"id":"i1"}],
            "students":[{"id":"s1"}],"relevance":{"s1":{"i9":2}}}"#,
    )
    .unwrap();
    let out = praktiki()
        .args(["eval", "--dataset"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown internship `i9`"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let out = praktiki()
        .args(["eval", "--dataset"])
        .arg(dir.path().join("missing.json"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn bench_match_reports_latency_per_size() {
    let out = praktiki()
        .args(["bench-match", "--sizes", "500,2000", "--queries", "20"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        assert!(r["p95_ms"].as_f64().unwrap() >= r["p50_ms"].as_f64().unwrap());
    }
}
