//! Plain types of the matching engine: what a student and an internship look like to it, the
//! features derived from them, feedback, and an explained result. The web app and `praktiki eval`
//! build the same structs, so both run exactly the same scoring code. The figures of the admin's
//! matching page are here too; the learning stage's types (servings, outcomes, stored models) are
//! in `learning/model.rs`.

use crate::taxonomy::{SkillId, SkillRef};
use serde::{Deserialize, Serialize};

/// How a student wants to work, or how an internship is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkMode {
    Remote,
    Onsite,
    Hybrid,
    /// Students only: no preference.
    Any,
}

impl WorkMode {
    /// Parses a mode as written in forms and data files; unknown or empty text is `Any`.
    pub fn parse(text: &str) -> WorkMode {
        match text
            .trim()
            .to_lowercase()
            .replace(['-', '_', ' '], "")
            .as_str()
        {
            "remote" | "wfh" | "workfromhome" | "online" | "virtual" => WorkMode::Remote,
            "onsite" | "office" | "inoffice" | "inperson" | "offline" => WorkMode::Onsite,
            "hybrid" => WorkMode::Hybrid,
            _ => WorkMode::Any,
        }
    }
}

/// A student as the engine sees one (from the profile and resume, or a benchmark file).
#[derive(Debug, Clone, Default)]
pub struct StudentInput {
    pub id: String,
    pub degree: String,
    pub department: String,
    /// Skills as listed by the student, in any spelling.
    pub skills: Vec<String>,
    pub interests: String,
    pub projects: String,
    pub resume_text: String,
    /// A city, or "any" / empty for no preference.
    pub preferred_location: String,
    /// The city the student lives in, when known (counts as a preferred city).
    pub current_city: String,
    pub work_mode: Option<WorkMode>,
    pub willing_to_relocate: bool,
    /// The student's PIN code and district, when known (live profiles; benchmark files have none).
    pub pincode: String,
    pub district: String,
    /// The skills as the student wrote them, when `skills` went through the normalisation step
    /// (same order); explanations show these.
    pub original_skills: Vec<String>,
}

/// An internship as the engine sees one.
#[derive(Debug, Clone, Default)]
pub struct InternshipInput {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Required skills as listed by the employer (may be empty: then the description is read).
    pub skills: Vec<String>,
    /// A city, or "Remote".
    pub location: String,
    pub mode: Option<WorkMode>,
    /// The skills as the employer wrote them, when `skills` went through the normalisation step
    /// (same order); explanations show these.
    pub original_skills: Vec<String>,
}

/// A student's derived features: computed once per profile version.
#[derive(Debug, Clone)]
pub struct StudentFeatures {
    /// Known skills (listed and found in text), deduplicated: the skills the student holds.
    pub skills: Vec<SkillId>,
    /// How the student wrote each of `skills` (the listed name, or the taxonomy's key for a
    /// skill found in prose), for explanations.
    pub skill_labels: Vec<String>,
    /// Listed names the taxonomy does not know (normalised).
    pub unknown_skills: Vec<String>,
    /// Credit (0–1) the student earns for each taxonomy skill an internship may require:
    /// 1 for a skill they have or a broader one it implies, 0.5 for a narrower one
    /// (`NARROWER_CREDIT`), 0.25 for a sibling (`SIBLING_CREDIT`).
    pub credit: Vec<f32>,
    /// Which fields the student's skills, department and interests point to (L2-normalised).
    pub field: Vec<f32>,
    /// All of the student's text, normalised, padded with spaces (for unknown-skill lookups).
    pub text: String,
    /// Normalised preferred and current cities.
    pub cities: Vec<String>,
    /// Normalised district, when known.
    pub district: Option<String>,
    /// The first three digits of the student's PIN code (India Post's sorting district).
    pub pin_area: Option<String>,
    pub any_city: bool,
    /// Will not relocate: on-site and hybrid internships must be within reach of home.
    pub stays: bool,
    /// Where the student's cities are (latitude, longitude), when known.
    pub home: Vec<(f32, f32)>,
    pub mode: WorkMode,
    /// Query terms for the lexical score.
    pub terms: Vec<String>,
    /// The fields the student's studies plausibly lead to (taxonomy field names), most typical
    /// first (`coldstart.rs`).
    pub plausible: Vec<&'static str>,
    /// No skill listed and fewer than two named besides the department's: a cold start.
    pub cold: bool,
    /// A cold start whose line does not decide between several
    /// plausible fields: the top ten is spread across them.
    pub ambiguous: bool,
    /// A cold start whose line names no field in words the table knows ("I enjoy meeting
    /// customers and closing deals"): the field vector of their skills and department alone,
    /// to which `coldstart::by_meaning` adds the fields the postings nearest their text point to.
    pub unread_line: Option<Vec<f32>>,
}

/// One skill an internship asks for, with its weight in the coverage score.
#[derive(Debug, Clone)]
pub struct Requirement {
    pub skill: SkillRef,
    /// How the employer wrote it (shown in explanations).
    pub label: String,
    pub weight: f32,
}

/// An internship's derived features.
#[derive(Debug, Clone)]
pub struct InternshipFeatures {
    pub requirements: Vec<Requirement>,
    pub field: Vec<f32>,
    /// Normalised city; `None` for remote internships.
    pub city: Option<String>,
    /// The first three digits of a PIN code written in the location, if any.
    pub pin_area: Option<String>,
    /// Where the city is (latitude, longitude), when known.
    pub coords: Option<(f32, f32)>,
    pub mode: WorkMode,
}

/// What a student did with a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedbackKind {
    Like,
    Dismiss,
    Applied,
    Viewed,
    /// Saved for later (a bookmark): interest, a little weaker than a like.
    Saved,
}

impl FeedbackKind {
    /// Strength of the signal: likes and applications pull similar internships up, dismissals
    /// push them down, views barely count.
    pub fn sign(self) -> f32 {
        match self {
            FeedbackKind::Like => 1.0,
            FeedbackKind::Applied => 0.8,
            FeedbackKind::Saved => 0.6,
            FeedbackKind::Viewed => 0.1,
            FeedbackKind::Dismiss => -1.0,
        }
    }
}

/// The parts of a score, each in 0–1 except `feedback` (−1–1). `total` is their weighted sum.
/// Logged as JSON with each served list, and read back to train the reranker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreParts {
    /// Cosine similarity of the two embeddings.
    pub semantic: f32,
    /// Weighted share of the internship's skills the student covers.
    pub skills: f32,
    /// Agreement of the fields the two point to (taxonomy-based).
    pub field: f32,
    /// Location and work-mode fit.
    pub location: f32,
    /// Lexical (BM25) match of the student's words in the internship's text, saturated to 0–1.
    pub lexical: f32,
    /// The student's own reactions to similar internships and other students' reactions.
    pub feedback: f32,
    pub total: f32,
}

/// An internship skill the student does not hold, but a skill of theirs is close to it. Shown
/// as related ("SQL — close to PostgreSQL"), never as held.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedSkill {
    /// The internship's skill, as the employer wrote it.
    pub wanted: String,
    /// The student's own skill it relates to, as the student wrote it.
    pub have: String,
    /// The catalogue key of the wording: `match.related_close` (a narrower or sibling skill)
    /// or `match.related_builds_on` (the student's skill builds on the wanted, broader one).
    pub key: &'static str,
}

/// A recommendation with its reasons.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Explanation {
    /// Internship skills the student holds: listed, or shown by their own text (as the employer
    /// wrote them). Never a skill that is only related to one of theirs.
    pub matched_skills: Vec<String>,
    /// Internship skills the student does not hold, each with the student's skill close to it.
    pub related_skills: Vec<RelatedSkill>,
    /// Internship skills the student lacks: the skill gap.
    pub missing_skills: Vec<String>,
    pub parts: ScoreParts,
    /// Location in words ("remote", "in your city", "outside your preferred city", …).
    pub location_note: &'static str,
    /// When the student's own interest lifted it: the translation key of the reason ("similar
    /// to internships you liked / saved / applied to"). Views never count as interest.
    pub interest: Option<&'static str>,
}

/// One ranked internship.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// Position of the internship in the candidate list given to the ranker.
    pub index: usize,
    pub id: String,
    pub score: f32,
    /// What the list is ordered by: the score, or past a cold start's diversification a key
    /// that keeps the spread order (`coldstart::diversify`).
    pub order: f32,
    pub explanation: Explanation,
}

/// Figures for the admin's matching page.
#[derive(Debug, Clone, Default)]
pub struct MatchingCounts {
    pub students: i64,
    pub student_embeddings: i64,
    pub active_internships: i64,
    /// Embeddings of internships that are active now.
    pub internship_embeddings: i64,
    pub likes: i64,
    pub dismissals: i64,
    /// Served lists since the given time.
    pub lists_served: i64,
}

/// What a recommendations card shows of an internship besides the match itself.
#[derive(Debug, Clone, PartialEq, diesel::Queryable)]
pub struct InternshipCard {
    pub id: i64,
    pub title: String,
    pub company: String,
    pub location: String,
    pub mode: String,
}
