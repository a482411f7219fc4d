//! Rules of the admin matching page (`matching_routes.rs`): the ranking settings checked and
//! saved, the active reranker, re-indexing and training queued, each audited. Apart from the
//! verification and moderation rules (`service.rs`): these tune the matching module, not users.

use super::model::{MatchingForm, MatchingOverview};
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::matching::service::{self as matching, KNOBS, MatchingRuntime};
use crate::web::FieldErrors;
use crate::web::i18n::{self, Lang};

/// Checks the matching form: every weight a number from 0 to 10 (not all 0), the threshold
/// from 0 to 1, the candidates to rerank a whole number from 0 to 500. Returns the values to
/// store, by `app_settings` key, or a message per bad field in `lang`.
pub fn validate_matching(
    form: &MatchingForm,
    lang: Lang,
) -> Result<Vec<(&'static str, String)>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut values = Vec::new();
    let mut weight_sum = 0.0;
    for (knob, raw) in KNOBS.iter().zip(form.raw()) {
        match knob.parse(raw) {
            Some(v) => {
                if knob.key.starts_with("weight_") {
                    weight_sum += v;
                }
                values.push((knob.key, knob.format(v)));
            }
            None => {
                let message = match knob.key {
                    "match_threshold" => i18n::t(lang, "admin.matching_err_threshold"),
                    "max_rerank_candidates" => i18n::t(lang, "admin.matching_err_candidates"),
                    _ => i18n::t(lang, "admin.matching_err_weight"),
                };
                errors.add(knob.key, message);
            }
        }
    }
    if errors.is_empty() && weight_sum <= 0.0 {
        errors.add(
            "weight_semantic",
            i18n::t(lang, "admin.matching_err_all_zero"),
        );
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// Saves validated matching settings and audits what changed from the effective settings
/// (`defaults` overridden by the stored ones). Callers refresh the runtime afterwards.
pub fn save_matching(
    conn: &mut DbConnection,
    admin_id: i64,
    values: &[(&'static str, String)],
    defaults: crate::matching::ranking::score::MatchWeights,
) -> Result<(), DbError> {
    let before = matching::effective_weights(defaults, &matching::settings(conn)?);
    let changes: Vec<String> = values
        .iter()
        .filter_map(|(key, new)| {
            let knob = KNOBS.iter().find(|k| k.key == *key)?;
            let old = knob.format(knob.get(&before));
            (old != *new).then(|| format!("{key} {old} → {new}"))
        })
        .collect();
    let detail = if changes.is_empty() {
        "no change".to_string()
    } else {
        changes.join("; ")
    };
    crate::db::transaction(conn, |conn| {
        matching::save_settings(conn, values, Some(admin_id))?;
        audit::record(
            conn,
            Event::new("matching_settings_changed", Outcome::Success)
                .actor(Some(admin_id), "")
                .detail(&detail),
        )
    })
}

/// Makes a stored reranker the active one (`None`: none, back to the hybrid order); `false`
/// when no such model exists.
pub fn activate_reranker(
    conn: &mut DbConnection,
    admin_id: i64,
    model_id: Option<i64>,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        if !matching::activate_model(conn, model_id)? {
            return Ok(false);
        }
        let event = match model_id {
            Some(id) => {
                Event::new("reranker_activated", Outcome::Success).target("reranker_model", id)
            }
            None => Event::new("reranker_deactivated", Outcome::Success).detail("hybrid order"),
        };
        audit::record(conn, event.actor(Some(admin_id), ""))?;
        Ok(true)
    })
}

/// Queues a forced re-embedding of every student profile and internship (batched jobs, see
/// [`crate::matching::service::queue_reindex`]); returns how many entities. Audited.
pub fn reindex(conn: &mut DbConnection, admin_id: i64) -> Result<usize, DbError> {
    crate::db::transaction(conn, |conn| {
        let queued = crate::matching::service::queue_reindex(conn)?;
        let detail = format!("{queued} profiles and internships");
        audit::record(
            conn,
            Event::new("embeddings_reindexed", Outcome::Success)
                .actor(Some(admin_id), "")
                .detail(&detail),
        )?;
        Ok(queued)
    })
}

/// Queues a training run ("Train now"); `false` when one is already waiting. Audited.
pub fn queue_training(conn: &mut DbConnection, admin_id: i64) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let queued = matching::queue_training(conn)?;
        if queued {
            audit::record(
                conn,
                Event::new("reranker_training_queued", Outcome::Success).actor(Some(admin_id), ""),
            )?;
        }
        Ok(queued)
    })
}

/// Everything `/admin/matching` shows, read after refreshing `runtime` from the database.
pub fn matching_overview(
    conn: &mut DbConnection,
    runtime: &MatchingRuntime,
    embedding_model: &str,
) -> Result<MatchingOverview, DbError> {
    runtime.refresh_with(conn)?;
    let trainable = runtime.sample_counts(conn)?;
    let models = matching::models(conn)?;
    let since = chrono::Utc::now().naive_utc() - chrono::Duration::days(7);
    let counts = matching::counts(conn, embedding_model, since)?;
    Ok(MatchingOverview {
        weights: runtime.weights(),
        defaults: runtime.defaults(),
        reranker: runtime.reranker(),
        cross_dir: runtime
            .cross_encoder_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_default(),
        cross_problem: runtime.cross_encoder_problem(),
        models,
        samples: trainable.samples,
        good: trainable.good,
        bad: trainable.bad,
        counts,
    })
}
