//! The hybrid score: pure functions over plain structs, shared by the web app and `praktiki eval`.
//!
//! A candidate's parts (see [`ScoreParts`]) are the embedding cosine, the coverage of the
//! internship's skills by the student's, the agreement of the fields both point to, a lexical
//! (BM25) match, location/work-mode fit and feedback. The total is
//! `topical + location·gate + feedback` where `topical` is the weighted mean of the topical parts
//! scaled by their weight sum, and `gate` (the geometric mean of the topical mean and the field
//! agreement, [`location_gate`]) keeps a convenient location from lifting an internship the
//! student has no business applying to.

pub use super::explain::{SkillGap, coverage, skill_gap};
pub use super::features::{internship_features, internship_text, student_features, student_text};
use super::lexical::{CorpusStats, DocTerms, score_prepared};
pub use super::location::{location_fit, pin_area};
use crate::matching::model::*;
use serde::{Deserialize, Serialize};

/// Weights of the score parts and the knobs of the pipeline. Defaults mirror
/// `config/default.toml` (`weight_semantic`, `weight_skills`, `weight_location`,
/// `weight_feedback`, `match_threshold`, `max_rerank_candidates`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatchWeights {
    pub semantic: f32,
    pub skills: f32,
    /// Field agreement (from the skill taxonomy).
    pub field: f32,
    pub lexical: f32,
    pub location: f32,
    pub feedback: f32,
    /// Recommendations scoring below this are not shown.
    pub threshold: f32,
    /// How many of the best hybrid candidates the reranker reorders.
    pub max_rerank_candidates: usize,
    /// How many internships nearest by embedding get the full hybrid score in the live path
    /// (`praktiki eval` scores every internship).
    pub candidate_pool: usize,
    /// Weight of transferable skills (communication, teamwork) in coverage, relative to 1.
    pub general_skill_weight: f32,
    /// How far (km, as the crow flies) a student who will not relocate can travel to work.
    pub commute_radius_km: f32,
}

impl Default for MatchWeights {
    fn default() -> Self {
        MatchWeights {
            semantic: 0.45,
            skills: 0.30,
            field: 0.20,
            lexical: 0.10,
            location: 0.30,
            feedback: 0.10,
            threshold: 0.2,
            max_rerank_candidates: 50,
            candidate_pool: 300,
            general_skill_weight: 0.5,
            commute_radius_km: 30.0,
        }
    }
}

impl MatchWeights {
    /// The weights configured for the application (config file, environment, admin).
    pub fn from_settings(s: &crate::config::Settings) -> MatchWeights {
        MatchWeights {
            semantic: s.weight_semantic as f32,
            skills: s.weight_skills as f32,
            location: s.weight_location as f32,
            feedback: s.weight_feedback as f32,
            threshold: s.match_threshold as f32,
            max_rerank_candidates: s.max_rerank_candidates,
            commute_radius_km: s.commute_radius_km as f32,
            ..MatchWeights::default()
        }
    }

    /// Only one part counts (for measuring each stage alone).
    pub fn only(part: Part) -> MatchWeights {
        let zero = MatchWeights {
            semantic: 0.0,
            skills: 0.0,
            field: 0.0,
            lexical: 0.0,
            location: 0.0,
            feedback: 0.0,
            ..MatchWeights::default()
        };
        match part {
            Part::Semantic => MatchWeights {
                semantic: 1.0,
                ..zero
            },
            Part::Skills => MatchWeights {
                skills: 1.0,
                ..zero
            },
            Part::Field => MatchWeights { field: 1.0, ..zero },
            Part::Lexical => MatchWeights {
                lexical: 1.0,
                ..zero
            },
            Part::Location => MatchWeights {
                location: 1.0,
                ..zero
            },
            Part::Feedback => MatchWeights {
                feedback: 1.0,
                ..zero
            },
        }
    }
}

/// A part of the score, named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Semantic,
    Skills,
    Field,
    Lexical,
    Location,
    Feedback,
}

/// The student's own reactions to similar internships: each liked (or applied-to) internship
/// pulls candidates similar to it up, each dismissed one pushes them down. −1–1.
///
/// "Similar" is the closer of two views: the embeddings' cosine, or the taxonomy fields'
/// agreement (two data-science internships may be worded very differently).
pub fn own_feedback(vector: &[f32], field: &[f32], reactions: &[Reaction]) -> f32 {
    // One clear reaction to a close neighbour should be felt: tanh(2 × 0.5) ≈ 0.76.
    const GAIN: f32 = 2.0;
    let sum: f32 = reactions
        .iter()
        .map(|(v, f, kind)| kind.sign() * similarity_past_floor(vector, field, v, f))
        .sum();
    (GAIN * sum).tanh()
}

/// How close a candidate is to a reacted internship, 0–1: the closer of the embeddings' cosine
/// and the fields' agreement, rescaled so that what any two postings share (below 0.35: the
/// words every internship uses) counts for nothing.
fn similarity_past_floor(vector: &[f32], field: &[f32], other: &[f32], other_field: &[f32]) -> f32 {
    const FLOOR: f32 = 0.35;
    let same_field: f32 = field.iter().zip(other_field).map(|(a, b)| a * b).sum();
    let sim = vecscan::dot_f32(vector, other).max(same_field);
    ((sim - FLOOR) / (1.0 - FLOOR)).max(0.0)
}

/// One of the student's reactions: the reacted internship's embedding and field vector.
pub type Reaction<'a> = (&'a [f32], &'a [f32], FeedbackKind);

/// One internship to score.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub features: &'a InternshipFeatures,
    /// The internship's embedding (L2-normalised).
    pub vector: &'a [f32],
    /// How other students reacted to it, −1–1 (0 when unknown).
    pub crowd: f32,
    /// How students of the same course reacted to it, −1–1 (0 when unknown); counts for a
    /// cold start only (`cohort.rs`).
    pub cohort: f32,
    /// The internship's terms for the lexical score, when known.
    pub terms: Option<&'a DocTerms>,
}

/// What one student brings to a ranking.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    pub features: &'a StudentFeatures,
    pub vector: &'a [f32],
    /// Their reactions so far: the reacted internship's embedding and the kind.
    pub reactions: &'a [Reaction<'a>],
}

/// Scores every candidate and returns them best first; the first `explain_top` carry their
/// matched and missing skills (the rest only their score parts, which is all a ranking needs).
/// Ties keep input order, so the ranking is deterministic.
pub fn rank(
    query: &Query,
    candidates: &[Candidate],
    weights: &MatchWeights,
    lexical: Option<&CorpusStats>,
    explain_top: usize,
) -> Vec<Recommendation> {
    // A cold start's line no cue reads is read by the meaning of the postings nearest it.
    let read = super::coldstart::by_meaning(
        query.features,
        query.vector,
        candidates
            .iter()
            .map(|c| (c.vector, c.features.field.as_slice())),
    );
    let query = &Query {
        features: read.as_ref().unwrap_or(query.features),
        vector: query.vector,
        reactions: query.reactions,
    };
    // BM25 is max-normalised over the candidates (its scale depends on the query).
    // Computed even at weight 0: it is cheap, and explanations and evaluations show it.
    let prepared = lexical.map(|stats| stats.prepare(&query.features.terms));
    let lex_raw: Vec<f32> = candidates
        .iter()
        .map(|c| match (&prepared, c.terms) {
            (Some(q), Some(doc)) => score_prepared(q, doc),
            _ => 0.0,
        })
        .collect();
    let lex_max = lex_raw.iter().copied().fold(0.0f32, f32::max);
    let mut out: Vec<Recommendation> = candidates
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let lexical = if lex_max > 0.0 {
                lex_raw[index] / lex_max
            } else {
                0.0
            };
            let (parts, location_note) = score_parts(query, c, lexical, weights);
            Recommendation {
                index,
                id: c.id.to_string(),
                score: parts.total,
                order: parts.total,
                explanation: Explanation {
                    parts,
                    location_note,
                    ..Explanation::default()
                },
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    let field_of = |r: &Recommendation| candidates[r.index].features.field.clone();
    super::coldstart::diversify(&mut out, query.features, &field_of);
    for r in out.iter_mut().take(explain_top) {
        let c = &candidates[r.index];
        let gap = skill_gap(query.features, c.features);
        r.explanation.matched_skills = gap.matched;
        r.explanation.related_skills = gap.related;
        r.explanation.missing_skills = gap.missing;
        if r.explanation.parts.feedback > 0.0 {
            r.explanation.interest = interest_reason(c.vector, &c.features.field, query.reactions)
                .or_else(|| super::cohort::reason(query.features.cold, c.cohort));
        }
    }
    out
}

/// Why the student's own interest lifted a candidate, as a translation key: the closest liked,
/// saved or applied-to internship, when it is close enough to say so. Views are too weak a
/// signal to be named, and a dismissal is no reason to show anything.
pub fn interest_reason(
    vector: &[f32],
    field: &[f32],
    reactions: &[Reaction],
) -> Option<&'static str> {
    /// Similarity (after the feedback floor) from which a reaction is worth naming.
    const NAMED: f32 = 0.25;
    reactions
        .iter()
        .filter_map(|(v, f, kind)| {
            let key = match kind {
                FeedbackKind::Like => "match.because_liked",
                FeedbackKind::Saved => "match.because_saved",
                FeedbackKind::Applied => "match.because_applied",
                FeedbackKind::Viewed | FeedbackKind::Dismiss => return None,
            };
            Some((similarity_past_floor(vector, field, v, f), key))
        })
        .filter(|(sim, _)| *sim >= NAMED)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, key)| key)
}

/// How much of the location part a candidate earns: the geometric mean of the topical mean and
/// the field agreement. A convenient place matters for internships in the student's field, so
/// the field agreement gates it — but not alone (a posting written in skill names the taxonomy
/// does not know has little field vector, while its words still match), hence the mean with
/// the topical mean. When either side has no field at all, the topical mean alone.
pub fn location_gate(topical_mean: f32, field: f32, fields_known: bool) -> f32 {
    if fields_known {
        (topical_mean.max(0.0) * field.max(0.0)).sqrt()
    } else {
        topical_mean
    }
}

/// Whether both field vectors point somewhere.
fn has_field(a: &[f32], b: &[f32]) -> bool {
    a.iter().any(|x| *x > 0.0) && b.iter().any(|x| *x > 0.0)
}

/// What holding at least half of what an internship asks adds to the skills part (before its
/// weight). Coverage is a smooth share, but applying is not: a student who already has half of
/// the skills a posting names can apply now and learn the rest on the job, one who has a third
/// cannot yet. Without the step, a posting one holds half of ranked level with one where related
/// skills (half and quarter credits) add up to the same share. Measured on the public benchmark
/// and its noisy variants (+0.003–0.006 NDCG@10 on every file, both halves of the students
/// alike; flat from 0.08 to 0.15; README, "Holding half of what a posting asks").
pub const HALF_MET_BONUS: f32 = 0.1;

/// [`HALF_MET_BONUS`] when the student holds at least half of the internship's skills (weighted,
/// full credit only: [`super::explain::held_share`]); a cold start, who lists none, never.
fn half_met_bonus(s: &StudentFeatures, i: &InternshipFeatures) -> f32 {
    match super::explain::held_share(s, i) {
        Some(share) if !s.cold && share >= 0.5 => HALF_MET_BONUS,
        _ => 0.0,
    }
}

/// How much more the field agreement weighs for a cold start.
const COLD_FIELD_BOOST: f32 = 2.5;

/// The parts and total of one candidate (`lexical` already normalised to 0–1), with the
/// location in words.
pub fn score_parts(
    query: &Query,
    c: &Candidate,
    lexical: f32,
    w: &MatchWeights,
) -> (ScoreParts, &'static str) {
    let s = query.features;
    let semantic = vecscan::dot_f32(query.vector, c.vector).clamp(0.0, 1.0);
    let field = vecscan::dot_f32(&s.field, &c.features.field).clamp(0.0, 1.0);
    // Without any named skill, half the field agreement stands in for coverage; so it does for
    // a cold start, who names none (a zero everywhere would favour postings that list none).
    let skills = match coverage(s, c.features) {
        Some(cover) if !s.cold => cover,
        _ => field * 0.5,
    };
    // The shown part stays the coverage; ranking adds the step of meeting half of it.
    let skills_ranked = skills + half_met_bonus(s, c.features);
    let (location, location_note) = location_fit(s, c.features, w.commute_radius_km);
    let feedback = (0.75 * own_feedback(c.vector, &c.features.field, query.reactions)
        + 0.25 * c.crowd
        + super::cohort::lift(s.cold, c.cohort))
    .clamp(-1.0, 1.0);
    // A cold start's few words say little to the encoder; the fields its studies and line
    // point to say more (`coldstart.rs`).
    let w_field = if s.cold {
        w.field * COLD_FIELD_BOOST
    } else {
        w.field
    };
    let topical_weight = w.semantic + w.skills + w_field + w.lexical;
    let topical =
        w.semantic * semantic + w.skills * skills_ranked + w_field * field + w.lexical * lexical;
    let topical_mean = if topical_weight > 0.0 {
        topical / topical_weight
    } else {
        1.0
    };
    let gate = location_gate(topical_mean, field, has_field(&s.field, &c.features.field));
    let total = topical + w.location * location * gate + w.feedback * feedback
        - super::location::commute_penalty(location_note, w.location, gate);
    let parts = ScoreParts {
        semantic,
        skills,
        field,
        location,
        lexical,
        feedback,
        total,
    };
    (parts, location_note)
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
