//! The matching sub-commands of the binary: `praktiki eval` and `praktiki train-reranker`
//! (`praktiki bench-match` is in `bench_match.rs`).

use super::benchmark;
use super::dataset::Dataset;
use crate::config::Settings;
use crate::matching::embedding::embedder::Embedder;
use crate::matching::ranking::score::MatchWeights;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Loads the embedding model the way `serve` does.
pub fn load_embedder(settings: &Settings) -> anyhow::Result<Embedder> {
    Ok(
        if !settings.model_dir.join("model.safetensors").exists() && settings.model_from_hub {
            Embedder::load_from_hub(settings.inference_threads)?
        } else {
            Embedder::load(&settings.model_dir, settings.inference_threads)?
        },
    )
}

/// The configured weights with an optional JSON override (`{"semantic": 0.5, …}`).
pub fn weights(settings: &Settings, overrides: Option<&str>) -> anyhow::Result<MatchWeights> {
    let base = MatchWeights::from_settings(settings);
    let Some(text) = overrides else {
        return Ok(base);
    };
    let mut value = serde_json::to_value(base)?;
    let patch: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| anyhow::anyhow!("--weights is not a JSON object: {e}"))?;
    let (Some(target), Some(patch)) = (value.as_object_mut(), patch.as_object()) else {
        anyhow::bail!("--weights must be a JSON object such as {{\"semantic\": 0.5}}");
    };
    for (k, v) in patch {
        if !target.contains_key(k) {
            anyhow::bail!("--weights: unknown weight `{k}`");
        }
        target.insert(k.clone(), v.clone());
    }
    serde_json::from_value(value).map_err(|e| anyhow::anyhow!("--weights: {e}"))
}

/// Embeds texts, reusing vectors stored in `cache` (a JSON file keyed by SHA-256 of the text)
/// when given; the cache is only a convenience for repeated evaluations.
fn embed_cached(
    embedder: &Embedder,
    cache: Option<&Path>,
    texts: Vec<String>,
) -> Result<Vec<Vec<f32>>, String> {
    let key = |t: &str| hex::encode(Sha256::digest(t.as_bytes()));
    let mut stored: HashMap<String, Vec<f32>> = cache
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let missing: Vec<String> = texts
        .iter()
        .filter(|t| !stored.contains_key(&key(t)))
        .cloned()
        .collect();
    if !missing.is_empty() {
        let vectors = embedder
            .embed_blocking(missing.clone())
            .map_err(|e| e.to_string())?;
        for (t, v) in missing.iter().zip(vectors) {
            stored.insert(key(t), v);
        }
        if let Some(p) = cache {
            let json = serde_json::to_string(&stored).map_err(|e| e.to_string())?;
            std::fs::write(p, json).map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    texts
        .iter()
        .map(|t| {
            stored
                .get(&key(t))
                .cloned()
                .ok_or_else(|| "vector missing".to_string())
        })
        .collect()
}

/// `praktiki eval --dataset FILE`: prints one JSON object with the metrics of the full pipeline
/// and of each stage alone.
pub fn eval(
    settings: &Settings,
    dataset: &Path,
    weight_overrides: Option<&str>,
    cache: Option<PathBuf>,
) -> anyhow::Result<()> {
    let weights = weights(settings, weight_overrides)?;
    let data = Dataset::load(dataset)?;
    let embedder = load_embedder(settings)?;
    let started = std::time::Instant::now();
    let prepared = benchmark::prepare(data, &weights, |texts| {
        embed_cached(&embedder, cache.as_deref(), texts)
    })?;
    let mut report = benchmark::report(&prepared, &weights);
    let (kinds, padded) = super::robustness::annotations(dataset);
    let robustness = super::robustness::report(&prepared, &weights, &kinds, &padded);
    super::inspect::dump_if_asked(&prepared, &weights, &kinds);
    // The cross-validated reranker is the slow part; `PRAKTIKI_EVAL_NO_CV=1` skips it.
    let cv = match std::env::var("PRAKTIKI_EVAL_NO_CV") {
        Ok(v) if v == "1" => serde_json::Value::Null,
        _ => benchmark::reranker_cross_validation(&prepared, &weights, 5, 300)?,
    };
    if let Some(obj) = report.as_object_mut() {
        obj.insert("reranker_cv".into(), cv);
        if let serde_json::Value::Object(extra) = robustness {
            obj.extend(extra);
        }
        obj.insert("dataset".into(), dataset.display().to_string().into());
        obj.insert("model".into(), embedder.model_id().into());
        obj.insert(
            "seconds".into(),
            ((started.elapsed().as_secs_f64() * 10.0).round() / 10.0).into(),
        );
    }
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

/// `praktiki train-reranker`: trains on the outcomes in `DATABASE_URL` and stores the model as
/// the active version, or says why not. Running servers pick it up within a minute.
pub fn train_reranker(settings: &Settings, epochs: usize) -> anyhow::Result<()> {
    use crate::matching::service::{TrainReport, train_reranker_blocking};
    anyhow::ensure!(epochs > 0, "--epochs must be at least 1");
    let mut conn = crate::db::DatabaseUrl::parse(&settings.database_url)?.connect()?;
    crate::db::run_migrations(&mut conn)?;
    let report = train_reranker_blocking(&mut conn, epochs)?;
    println!("{report}");
    if let TrainReport::Trained { .. } = report {
        println!(
            "running servers switch to it within {} seconds",
            crate::matching::runtime::REFRESH_EVERY.as_secs()
        );
    }
    Ok(())
}
