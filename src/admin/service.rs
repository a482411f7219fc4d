//! Rules of the admin area. Every decision is audited.

use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::profile::service as profiles;
use crate::web::i18n::Msg;

/// Everything the admin dashboard shows, in a handful of grouped counts.
pub fn platform_stats(conn: &mut DbConnection) -> Result<super::model::PlatformStats, DbError> {
    use super::model::PlatformStats;
    use super::store;
    let (unverified, suspended) = store::unverified_and_suspended(conn)?;
    Ok(PlatformStats {
        users: store::count_users(conn)?,
        users_by_role: store::users_by_role(conn)?,
        unverified,
        suspended,
        employers: store::employers_by_verification(conn)?,
        institutes: store::institutes_by_verification(conn)?,
        internships: store::internships_by_status(conn)?,
        applications: store::applications_by_status(conn)?,
        jobs: store::jobs_by_status(conn)?,
        emails: store::emails_by_status(conn)?,
    })
}

/// Approves or rejects an employer's company; `false` when no such employer exists. With
/// `tell_at` (the app's base URL) the employer is told in the app and by email; demo seeding
/// passes `None`.
pub fn decide_employer(
    conn: &mut DbConnection,
    admin_id: i64,
    employer_id: i64,
    approve: bool,
    reason: Option<&str>,
    tell_at: Option<&str>,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let status = if approve { "approved" } else { "rejected" };
        if profiles::set_employer_status(
            conn,
            employer_id,
            status,
            reason.filter(|r| !r.is_empty()),
        )? == 0
        {
            return Ok(false);
        }
        let action = if approve {
            "employer_approved"
        } else {
            "employer_rejected"
        };
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(admin_id), "")
                .target("employer", employer_id)
                .detail(reason.unwrap_or("")),
        )?;
        if let Some(base_url) = tell_at {
            let reason = reason.filter(|r| !r.is_empty());
            crate::profile::service::tell_employer_decision(
                conn,
                employer_id,
                approve,
                reason,
                base_url,
            )?;
        }
        Ok(true)
    })
}

/// Approves or rejects an institute's AISHE code; the institute is told in the app and by
/// email. `false` when no such institute exists.
pub fn decide_institute(
    conn: &mut DbConnection,
    admin_id: i64,
    institute_id: i64,
    approve: bool,
    reason: Option<&str>,
    base_url: &str,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let status = if approve { "approved" } else { "rejected" };
        let reason = reason.filter(|r| !r.is_empty());
        if crate::institute::service::set_status(conn, institute_id, status, reason)? == 0 {
            return Ok(false);
        }
        let action = if approve {
            "institute_approved"
        } else {
            "institute_rejected"
        };
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(admin_id), "")
                .target("institute", institute_id)
                .detail(reason.unwrap_or("")),
        )?;
        crate::institute::service::tell_decision(conn, institute_id, approve, reason, base_url)?;
        Ok(true)
    })
}

/// Suspends or restores a user (never an admin); ends a suspended user's sessions at once. A
/// suspended company's open applications and offers are closed and each student told why (as
/// a taken-down posting tells its applicants), in the same transaction.
pub fn set_suspended(
    conn: &mut DbConnection,
    admin_id: i64,
    user_id: i64,
    suspended: bool,
    reason: &str,
    base_url: &str,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let reason = Some(reason).filter(|r| !r.is_empty());
        if super::store::set_suspended(conn, user_id, suspended, reason)? == 0 {
            return Ok(false);
        }
        // A suspended company's postings leave search and recommendations (and come back
        // with it).
        crate::profile::service::touch_employer_of(conn, user_id)?;
        if suspended {
            crate::auth::service::revoke_all_sessions(
                conn,
                user_id,
                "suspended by an administrator",
                chrono::Utc::now().naive_utc(),
            )?;
            crate::application::offers::closing::close_for_suspended_company(
                conn, user_id, admin_id, reason, base_url,
            )?;
        }
        let action = if suspended {
            "user_suspended"
        } else {
            "user_restored"
        };
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(admin_id), "")
                .target("user", user_id)
                .detail(reason.unwrap_or("")),
        )?;
        Ok(true)
    })
}

/// Takes an internship down (it disappears from search, recommendations and its page) or puts
/// it back up; audited, and the employer is told why. `false` when no such internship exists.
pub fn moderate_internship(
    conn: &mut DbConnection,
    admin_id: i64,
    internship_id: i64,
    take_down: bool,
    reason: &str,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let Some((title, status, employer_user)) =
            super::store::internship_owner(conn, internship_id)?
        else {
            return Ok(false);
        };
        let action = if take_down {
            "internship_taken_down"
        } else {
            "internship_restored"
        };
        // Nothing to do: taking down what is down, or relisting what was never taken down.
        let unchanged = (status == "taken_down") == take_down;
        if unchanged {
            return Ok(true);
        }
        if take_down {
            crate::internship::service::take_down(conn, internship_id, reason)?;
        } else {
            // Back as it was: a posting its employer had closed stays closed.
            crate::internship::service::restore(conn, internship_id)?;
        }
        crate::matching::service::internship_changed(conn, internship_id)?;
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(admin_id), "")
                .target("internship", internship_id)
                .detail(reason),
        )?;
        let message = match (take_down, reason.is_empty()) {
            (true, true) => Msg::new("notice.taken_down").with("title", &title),
            (true, false) => Msg::new("notice.taken_down_reason")
                .with("title", &title)
                .with("reason", reason),
            (false, _) => Msg::new("notice.relisted").with("title", &title),
        };
        crate::notify::notify(
            conn,
            employer_user,
            "internship",
            &message,
            Some("/employer/internships"),
        )?;
        // Students whose applications are under way learn why the posting vanished.
        let to_students = if take_down {
            Msg::new("notice.applied_taken_down").with("title", &title)
        } else {
            Msg::new("notice.applied_relisted").with("title", &title)
        };
        for (application_id, student_user) in
            crate::application::service::open_applicants(conn, internship_id)?
        {
            crate::notify::notify(
                conn,
                student_user,
                "internship",
                &to_students,
                Some(&format!("/applications/{application_id}")),
            )?;
        }
        Ok(true)
    })
}

// ---- matching: settings, reranker versions, re-index, training ----

use super::model::{MatchingForm, MatchingOverview};
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
