//! The hybrid score: pure functions over plain structs, shared by the web app and `praktiki eval`.
//!
//! A candidate's parts (see [`ScoreParts`]) are the embedding cosine, the coverage of the
//! internship's skills by the student's, the agreement of the fields both point to, a lexical
//! (BM25) match, location/work-mode fit and feedback. The total is
//! `topical + location·gate + feedback` where `topical` is the weighted mean of the topical parts
//! scaled by their weight sum, and `gate` (the topical mean itself) keeps a convenient location
//! from lifting an internship the student has no business applying to.

use super::lexical::{CorpusStats, DocTerms, score_prepared};
use super::skills::{SkillId, SkillRef, Taxonomy, normalise, taxonomy};
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

/// Text of a student for the embedding: skills, interests, projects, department.
pub fn student_text(s: &StudentInput) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let skills = s.skills.join(", ");
    if !skills.is_empty() {
        parts.push(&skills);
    }
    for text in [&s.interests, &s.projects, &s.department] {
        if !text.trim().is_empty() {
            parts.push(text);
        }
    }
    if parts.len() <= 1 && !s.resume_text.trim().is_empty() {
        parts.push(&s.resume_text);
    }
    parts.join(". ")
}

/// Text of an internship for the embedding: title, skills, description.
pub fn internship_text(i: &InternshipInput) -> String {
    let skills = i.skills.join(", ");
    [i.title.as_str(), skills.as_str(), i.description.as_str()]
        .iter()
        .filter(|t| !t.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(". ")
}

fn is_any_city(text: &str) -> bool {
    matches!(
        normalise(text).as_str(),
        "" | "any"
            | "anywhere"
            | "any city"
            | "all"
            | "all cities"
            | "pan india"
            | "india"
            | "open"
            | "no preference"
            | "flexible"
    )
}

/// Derives a student's features (skills found anywhere, credit per taxonomy skill, fields,
/// cities, mode).
pub fn student_features(s: &StudentInput) -> StudentFeatures {
    let t = taxonomy();
    let listed = t.extract_list(&s.skills);
    let prose = format!("{}\n{}\n{}", s.interests, s.projects, s.resume_text);
    let mut skills: Vec<SkillId> = Vec::new();
    let mut unknown_skills = Vec::new();
    for r in listed {
        match r {
            SkillRef::Known(id) => skills.push(id),
            SkillRef::Unknown(name) => unknown_skills.push(name),
        }
    }
    for id in t.extract_text(&prose) {
        if !skills.contains(&id) {
            skills.push(id);
        }
    }
    let department = t.extract_text(&format!("{} {}", s.department, s.degree));
    let mut weighted: Vec<(SkillId, f32)> = skills.iter().map(|id| (*id, 1.0)).collect();
    // The department is a prior (one per student), the skills are the evidence.
    weighted.extend(department.iter().map(|id| (*id, 0.5)));
    let field = t.field_vector(&weighted);
    let credit = credit_vector(t, &skills);
    let text = format!(
        " {} {} ",
        normalise(&s.skills.join(" , ")),
        normalise(&prose)
    );
    let mut cities = Vec::new();
    for c in [&s.preferred_location, &s.current_city] {
        let n = super::places::canonical(&normalise(c));
        if !n.is_empty() && !is_any_city(c) && !cities.contains(&n) {
            cities.push(n);
        }
    }
    let any_city = s.willing_to_relocate || is_any_city(&s.preferred_location);
    let district =
        Some(super::places::canonical(&normalise(&s.district))).filter(|d| !d.is_empty());
    let terms = super::lexical::terms(&format!(
        "{} {} {} {}",
        s.skills.join(" "),
        s.interests,
        s.projects,
        s.department
    ));
    StudentFeatures {
        skills,
        unknown_skills,
        credit,
        field,
        text,
        cities,
        district,
        pin_area: pin_area(&s.pincode),
        any_city,
        mode: s.work_mode.unwrap_or(WorkMode::Any),
        terms,
    }
}

/// Credit per taxonomy skill: 1 for the student's skills and the broader skills they imply,
/// 0.5 for narrower skills and siblings (another child of the same broader skill).
fn credit_vector(t: &Taxonomy, skills: &[SkillId]) -> Vec<f32> {
    let mut credit = vec![0.0f32; t.skills().len()];
    let mut set = |id: SkillId, value: f32| {
        if let Some(c) = credit.get_mut(id as usize) {
            *c = c.max(value);
        }
    };
    for &id in skills {
        let Some(skill) = t.skill(id) else { continue };
        set(id, 1.0);
        for &a in &skill.ancestors {
            set(a, 1.0);
        }
        let mut stack = skill.children.clone();
        while let Some(c) = stack.pop() {
            set(c, 0.5);
            if let Some(child) = t.skill(c) {
                stack.extend(child.children.iter().copied().filter(|x| *x != id));
            }
        }
        for &p in &skill.parents {
            if let Some(parent) = t.skill(p) {
                for &sibling in &parent.children {
                    set(sibling, 0.5);
                }
            }
        }
    }
    credit
}

/// Derives an internship's features. Required skills are the listed ones, or, when none are
/// listed, those the description mentions; fields come from title (counted twice), skills and
/// description.
pub fn internship_features(i: &InternshipInput, weights: &MatchWeights) -> InternshipFeatures {
    let t = taxonomy();
    let mut requirements: Vec<Requirement> = Vec::new();
    let mut push = |skill: SkillRef, label: String| {
        if requirements.iter().any(|r| r.skill == skill) {
            return;
        }
        let weight = match &skill {
            SkillRef::Known(id) if t.is_general(*id) => weights.general_skill_weight,
            _ => 1.0,
        };
        requirements.push(Requirement {
            skill,
            label,
            weight,
        });
    };
    for item in &i.skills {
        for r in t.resolve_item(item) {
            push(r, item.trim().to_string());
        }
    }
    let described = t.extract_text(&i.description);
    if i.skills.iter().all(|s| s.trim().is_empty()) {
        for id in &described {
            push(SkillRef::Known(*id), t.key(*id).to_string());
        }
    }
    let mut weighted: Vec<(SkillId, f32)> = Vec::new();
    for id in t.extract_text(&i.title) {
        weighted.push((id, 2.0));
    }
    for r in &requirements {
        if let SkillRef::Known(id) = r.skill {
            weighted.push((id, 1.0));
        }
    }
    for id in described {
        if !weighted.iter().any(|(w, _)| *w == id) {
            weighted.push((id, 1.0));
        }
    }
    let field = t.field_vector(&weighted);
    let mode = i.mode.unwrap_or_else(|| {
        if normalise(&i.location) == "remote" {
            WorkMode::Remote
        } else {
            WorkMode::Onsite
        }
    });
    let city = super::places::canonical(&normalise(&i.location));
    let city = (mode != WorkMode::Remote && !city.is_empty() && city != "remote").then_some(city);
    let pin_area = city.as_deref().and_then(pin_area);
    InternshipFeatures {
        requirements,
        field,
        city,
        pin_area,
        mode,
    }
}

/// The sorting district of the first Indian PIN code in `text` (six digits, not starting with
/// 0, standing alone): its first three digits. Two PIN codes sharing them are in one district.
pub fn pin_area(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    (0..bytes.len().saturating_sub(5))
        .find(|&at| {
            (at..at + 6).all(digit)
                && bytes[at] != b'0'
                && (at == 0 || !digit(at - 1))
                && !digit(at + 6)
        })
        .map(|at| text[at..at + 3].to_string())
}

/// True when `phrase` occurs in `text` on word boundaries (both normalised).
fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')
    })
}

/// Credit (0–1) the student earns for one requirement.
fn credit(s: &StudentFeatures, r: &Requirement) -> f32 {
    match &r.skill {
        SkillRef::Known(id) => s.credit.get(*id as usize).copied().unwrap_or(0.0),
        SkillRef::Unknown(name) => {
            if s.unknown_skills.contains(name) || contains_phrase(&s.text, name) {
                1.0
            } else {
                0.0
            }
        }
    }
}

/// Weighted share of the internship's skills the student covers; `None` when the internship
/// names no skill at all.
pub fn coverage(s: &StudentFeatures, i: &InternshipFeatures) -> Option<f32> {
    let (got, total) = i.requirements.iter().fold((0.0f32, 0.0f32), |(g, t), r| {
        (g + credit(s, r) * r.weight, t + r.weight)
    });
    (total > 0.0).then(|| got / total)
}

/// The internship's skills the student has (credit ≥ 0.5) and those they lack, as the employer
/// wrote them.
pub fn skill_gap(s: &StudentFeatures, i: &InternshipFeatures) -> (Vec<String>, Vec<String>) {
    let (matched, missing): (Vec<&Requirement>, Vec<&Requirement>) =
        i.requirements.iter().partition(|r| credit(s, r) >= 0.5);
    let labels = |rs: Vec<&Requirement>| rs.into_iter().map(|r| r.label.clone()).collect();
    (labels(matched), labels(missing))
}

/// Location and work-mode fit, with a note in words. A remote internship fits everyone; a
/// student who wants remote work fits nothing else; otherwise the internship must be in one of
/// the student's cities unless the student accepts any city (or will relocate).
pub fn location_fit(s: &StudentFeatures, i: &InternshipFeatures) -> (f32, &'static str) {
    if i.mode == WorkMode::Remote {
        return (1.0, "remote");
    }
    if s.mode == WorkMode::Remote {
        return (0.0, "not remote, and you asked for remote work");
    }
    let Some(city) = &i.city else {
        return (1.0, "remote");
    };
    if s.cities
        .iter()
        .any(|c| c == city || city.contains(c.as_str()))
    {
        return (1.0, "in your city");
    }
    // Where the profile knows more than a city: the district by name, or the PIN code's
    // sorting district when the internship gives a PIN code.
    if s.district
        .as_deref()
        .is_some_and(|d| contains_phrase(&format!(" {city} "), d))
    {
        return (1.0, "in your district");
    }
    if s.pin_area.is_some() && s.pin_area == i.pin_area {
        return (1.0, "near you (same PIN code district)");
    }
    if s.any_city {
        return (1.0, "you accept any city");
    }
    (0.0, "outside your preferred city")
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
                explanation: Explanation {
                    matched_skills: Vec::new(),
                    missing_skills: Vec::new(),
                    parts,
                    location_note,
                    interest: None,
                },
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    for r in out.iter_mut().take(explain_top) {
        let c = &candidates[r.index];
        let (matched, missing) = skill_gap(query.features, c.features);
        r.explanation.matched_skills = matched;
        r.explanation.missing_skills = missing;
        if r.explanation.parts.feedback > 0.0 {
            r.explanation.interest = interest_reason(c.vector, &c.features.field, query.reactions);
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
    // Without any named skill, half the field agreement stands in for coverage.
    let skills = coverage(s, c.features).unwrap_or(field * 0.5);
    let (location, location_note) = location_fit(s, c.features);
    let feedback = (0.75 * own_feedback(c.vector, &c.features.field, query.reactions)
        + 0.25 * c.crowd)
        .clamp(-1.0, 1.0);
    let topical_weight = w.semantic + w.skills + w.field + w.lexical;
    let topical = w.semantic * semantic + w.skills * skills + w.field * field + w.lexical * lexical;
    let gate = if topical_weight > 0.0 {
        topical / topical_weight
    } else {
        1.0
    };
    let total = topical + w.location * location * gate + w.feedback * feedback;
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
