//! What the engine derives from a student and an internship before scoring: the texts it embeds
//! and the features it compares (skills and their credit, fields, places, lexical terms).

use super::location::pin_area;
use super::score::MatchWeights;
use crate::matching::model::*;
use crate::taxonomy::{SkillId, SkillRef, Taxonomy, normalise, taxonomy};

/// Text of a student for the embedding: skills, interests, projects, department.
pub fn student_text(s: &StudentInput) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let skills = s.skills.join(", ");
    if !skills.is_empty() {
        parts.push(&skills);
    }
    // A cold start is read with the words of the fields it points to (`coldstart::cold_text`).
    let cold = super::coldstart::cold_text(s).unwrap_or_default();
    if !cold.is_empty() {
        parts.push(&cold);
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
    let listed_count = skills.len();
    for id in t.extract_text(&prose) {
        if !skills.contains(&id) {
            skills.push(id);
            skill_labels.push(t.key(id).to_string());
        }
    }
    let department = t.extract_text(&format!("{} {}", s.department, s.degree));
    // Naming one's department ("BBA Marketing", "B.Tech Data Science" in a resume line) is no
    // skill: what the department's name alone yields is dropped from the skills found in prose
    // (a listed one stays). A student who lists no skill and whose text names fewer than two
    // besides it is a cold start.
    let cold = listed_count == 0 && skills.iter().filter(|id| !department.contains(id)).count() < 2;
    let keep: Vec<bool> = skills
        .iter()
        .enumerate()
        .map(|(n, id)| n < listed_count || !department.contains(id))
        .collect();
    let mut k = keep.iter();
    skills.retain(|_| *k.next().unwrap_or(&true));
    let mut k = keep.iter();
    skill_labels.retain(|_| *k.next().unwrap_or(&true));
    let mut weighted: Vec<(SkillId, f32)> = skills
        .iter()
        .enumerate()
        .map(|(n, id)| (*id, evidence_weight(n, listed_count)))
        .collect();
    // The department is a prior (one per student), the skills are the evidence. The degree's
    // name speaks only when the department's says nothing: a degree's abbreviation can be a
    // skill's as well ("BMS", Bachelor of Management Studies, is also a battery management
    // system, and pulled management students towards electrical internships).
    let from_department = t.extract_text(&s.department);
    let prior = if from_department.is_empty() {
        &department
    } else {
        &from_department
    };
    weighted.extend(prior.iter().map(|id| (*id, 0.5)));
    let field = t.field_vector(&weighted);
    // A cold start: what they study and the line they wrote say which fields to look in.
    let plausible = super::coldstart::plausible_fields(&s.degree, &s.department);
    let (field, ambiguous, unread_line) = if cold {
        let line = super::coldstart::line_fields(&prose);
        let (cold_field, ambiguous) = super::coldstart::cold_field(&field, &plausible, &line);
        let unread =
            line.is_empty() && super::coldstart::says_something(&prose, &s.degree, &s.department);
        (cold_field, ambiguous, unread.then_some(field))
    } else {
        (field, false, None)
    };
    let credit = credit_vector(t, &skills);
    let text = format!(
        " {} {} ",
        normalise(&s.skills.join(" , ")),
        normalise(&prose)
    );
    let place = super::location::whereabouts(s);
    let terms = super::lexical::terms(&format!(
        "{} {} {} {} {}",
        s.skills.join(" "),
        s.interests,
        s.projects,
        s.department,
        super::coldstart::cold_text(s).unwrap_or_default()
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
        cold,
        ambiguous,
        unread_line,
    }
}

/// How much the `n`th of a student's skills says about their field, when the first
/// `listed_count` are the ones they listed: a listed skill is a claim, a skill only mentioned in
/// passing in their prose (a tool named in a project line) is weaker evidence once they have
/// listed any. With nothing listed, their prose is all there is and counts in full.
pub fn evidence_weight(n: usize, listed_count: usize) -> f32 {
    if listed_count > 0 && n >= listed_count {
        PROSE_EVIDENCE
    } else {
        1.0
    }
}

/// Weight of a skill found only in the prose of a student who lists skills (see
/// [`evidence_weight`]).
pub const PROSE_EVIDENCE: f32 = 0.5;

/// Credit for a narrower skill than one the student holds (pandas or scikit-learn when they know
/// Python, MySQL when they know SQL): it builds on what they have, half a match.
pub const NARROWER_CREDIT: f32 = 0.5;

/// Credit for a sibling of a skill the student holds (Kotlin when they know Flutter, PostgreSQL
/// when they know MySQL): a neighbour, easier to pick up but not held — a quarter, so that a
/// posting asking for the neighbours of one's skills does not outrank one asking for one's skills.
pub const SIBLING_CREDIT: f32 = 0.25;

/// Credit per taxonomy skill: 1 for the student's skills and the broader skills they imply,
/// [`NARROWER_CREDIT`] for narrower skills and [`SIBLING_CREDIT`] for siblings (another child of
/// the same broader skill).
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
            set(c, NARROWER_CREDIT);
            if let Some(child) = t.skill(c) {
                stack.extend(child.children.iter().copied().filter(|x| *x != id));
            }
        }
        for &p in &skill.parents {
            if let Some(parent) = t.skill(p) {
                for &sibling in &parent.children {
                    set(sibling, SIBLING_CREDIT);
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

#[cfg(test)]
#[path = "features_tests.rs"]
mod tests;
