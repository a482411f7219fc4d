//! The matching module's public face: what routes, other modules and the job registry call.
//! The rules themselves live by stage: embedding jobs in `embedding::jobs`, a student's
//! recommendations in `ranking::recommend`, employers' applicant fit and answer closeness in
//! `ranking::applicants`, feedback in `learning::feedback`, reranker training in
//! `learning::training`.

pub use super::embedding::jobs::*;
pub use super::learning::feedback::*;
pub use super::learning::training::*;
pub use super::ranking::applicants::*;
pub use super::ranking::recommend::*;
pub use super::ranking::suggest::*;

// What other modules need of the matching's settings, models and feedback, exposed here so that
// they never reach into this module's store or runtime.
pub use super::knobs::{KNOBS, effective_weights};
pub use super::runtime::MatchingRuntime;
pub use super::store::{
    activate_model, counts, insert_feedback, models, queue_training, save_settings, settings,
};
// Every name of a place ("Bangalore" → also "Bengaluru", "BLR"), for searches by place.
pub use super::ranking::places::spellings as place_spellings;
// Listed internships close in meaning to a search's words (the public search blends them in).
pub use super::index::search::{meaning_counter, remembered_hits, semantic_hits};
// Bulk embedding with shared texts, for `praktiki seed-bench`.
pub use super::embedding::bulk::{BulkError, BulkReport, embed_shared};
// The hourly clean-up ages out servings training can no longer use.
pub use super::learning::retention::age_out_match_log;
