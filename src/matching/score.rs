//! The hybrid score: pure functions over plain structs, shared by the web app and `praktiki eval`.
//!
//! A candidate's parts (see [`ScoreParts`]) are the embedding cosine, the coverage of the
//! internship's skills by the student's, the agreement of the fields both point to, a lexical
//! (BM25) match, location/work-mode fit and feedback. The total is
//! `topical + location·gate + feedback` where `topical` is the weighted mean of the topical parts
//! scaled by their weight sum, and `gate` (the topical mean itself) keeps a convenient location
//! from lifting an internship the student has no business applying to.

use super::embedder::cosine;
use super::lexical::Bm25;
use super::model::*;
use super::skills::{SkillId, SkillRef, Taxonomy, normalise, taxonomy};
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
            location: 0.15,
            feedback: 0.10,
            threshold: 0.2,
            max_rerank_candidates: 50,
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
    weighted.extend(department.iter().map(|id| (*id, 1.0)));
    let field = t.field_vector(&weighted);
    let credit = credit_vector(t, &skills);
    let text = format!(
        " {} {} ",
        normalise(&s.skills.join(" , ")),
        normalise(&prose)
    );
    let mut cities = Vec::new();
    for c in [&s.preferred_location, &s.current_city] {
        let n = normalise(c);
        if !n.is_empty() && !is_any_city(c) && !cities.contains(&n) {
            cities.push(n);
        }
    }
    let any_city = s.willing_to_relocate || is_any_city(&s.preferred_location);
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
    let city = normalise(&i.location);
    let city = (mode != WorkMode::Remote && !city.is_empty() && city != "remote").then_some(city);
    InternshipFeatures {
        requirements,
        field,
        city,
        mode,
    }
}

/// Share of the internship's skills the student covers, with the matched and missing labels.
/// `None` when the internship names no skill at all.
pub fn coverage(
    s: &StudentFeatures,
    i: &InternshipFeatures,
) -> (Option<f32>, Vec<String>, Vec<String>) {
    let mut got = 0.0f32;
    let mut total = 0.0f32;
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for r in &i.requirements {
        let credit = match &r.skill {
            SkillRef::Known(id) => s.credit.get(*id as usize).copied().unwrap_or(0.0),
            SkillRef::Unknown(name) => {
                if s.unknown_skills.contains(name) || s.text.contains(&format!(" {name} ")) {
                    1.0
                } else {
                    0.0
                }
            }
        };
        got += credit * r.weight;
        total += r.weight;
        if credit >= 0.5 {
            matched.push(r.label.clone());
        } else {
            missing.push(r.label.clone());
        }
    }
    let share = (total > 0.0).then(|| got / total);
    (share, matched, missing)
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
    if s.any_city {
        return (1.0, "you accept any city");
    }
    (0.0, "outside your preferred city")
}

/// One of the student's reactions: the reacted internship's embedding and field vector.
pub type Reaction<'a> = (&'a [f32], &'a [f32], FeedbackKind);

/// The student's own reactions to similar internships: each liked (or applied-to) internship
/// pulls candidates similar to it up, each dismissed one pushes them down. −1–1. "Similar" is
/// the closer of the two views: the embeddings' cosine, or the taxonomy fields' agreement (two
/// data-science internships may be worded very differently).
pub fn own_feedback(vector: &[f32], field: &[f32], reactions: &[Reaction]) -> f32 {
    const FLOOR: f32 = 0.35;
    // One clear reaction to a close neighbour should be felt: tanh(2 × 0.5) ≈ 0.76.
    const GAIN: f32 = 2.0;
    let sum: f32 = reactions
        .iter()
        .map(|(v, f, kind)| {
            let same_field: f32 = field.iter().zip(f.iter()).map(|(a, b)| a * b).sum();
            let sim = cosine(vector, v).max(same_field);
            kind.sign() * ((sim - FLOOR) / (1.0 - FLOOR)).max(0.0)
        })
        .sum();
    (GAIN * sum).tanh()
}

/// One internship to score.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub features: &'a InternshipFeatures,
    /// The internship's embedding (L2-normalised).
    pub vector: &'a [f32],
    /// How other students reacted to it, −1–1 (0 when unknown).
    pub crowd: f32,
    /// Position in the lexical index, when there is one.
    pub doc: Option<usize>,
}

/// What one student brings to a ranking.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    pub features: &'a StudentFeatures,
    pub vector: &'a [f32],
    /// Their reactions so far: the reacted internship's embedding and the kind.
    pub reactions: &'a [Reaction<'a>],
}

/// Scores every candidate and returns them best first, each explained. Ties keep input order,
/// so the ranking is deterministic.
pub fn rank(
    query: &Query,
    candidates: &[Candidate],
    weights: &MatchWeights,
    lexical: Option<&Bm25>,
) -> Vec<Recommendation> {
    let lex_raw: Vec<f32> = candidates
        .iter()
        .map(|c| match (lexical, c.doc) {
            (Some(bm25), Some(doc)) if weights.lexical > 0.0 => {
                bm25.score(&query.features.terms, doc)
            }
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
            let explanation = explain(query, c, lexical, weights);
            Recommendation {
                index,
                id: c.id.to_string(),
                score: explanation.parts.total,
                explanation,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    out
}

/// The parts, total and reasons of one candidate (`lexical` already normalised to 0–1).
pub fn explain(query: &Query, c: &Candidate, lexical: f32, w: &MatchWeights) -> Explanation {
    let s = query.features;
    let semantic = cosine(query.vector, c.vector).clamp(0.0, 1.0);
    let (cover, matched_skills, missing_skills) = coverage(s, c.features);
    let field = s
        .field
        .iter()
        .zip(&c.features.field)
        .map(|(a, b)| a * b)
        .sum::<f32>()
        .clamp(0.0, 1.0);
    // Without any named skill, the field agreement stands in for coverage.
    let skills = cover.unwrap_or(field * 0.5);
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
    Explanation {
        matched_skills,
        missing_skills,
        parts: ScoreParts {
            semantic,
            skills,
            field,
            location,
            lexical,
            feedback,
            total,
        },
        location_note,
    }
}
