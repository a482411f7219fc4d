//! What a student's skills cover of an internship's, and how that is put to people: coverage
//! gives partial credit for related skills (a narrower skill is half a match, a sibling a quarter:
//! `features::NARROWER_CREDIT`, `features::SIBLING_CREDIT`), but the
//! explanation never shows a related skill as held. "Skills you have" (and the employer's "Has")
//! lists only skills the student listed or their own text shows; a related one is shown as
//! related ("SQL — close to PostgreSQL"), the rest as missing.

use super::location::contains_phrase;
use crate::matching::model::{InternshipFeatures, RelatedSkill, Requirement, StudentFeatures};
use crate::taxonomy::{SkillId, SkillRef, Taxonomy, taxonomy};

/// Credit (0–1) the student earns for one requirement.
pub fn credit(s: &StudentFeatures, r: &Requirement) -> f32 {
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
    weighted_share(i, |r| credit(s, r))
}

/// Weighted share of the internship's skills the student earns full credit for: held, or
/// implied by a skill that builds on them (React for JavaScript); related skills count for
/// nothing here. `None` when the internship names no skill at all.
pub fn held_share(s: &StudentFeatures, i: &InternshipFeatures) -> Option<f32> {
    weighted_share(i, |r| if credit(s, r) >= 1.0 { 1.0 } else { 0.0 })
}

/// The internship's requirements' weights, each times what `earned` gives it (0–1), over their
/// sum; `None` when it names no skill.
fn weighted_share(i: &InternshipFeatures, earned: impl Fn(&Requirement) -> f32) -> Option<f32> {
    let (got, total) = i.requirements.iter().fold((0.0f32, 0.0f32), |(g, t), r| {
        (g + earned(r) * r.weight, t + r.weight)
    });
    (total > 0.0).then(|| got / total)
}

/// An internship's skills as one student's explanation shows them (labels as the employer wrote
/// them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SkillGap {
    /// Skills the student holds: listed, or found in their own text.
    pub matched: Vec<String>,
    /// Skills the student does not hold but has a close one for (partial credit).
    pub related: Vec<RelatedSkill>,
    /// Skills the student lacks: the skill gap.
    pub missing: Vec<String>,
}

/// Whether the student holds requirement `r` themselves (not through a related skill).
pub fn holds(s: &StudentFeatures, r: &Requirement) -> bool {
    match &r.skill {
        SkillRef::Known(id) => s.skills.contains(id),
        SkillRef::Unknown(_) => credit(s, r) >= 1.0,
    }
}

/// Which of the student's own skills earns them credit for `wanted`, and how: one that builds
/// on it (React for JavaScript) before a narrower or sibling one (SQL for PostgreSQL).
fn related_source(
    t: &Taxonomy,
    s: &StudentFeatures,
    wanted: SkillId,
) -> Option<(usize, &'static str)> {
    let own = || s.skills.iter().enumerate();
    let builds_on = own().find(|(_, id)| {
        t.skill(**id)
            .is_some_and(|skill| skill.ancestors.contains(&wanted))
    });
    if let Some((n, _)) = builds_on {
        return Some((n, "match.related_builds_on"));
    }
    let narrower = |from: SkillId| {
        let mut stack = t
            .skill(from)
            .map(|s| s.children.clone())
            .unwrap_or_default();
        let mut seen = Vec::new();
        while let Some(c) = stack.pop() {
            if c == wanted {
                return true;
            }
            if !seen.contains(&c) {
                seen.push(c);
                stack.extend(t.skill(c).map(|s| s.children.clone()).unwrap_or_default());
            }
        }
        false
    };
    let sibling = |from: SkillId| {
        t.skill(from).is_some_and(|skill| {
            skill.parents.iter().any(|p| {
                t.skill(*p)
                    .is_some_and(|parent| parent.children.contains(&wanted))
            })
        })
    };
    own()
        .find(|(_, id)| narrower(**id))
        .or_else(|| own().find(|(_, id)| sibling(**id)))
        .map(|(n, _)| (n, "match.related_close"))
}

/// The internship's skills the student holds, those they have a related skill for, and those
/// they lack.
pub fn skill_gap(s: &StudentFeatures, i: &InternshipFeatures) -> SkillGap {
    let t = taxonomy();
    let mut gap = SkillGap::default();
    for r in &i.requirements {
        if holds(s, r) {
            gap.matched.push(r.label.clone());
            continue;
        }
        let source = match &r.skill {
            SkillRef::Known(id) if credit(s, r) > 0.0 => related_source(t, s, *id),
            _ => None,
        };
        match source {
            Some((n, key)) => gap.related.push(RelatedSkill {
                wanted: r.label.clone(),
                have: s
                    .skill_labels
                    .get(n)
                    .cloned()
                    .unwrap_or_else(|| t.key(s.skills[n]).to_string()),
                key,
            }),
            None => gap.missing.push(r.label.clone()),
        }
    }
    gap
}

#[cfg(test)]
#[path = "explain_tests.rs"]
mod tests;
