//! Unit tests of `features.rs`.

use super::*;
use crate::matching::model::StudentInput;

fn field_of(s: &StudentFeatures, name: &str) -> f32 {
    let names = taxonomy().fields();
    names
        .iter()
        .position(|f| f == name)
        .and_then(|n| s.field.get(n).copied())
        .unwrap_or(0.0)
}

#[test]
fn listed_skills_count_in_full_and_prose_mentions_count_half_once_something_is_listed() {
    assert_eq!(evidence_weight(0, 2), 1.0);
    assert_eq!(evidence_weight(1, 2), 1.0);
    assert_eq!(evidence_weight(2, 2), PROSE_EVIDENCE);
    // Nothing listed: the prose is all there is.
    assert_eq!(evidence_weight(0, 0), 1.0);
    assert_eq!(evidence_weight(3, 0), 1.0);
}

#[test]
fn a_tool_named_in_passing_does_not_outweigh_the_listed_skills() {
    // Three security skills listed, one CI tool listed, a cloud service named in a project line.
    let s = student_features(&StudentInput {
        skills: vec![
            "encryption".into(),
            "SIEM".into(),
            "Burp Suite".into(),
            "GitHub Actions".into(),
        ],
        projects: "Found a bug in my college portal using Amazon Web Services.".into(),
        ..StudentInput::default()
    });
    assert!(field_of(&s, "security") > field_of(&s, "devops"));
    // The prose skill still counts as held (it is the student's own text).
    assert!(s.skills.len() > 4);
}

#[test]
fn a_sibling_earns_less_than_a_narrower_skill() {
    // A neighbour of one's skill is weaker evidence than a skill that builds on it.
    const { assert!(SIBLING_CREDIT > 0.0 && SIBLING_CREDIT < NARROWER_CREDIT) };
    const { assert!(NARROWER_CREDIT < 1.0) };
}

#[test]
fn naming_ones_department_is_no_skill_but_listing_it_is() {
    let t = taxonomy();
    let programming = t.extract_text("computer applications");
    assert!(
        !programming.is_empty(),
        "the department name is a taxonomy alias"
    );
    let resume = "BCA Computer Applications, final year. Built a quiz app in Java.";
    let s = student_features(&StudentInput {
        degree: "BCA".into(),
        department: "Computer Applications".into(),
        skills: vec!["Java".into()],
        resume_text: resume.into(),
        ..StudentInput::default()
    });
    assert!(!s.skills.contains(&programming[0]));
    assert_eq!(s.skills.len(), s.skill_labels.len());
    // Listed, it is the student's claim and stays.
    let s = student_features(&StudentInput {
        department: "Computer Applications".into(),
        skills: vec!["Java".into(), "Computer Applications".into()],
        resume_text: resume.into(),
        ..StudentInput::default()
    });
    assert!(s.skills.contains(&programming[0]));
}

#[test]
fn a_degrees_abbreviation_is_no_skill_when_the_department_speaks() {
    // BMS is Bachelor of Management Studies here, not a battery management system.
    let s = student_features(&StudentInput {
        degree: "BMS".into(),
        department: "Management Studies".into(),
        interests: "Curious about how brands grow online.".into(),
        resume_text: "BMS Management Studies, 3rd year.".into(),
        ..StudentInput::default()
    });
    assert_eq!(field_of(&s, "electrical"), 0.0);
    assert!(field_of(&s, "marketing") > 0.5);
    // With no department, the degree is all there is and still counts.
    let s = student_features(&StudentInput {
        degree: "BCA".into(),
        ..StudentInput::default()
    });
    assert!(field_of(&s, "software") > 0.0);
}
