//! Unit tests of `explain.rs`.

use super::*;
use crate::matching::model::{InternshipInput, StudentInput, WorkMode};
use crate::matching::ranking::score::{MatchWeights, internship_features, student_features};

fn student(skills: &[&str]) -> StudentFeatures {
    student_features(&StudentInput {
        skills: skills.iter().map(|s| s.to_string()).collect(),
        ..StudentInput::default()
    })
}

fn internship(skills: &[&str]) -> InternshipFeatures {
    internship_features(
        &InternshipInput {
            title: "Intern".into(),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            location: "Remote".into(),
            mode: Some(WorkMode::Remote),
            ..InternshipInput::default()
        },
        &MatchWeights::default(),
    )
}

#[test]
fn coverage_understands_synonyms_broader_skills_and_prose() {
    let s = student(&["JS", "ReactJS", "TensorFlow"]);
    let i = internship(&["JavaScript", "React.js", "deep learning", "Tally"]);
    assert_eq!(coverage(&s, &i), Some(0.75));
    let gap = skill_gap(&s, &i);
    // JavaScript is listed ("JS"); deep learning only follows from TensorFlow: related.
    assert_eq!(gap.matched, vec!["JavaScript", "React.js"]);
    assert_eq!(
        gap.related,
        vec![RelatedSkill {
            wanted: "deep learning".into(),
            have: "TensorFlow".into(),
            key: "match.related_builds_on",
        }]
    );
    assert_eq!(gap.missing, vec!["Tally"]);
    // Skills named only in prose count, and are held.
    let s = student_features(&StudentInput {
        projects: "Built dashboards in Power BI and wrote SQL queries.".into(),
        ..StudentInput::default()
    });
    let i = internship(&["PowerBI", "MySQL"]);
    // MySQL is narrower than SQL: half credit, and shown as related, not held.
    assert_eq!(coverage(&s, &i), Some(0.75));
    let gap = skill_gap(&s, &i);
    assert_eq!(gap.matched, vec!["PowerBI"]);
    assert_eq!(gap.related[0].wanted, "MySQL");
    assert_eq!(gap.related[0].key, "match.related_close");
    // An unknown listed skill still matches the same words in the student's text.
    let s = student_features(&StudentInput {
        interests: "I love basket weaving".into(),
        ..StudentInput::default()
    });
    let i = internship(&["Basket Weaving"]);
    assert_eq!(coverage(&s, &i), Some(1.0));
    assert_eq!(skill_gap(&s, &i).matched, vec!["Basket Weaving"]);
    assert_eq!(coverage(&s, &internship(&[])), None);
}

#[test]
fn half_credit_is_never_shown_as_held() {
    // The walkthrough's case: SQL and Python listed; PostgreSQL and scikit-learn asked.
    let s = student(&["SQL", "Python"]);
    let i = internship(&["PostgreSQL", "scikit-learn", "Python", "Figma"]);
    let gap = skill_gap(&s, &i);
    assert_eq!(gap.matched, vec!["Python"]);
    let related: Vec<(&str, &str)> = gap
        .related
        .iter()
        .map(|r| (r.have.as_str(), r.wanted.as_str()))
        .collect();
    assert_eq!(
        related,
        vec![("SQL", "PostgreSQL"), ("Python", "scikit-learn")]
    );
    assert!(gap.related.iter().all(|r| r.key == "match.related_close"));
    assert_eq!(gap.missing, vec!["Figma"]);
}

#[test]
fn a_sibling_earns_a_quarter_and_is_shown_as_related() {
    // MySQL and PostgreSQL are both children of SQL: knowing one is a quarter of the other.
    let s = student(&["MySQL"]);
    let i = internship(&["PostgreSQL"]);
    assert_eq!(
        coverage(&s, &i),
        Some(crate::matching::ranking::features::SIBLING_CREDIT)
    );
    let gap = skill_gap(&s, &i);
    assert!(gap.matched.is_empty());
    assert_eq!(gap.related.len(), 1);
    assert_eq!(gap.related[0].wanted, "PostgreSQL");
    // A posting asking for one's own skill outranks one asking for its neighbour.
    assert!(coverage(&s, &internship(&["MySQL"])) > coverage(&s, &i));
}
