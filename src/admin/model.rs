//! Types of the admin area.

use crate::matching::learning::model::StoredModel;
use crate::matching::learning::rerank::Reranker;
use crate::matching::model::MatchingCounts;
use crate::matching::ranking::score::MatchWeights;
use crate::matching::service::KNOBS;
use serde::Deserialize;

/// The matching settings form of `/admin/matching`, as typed (re-rendered as typed on errors).
/// Field names are the `app_settings` keys ([`KNOBS`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MatchingForm {
    pub weight_semantic: String,
    pub weight_skills: String,
    pub weight_field: String,
    pub weight_lexical: String,
    pub weight_location: String,
    pub weight_feedback: String,
    pub match_threshold: String,
    pub max_rerank_candidates: String,
}

impl MatchingForm {
    /// The form filled with the weights in effect.
    pub fn from_weights(w: &MatchWeights) -> MatchingForm {
        let v = |i: usize| KNOBS[i].format(KNOBS[i].get(w));
        MatchingForm {
            weight_semantic: v(0),
            weight_skills: v(1),
            weight_field: v(2),
            weight_lexical: v(3),
            weight_location: v(4),
            weight_feedback: v(5),
            match_threshold: v(6),
            max_rerank_candidates: v(7),
        }
    }

    /// The typed values in the order of [`KNOBS`].
    pub fn raw(&self) -> [&str; 8] {
        [
            &self.weight_semantic,
            &self.weight_skills,
            &self.weight_field,
            &self.weight_lexical,
            &self.weight_location,
            &self.weight_feedback,
            &self.match_threshold,
            &self.max_rerank_candidates,
        ]
    }
}

/// What `/admin/matching` shows besides the form.
#[derive(Debug, Clone)]
pub struct MatchingOverview {
    /// The weights in effect.
    pub weights: MatchWeights,
    /// The configured defaults (before admin overrides).
    pub defaults: MatchWeights,
    /// The reranker in effect on this instance.
    pub reranker: Reranker,
    /// Where an operator may put a cross-encoder (empty when not configured).
    pub cross_dir: String,
    /// Why the cross-encoder found there is not used.
    pub cross_problem: Option<String>,
    /// Every stored reranker version, newest first.
    pub models: Vec<StoredModel>,
    /// Outcomes training would use now.
    pub samples: usize,
    pub good: usize,
    pub bad: usize,
    pub counts: MatchingCounts,
}

impl MatchingOverview {
    /// The active stored model, if any.
    pub fn active(&self) -> Option<&StoredModel> {
        self.models.iter().find(|m| m.is_active)
    }
}

/// The figures of the admin dashboard.
#[derive(Debug, Clone, Default)]
pub struct PlatformStats {
    pub users: i64,
    pub users_by_role: Vec<(String, i64)>,
    pub unverified: i64,
    pub suspended: i64,
    pub employers: Vec<(String, i64)>,
    pub institutes: Vec<(String, i64)>,
    pub internships: Vec<(String, i64)>,
    pub applications: Vec<(String, i64)>,
    pub jobs: Vec<(String, i64)>,
    pub emails: Vec<(String, i64)>,
}

impl PlatformStats {
    /// The count for one status in a list of (status, count); 0 when absent.
    pub fn of(counts: &[(String, i64)], status: &str) -> i64 {
        counts
            .iter()
            .find(|(s, _)| s == status)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }

    pub fn total(counts: &[(String, i64)]) -> i64 {
        counts.iter().map(|(_, n)| n).sum()
    }
}
