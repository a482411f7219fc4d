//! Unit tests of `score.rs`.

use super::*;

#[test]
fn a_complete_resume_scores_high_and_an_empty_one_gets_every_suggestion() {
    let full = Reading {
        skills: (1..=5).map(|i| format!("skill{i}")).collect(),
        degree: Some("B.Tech".into()),
        institute: Some("Pune Institute".into()),
        projects: vec!["Built skill1 skill2 skill3 skill4 skill5 for 2,000 users".into()],
        links: vec!["https://github.com/x".into()],
        has_email: true,
        has_phone: true,
        words: 400,
    };
    let scored = score(&full);
    assert_eq!(scored.score, 100);
    assert!(scored.suggestions.is_empty());
    let empty = score(&Reading::default());
    assert_eq!(empty.score, 0);
    let keys: Vec<&str> = empty.suggestions.iter().map(|m| m.key()).collect();
    assert!(keys.contains(&"resume_read.tip_contact"));
    assert!(keys.contains(&"resume_read.tip_projects"));
    assert!(keys.contains(&"resume_read.tip_short"));
}

#[test]
fn an_unquantified_project_and_an_unbacked_skill_are_named() {
    let reading = Reading {
        skills: vec!["Docker".into(), "Kubernetes".into()],
        projects: vec!["Built a Docker image for the college site".into()],
        ..Reading::default()
    };
    let scored = score(&reading);
    let texts: Vec<String> = scored.suggestions.iter().map(|m| m.to_string()).collect();
    assert!(
        texts.iter().any(|t| t.contains("Built a Docker image")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("Kubernetes")), "{texts:?}");
}
