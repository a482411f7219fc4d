//! The hybrid score: pure functions over plain structs, shared by the web app and `praktiki eval`.
//!
//! A candidate's parts (see [`ScoreParts`]) are the embedding cosine, the coverage of the
//! internship's skills by the student's, the agreement of the fields both point to, a lexical
//! (BM25) match, location/work-mode fit and feedback. The total is
//! `topical + location·gate + feedback` where `topical` is the weighted mean of the topical parts
//! scaled by their weight sum, and `gate` (the topical mean itself) keeps a convenient location
//! from lifting an internship the student has no business applying to.

pub use super::explain::{SkillGap, coverage, skill_gap};
use super::lexical::{CorpusStats, DocTerms, score_prepared};
pub use super::location::{location_fit, pin_area};
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

/// The `n`th skill as its author wrote it, when the normalisation step kept the original list.
fn as_written<'a>(original: &'a [String], n: usize, normalised: &'a String) -> &'a String {
    original.get(n).unwrap_or(normalised)
}

/// Derives a student's features (skills found anywhere, credit per taxonomy skill, fields,
/// cities, mode).
pub fn student_features(s: &StudentInput) -> StudentFeatures {
    let t = taxonomy();
    let listed: Vec<(&String, Vec<SkillRef>)> = s
        .skills
        .iter()
        .enumerate()
        .map(|(n, item)| {
            (
                as_written(&s.original_skills, n, item),
                t.resolve_item(item),
            )
        })
        .collect();
    let prose = format!("{}\n{}\n{}", s.interests, s.projects, s.resume_text);
    let mut skills: Vec<SkillId> = Vec::new();
    let mut skill_labels: Vec<String> = Vec::new();
    let mut unknown_skills = Vec::new();
    for (item, refs) in listed {
        let single = refs.len() == 1;
        for r in refs {
            match r {
                SkillRef::Known(id) if !skills.contains(&id) => {
                    skills.push(id);
                    skill_labels.push(if single {
                        item.trim().to_string()
                    } else {
                        t.key(id).to_string()
                    });
                }
                SkillRef::Known(_) => {}
                SkillRef::Unknown(name) => unknown_skills.push(name),
            }
        }
    }
    for id in t.extract_text(&prose) {
        if !skills.contains(&id) {
            skills.push(id);
            skill_labels.push(t.key(id).to_string());
        }
    }
    let department = t.extract_text(&format!("{} {}", s.department, s.degree));
    let mut weighted: Vec<(SkillId, f32)> = skills.iter().map(|id| (*id, 1.0)).collect();
    // The department is a prior (one per student), the skills are the evidence.
    weighted.extend(department.iter().map(|id| (*id, 0.5)));
    let field = t.field_vector(&weighted);
    // A cold start: what they study and the line they wrote say which fields to look in.
    let plausible = super::coldstart::plausible_fields(&s.degree, &s.department);
    let (field, ambiguous) = if skills.len() < 2 {
        let line = super::coldstart::line_fields(&prose);
        super::coldstart::cold_field(&field, &plausible, &line)
    } else {
        (field, false)
    };
    let credit = credit_vector(t, &skills);
    let text = format!(
        " {} {} ",
        normalise(&s.skills.join(" , ")),
        normalise(&prose)
    );
    let place = super::location::whereabouts(s);
    let terms = super::lexical::terms(&format!(
        "{} {} {} {}",
        s.skills.join(" "),
        s.interests,
        s.projects,
        s.department
    ));
    StudentFeatures {
        skills,
        skill_labels,
        unknown_skills,
        credit,
        field,
        text,
        cities: place.cities,
        district: place.district,
        pin_area: place.pin_area,
        any_city: place.any_city,
        stays: place.stays,
        home: place.home,
        mode: s.work_mode.unwrap_or(WorkMode::Any),
        terms,
        plausible,
        ambiguous,
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
    for (n, item) in i.skills.iter().enumerate() {
        let written = as_written(&i.original_skills, n, item);
        // A compound item ("iOS (Swift)") is one requirement per skill, each under its own
        // name, so that holding one of them never shows the whole item as held.
        let refs = t.resolve_item(item);
        let single = refs.len() == 1;
        for r in refs {
            let label = match &r {
                SkillRef::Known(id) if !single => t.key(*id).to_string(),
                _ => written.trim().to_string(),
            };
            push(r, label);
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
    let coords = city.as_deref().and_then(super::places::coordinates);
    InternshipFeatures {
        requirements,
        field,
        city,
        pin_area,
        coords,
        mode,
    }
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
    let (location, location_note) = location_fit(s, c.features, w.commute_radius_km);
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
mod tests {
    use super::*;

    fn student(skills: &[&str], city: &str, mode: WorkMode) -> StudentFeatures {
        student_features(&StudentInput {
            skills: skills.iter().map(|s| s.to_string()).collect(),
            preferred_location: city.into(),
            work_mode: Some(mode),
            ..StudentInput::default()
        })
    }

    fn internship(skills: &[&str], location: &str, mode: WorkMode) -> InternshipFeatures {
        internship_features(
            &InternshipInput {
                title: "Intern".into(),
                skills: skills.iter().map(|s| s.to_string()).collect(),
                location: location.into(),
                mode: Some(mode),
                ..InternshipInput::default()
            },
            &MatchWeights::default(),
        )
    }

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn parts_are_bounded_and_weights_order_the_total() {
        let s = student(&["Python", "pandas"], "any", WorkMode::Any);
        let good = internship(&["Python", "pandas"], "Remote", WorkMode::Remote);
        let poor = internship(&["Tally", "GST"], "Remote", WorkMode::Remote);
        let v = unit(&[1.0, 0.0, 0.0]);
        let query = Query {
            features: &s,
            vector: &v,
            reactions: &[],
        };
        let c = |f| Candidate {
            id: "x",
            features: f,
            vector: &v,
            crowd: 0.0,
            terms: None,
        };
        let w = MatchWeights::default();
        let (a, _) = score_parts(&query, &c(&good), 0.0, &w);
        let (b, _) = score_parts(&query, &c(&poor), 0.0, &w);
        assert!(a.total > b.total);
        for p in [a, b] {
            for x in [p.semantic, p.skills, p.field, p.location, p.lexical] {
                assert!((0.0..=1.0).contains(&x));
            }
            assert!((-1.0..=1.0).contains(&p.feedback));
        }
        assert_eq!(a.skills, 1.0);
        assert_eq!(b.skills, 0.0);
        // A convenient location lifts a good match more than a poor one (it is gated).
        let far = internship(&["Python", "pandas"], "Delhi", WorkMode::Onsite);
        let far_poor = internship(&["Tally", "GST"], "Delhi", WorkMode::Onsite);
        let s_pune = student(&["Python", "pandas"], "Pune", WorkMode::Any);
        let query = Query {
            features: &s_pune,
            vector: &v,
            reactions: &[],
        };
        let lift_good = score_parts(&query, &c(&good), 0.0, &w).0.total
            - score_parts(&query, &c(&far), 0.0, &w).0.total;
        let lift_poor = score_parts(&query, &c(&poor), 0.0, &w).0.total
            - score_parts(&query, &c(&far_poor), 0.0, &w).0.total;
        assert!(lift_good > lift_poor && lift_poor >= 0.0);
    }

    #[test]
    fn liking_an_internship_raises_similar_ones_and_dismissing_lowers_them() {
        let data_a = unit(&[1.0, 0.1, 0.0]);
        let data_b = unit(&[0.9, 0.2, 0.1]);
        let design = unit(&[0.0, 0.2, 1.0]);
        let no_field: [f32; 0] = [];
        let liked = [(&data_a[..], &no_field[..], FeedbackKind::Like)];
        let dismissed = [(&data_a[..], &no_field[..], FeedbackKind::Dismiss)];
        assert!(own_feedback(&data_b, &no_field, &liked) > 0.3);
        assert_eq!(own_feedback(&design, &no_field, &liked), 0.0);
        assert!(own_feedback(&data_b, &no_field, &dismissed) < -0.3);
        assert_eq!(own_feedback(&data_b, &no_field, &[]), 0.0);
    }

    #[test]
    fn the_named_reason_is_the_closest_interest_and_never_a_view() {
        let data_a = unit(&[1.0, 0.1, 0.0]);
        let data_b = unit(&[0.9, 0.2, 0.1]);
        let design = unit(&[0.0, 0.2, 1.0]);
        let f: [f32; 0] = [];
        let reason = |reactions: &[Reaction]| interest_reason(&data_b, &f, reactions);
        // Viewing the internship itself lifts it a little but is no reason to name.
        assert!(own_feedback(&data_b, &f, &[(&data_b[..], &f[..], FeedbackKind::Viewed)]) > 0.0);
        assert_eq!(reason(&[(&data_b, &f, FeedbackKind::Viewed)]), None);
        assert_eq!(reason(&[(&data_a, &f, FeedbackKind::Dismiss)]), None);
        assert_eq!(
            reason(&[(&design, &f, FeedbackKind::Like)]),
            None,
            "too far"
        );
        assert_eq!(
            reason(&[
                (&design, &f, FeedbackKind::Like),
                (&data_a, &f, FeedbackKind::Saved)
            ]),
            Some("match.because_saved")
        );
        assert_eq!(
            reason(&[(&data_a, &f, FeedbackKind::Applied)]),
            Some("match.because_applied")
        );
    }
}
