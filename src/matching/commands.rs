//! The matching sub-commands of the binary: `praktiki eval` and `praktiki bench-match`.

use super::embedder::Embedder;
use super::eval::{self, Dataset};
use super::score::MatchWeights;
use crate::config::Settings;
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
    let prepared = eval::prepare(data, &weights, |texts| {
        embed_cached(&embedder, cache.as_deref(), texts)
    })?;
    let mut report = eval::report(&prepared, &weights);
    if let Some(obj) = report.as_object_mut() {
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
