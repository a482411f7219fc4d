//! Unit tests of `demand.rs`.

use super::*;
use crate::matching::model::{InternshipInput, StudentInput};
use crate::matching::ranking::score::MatchWeights;

fn features(title: &str, skills: &[&str]) -> InternshipFeatures {
    score::internship_features(
        &InternshipInput {
            title: title.into(),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            ..InternshipInput::default()
        },
        &MatchWeights::default(),
    )
}

#[test]
fn market_demand_counts_the_students_field_and_skips_what_they_have() {
    let mut demand = FieldDemand::default();
    let data = [
        features("Data Analyst Intern", &["Python", "SQL", "Power BI"]),
        features(
            "Data Science Intern",
            &["Python", "SQL", "machine learning"],
        ),
        features("Business Analyst Intern", &["SQL", "Excel"]),
    ];
    let accounts = features("Accounts Intern", &["Tally", "GST"]);
    for f in data.iter().chain([&accounts]) {
        demand.add(f);
    }
    let student = score::student_features(&StudentInput {
        skills: vec!["Python".into(), "pandas".into()],
        interests: "data analysis".into(),
        ..StudentInput::default()
    });
    let missing = demand.missing_for(&student, 5);
    assert_eq!(
        missing.first().map(|(s, _)| s.as_str()),
        Some("SQL"),
        "{missing:?}"
    );
    assert!(
        !missing.iter().any(|(s, _)| s == "Python" || s == "Tally"),
        "{missing:?}"
    );
    // Removing the listings takes their counts away.
    for f in &data {
        demand.remove(f);
    }
    assert!(demand.missing_for(&student, 5).is_empty());
}
