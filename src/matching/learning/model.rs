//! Types of the learning stage: a logged serving, an outcome (what became of a recommendation)
//! and a stored reranker version. Apart from `matching/model.rs` (the engine's inputs and
//! results) because only training, its queries and the admin's model list use them.

/// One logged serving of an internship to a student (a row of `match_log`).
#[derive(Debug, Clone, PartialEq)]
pub struct Served {
    pub id: i64,
    pub student_id: i64,
    pub internship_id: i64,
    /// 1-based rank in the served list.
    pub rank: i32,
    /// [`ScoreParts`](crate::matching::model::ScoreParts) as JSON.
    pub parts: String,
    pub served_at: chrono::NaiveDateTime,
}

/// Where an outcome comes from; an employer's decision outweighs a click.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutcomeSource {
    /// A like or a dismissal (`match_feedback`).
    Feedback,
    /// An application's status (`applications`).
    Application,
}

/// What became of a recommendation: good (liked; shortlisted, interview, accepted) or bad
/// (dismissed; rejected), and when the student acted on it (the reaction or the application).
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub student_id: i64,
    pub internship_id: i64,
    pub good: bool,
    pub source: OutcomeSource,
    pub at: chrono::NaiveDateTime,
}

impl Outcome {
    /// The label of a `match_feedback` kind (`like`, `dismiss`); other kinds are no outcome.
    pub fn of_feedback(kind: &str) -> Option<bool> {
        match kind {
            "like" => Some(true),
            "dismiss" => Some(false),
            _ => None,
        }
    }

    /// The label of an application status: an employer's step forward is good (an offer the
    /// student declined or let expire was still one), not being selected is bad; submitted,
    /// viewed and withdrawn are no outcome.
    pub fn of_application(status: &str) -> Option<bool> {
        match status {
            "shortlisted" | "interview" | "offered" | "accepted" | "declined" | "expired" => {
                Some(true)
            }
            "not_selected" => Some(false),
            _ => None,
        }
    }
}

/// A stored reranker version (a row of `reranker_models`, without its weights).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredModel {
    pub id: i64,
    pub version: String,
    pub kind: String,
    pub trained_at: chrono::NaiveDateTime,
    pub samples: i32,
    /// JSON: `loss`, `good`, `bad`, and `held_out` (`samples`, `accuracy`, `auc`) when measured.
    pub metrics: String,
    pub is_active: bool,
}

impl StoredModel {
    fn metric(&self, pointer: &str) -> Option<f64> {
        serde_json::from_str::<serde_json::Value>(&self.metrics)
            .ok()?
            .pointer(pointer)?
            .as_f64()
    }

    /// Held-out accuracy, when measured.
    pub fn accuracy(&self) -> Option<f64> {
        self.metric("/held_out/accuracy")
    }

    /// Held-out AUC, when measured.
    pub fn auc(&self) -> Option<f64> {
        self.metric("/held_out/auc")
    }

    /// The label logged with the lists it orders (`mlp-v3`).
    pub fn label(&self) -> String {
        format!("{}-v{}", self.kind, self.version)
    }
}
