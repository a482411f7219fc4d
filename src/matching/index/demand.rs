//! Market demand: how many listed internships of each field ask for each skill, kept in step
//! with the live catalogue by its refresher, for "in demand in your field" on a student's
//! recommendations. Apart from `live.rs` (loading and refreshing the catalogue) because it is
//! a tally over the listings, with rules of its own (which fields an internship belongs to).

use crate::matching::model::{InternshipFeatures, Requirement, StudentFeatures, WorkMode};
use crate::matching::ranking::score;
use crate::taxonomy::SkillRef;
use std::collections::HashMap;

/// How many listed internships of each field ask for each skill, kept in step with the
/// catalogue, so "in demand in your field" counts the whole market, not just a student's
/// nearest candidates.
#[derive(Debug, Default)]
pub struct FieldDemand {
    /// Per field index: skill → (internships asking for it, label as first written).
    fields: HashMap<usize, HashMap<SkillRef, (usize, String)>>,
}

/// An internship (or a student) belongs to every field holding at least this share of its
/// L2-normalised field vector: most belong to one or two.
const FIELD_SHARE: f32 = 0.35;

fn fields_of(field: &[f32]) -> impl Iterator<Item = usize> + '_ {
    field
        .iter()
        .enumerate()
        .filter(|(_, w)| **w >= FIELD_SHARE)
        .map(|(i, _)| i)
}

impl FieldDemand {
    pub(super) fn add(&mut self, features: &InternshipFeatures) {
        for field in fields_of(&features.field) {
            let skills = self.fields.entry(field).or_default();
            for r in &features.requirements {
                skills
                    .entry(r.skill.clone())
                    .or_insert_with(|| (0, r.label.clone()))
                    .0 += 1;
            }
        }
    }

    pub(super) fn remove(&mut self, features: &InternshipFeatures) {
        for field in fields_of(&features.field) {
            let Some(skills) = self.fields.get_mut(&field) else {
                continue;
            };
            for r in &features.requirements {
                if let Some(entry) = skills.get_mut(&r.skill) {
                    entry.0 = entry.0.saturating_sub(1);
                    if entry.0 == 0 {
                        skills.remove(&r.skill);
                    }
                }
            }
        }
    }

    /// The `n` skills most asked for in the student's fields that the student lacks, with how
    /// many listed internships of one of those fields ask for each (the largest count: an
    /// internship of two of the student's fields is never counted twice).
    pub fn missing_for(&self, student: &StudentFeatures, n: usize) -> Vec<(String, usize)> {
        let mut merged: HashMap<&SkillRef, (usize, String)> = HashMap::new();
        for field in fields_of(&student.field) {
            for (skill, (count, label)) in self.fields.get(&field).into_iter().flatten() {
                let entry = merged.entry(skill).or_insert_with(|| (0, label.clone()));
                entry.0 = entry.0.max(*count);
            }
        }
        let mut ranked: Vec<(&SkillRef, (usize, String))> = merged.into_iter().collect();
        ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
        let asked = InternshipFeatures {
            requirements: ranked
                .iter()
                .take(n * 4)
                .map(|(skill, (_, label))| Requirement {
                    skill: (*skill).clone(),
                    label: label.clone(),
                    weight: 1.0,
                })
                .collect(),
            field: Vec::new(),
            city: None,
            pin_area: None,
            coords: None,
            mode: WorkMode::Remote,
        };
        // The taxonomy decides what the student covers, as for one internship's skill gap.
        let missing = score::skill_gap(student, &asked).missing;
        ranked
            .into_iter()
            .filter(|(_, (_, label))| missing.contains(label))
            .take(n)
            .map(|(_, (count, label))| (label, count))
            .collect()
    }
}

#[cfg(test)]
#[path = "demand_tests.rs"]
mod tests;
