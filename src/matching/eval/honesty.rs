//! Explanations checked against what each student actually wrote: over a whole benchmark, every
//! skill an explanation would show as held ("Skills you have", the employer's "Has") must be one
//! the student listed or their own text (interests, projects, resume) names. `praktiki eval`
//! reports the count; a unit test holds it at 0 on the public benchmark.
//!
//! The student's own skills are derived here independently of the ranking code's credit rules:
//! the taxonomy's reading of the listed names and of the student's prose, nothing implied.

use super::dataset::Dataset;
use crate::matching::model::StudentInput;
use crate::matching::ranking::location::contains_phrase;
use crate::matching::ranking::normalise::Normaliser;
use crate::matching::ranking::score::{self, MatchWeights};
use crate::taxonomy::{SkillId, SkillRef, normalise, taxonomy};
use std::collections::HashSet;

/// One explanation that claims too much: (student id, internship id, the skill shown as held).
pub type Overclaim = (String, String, String);

/// What a student wrote, as skills: the known skills named in the list or the prose, and the
/// whole text (normalised, space-padded) for names the taxonomy does not know. The same
/// spelling normalisation the ranking applies is applied first: "pyhton" written is Python held.
struct OwnSkills {
    known: HashSet<SkillId>,
    text: String,
}

fn own_skills(student: &StudentInput, normaliser: &Normaliser) -> OwnSkills {
    let s = normaliser.student(student);
    let t = taxonomy();
    let mut known: HashSet<SkillId> = t
        .extract_list(&s.skills)
        .into_iter()
        .filter_map(|r| match r {
            SkillRef::Known(id) => Some(id),
            SkillRef::Unknown(_) => None,
        })
        .collect();
    let prose = format!("{}\n{}\n{}", s.interests, s.projects, s.resume_text);
    known.extend(t.extract_text(&prose));
    let text = format!(
        " {} {} ",
        normalise(&s.skills.join(" , ")),
        normalise(&prose)
    );
    OwnSkills { known, text }
}

/// Every held skill the explanations of `data` would show that the student did not write.
pub fn overclaims(data: &Dataset, weights: &MatchWeights) -> Vec<Overclaim> {
    let normaliser = Normaliser::for_postings(&data.internships);
    let internships: Vec<_> = data
        .internships
        .iter()
        .map(|i| score::internship_features(&normaliser.internship(i), weights))
        .collect();
    let mut found = Vec::new();
    for student in &data.students {
        let features = score::student_features(&normaliser.student(student));
        let own = own_skills(student, &normaliser);
        for (n, internship) in internships.iter().enumerate() {
            let held = score::skill_gap(&features, internship).matched;
            for r in &internship.requirements {
                if !held.contains(&r.label) {
                    continue;
                }
                let written = match &r.skill {
                    SkillRef::Known(id) => own.known.contains(id),
                    SkillRef::Unknown(name) => contains_phrase(&own.text, name),
                };
                if !written {
                    found.push((
                        student.id.clone(),
                        data.internships[n].id.clone(),
                        r.label.clone(),
                    ));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_explanation_over_the_public_benchmark_claims_a_skill_the_student_did_not_write() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/matching-public.json"
        );
        let data = Dataset::load(std::path::Path::new(path)).expect("public benchmark");
        assert_eq!(data.students.len(), 150);
        let found = overclaims(&data, &MatchWeights::default());
        assert!(
            found.is_empty(),
            "{} overclaims, e.g. {:?}",
            found.len(),
            &found[..found.len().min(10)]
        );
        // The check has teeth: held skills are shown at all (Python, listed by many).
        let normaliser = Normaliser::for_postings(&data.internships);
        let shown: usize = data
            .students
            .iter()
            .take(20)
            .map(|s| {
                let f = score::student_features(&normaliser.student(s));
                data.internships
                    .iter()
                    .map(|i| {
                        let i = score::internship_features(
                            &normaliser.internship(i),
                            &MatchWeights::default(),
                        );
                        score::skill_gap(&f, &i).matched.len()
                    })
                    .sum::<usize>()
            })
            .sum();
        assert!(shown > 100, "only {shown} held skills shown");
    }
}
