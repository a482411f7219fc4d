//! Unit tests of `coldstart.rs`.

use super::*;

#[test]
fn studies_lead_to_their_fields() {
    assert_eq!(
        plausible_fields("BBA", "Marketing"),
        vec!["marketing", "sales"]
    );
    assert_eq!(
        plausible_fields("B.Des", "Communication Design"),
        vec!["uiux", "design"]
    );
    assert_eq!(
        plausible_fields("B.Tech", "Computer Science")[..3],
        ["software", "web", "data"]
    );
    // The degree speaks when the department says nothing known.
    assert_eq!(plausible_fields("B.Com", ""), vec!["finance"]);
    assert!(plausible_fields("", "").is_empty());
    // Every field the tables name exists in the taxonomy.
    let names = taxonomy().fields();
    for (_, fields) in STUDIES.iter().chain(DEGREES) {
        for f in *fields {
            assert!(names.iter().any(|n| n == f), "unknown field {f}");
        }
    }
    for f in LINE_CUES
        .iter()
        .map(|(_, f)| f)
        .chain(FIELD_WORDS.iter().map(|(f, _)| f))
    {
        assert!(names.iter().any(|n| n == f), "unknown field {f}");
    }
}

#[test]
fn the_one_line_points_to_a_field() {
    assert_eq!(line_fields("Interested in UX."), vec!["uiux"]);
    assert_eq!(
        line_fields("I like talking to people and convincing them"),
        vec!["sales"]
    );
    assert!(line_fields("Looking for a good internship.").is_empty());
    // "Code" does not say which kind: software and web alike, equally weighed.
    assert_eq!(
        line_fields("I like building things with code."),
        vec!["software", "web"]
    );
    let (v, ambiguous) = cold_field(&[], &["software", "web", "data"], &["software", "web"]);
    let names = taxonomy().fields();
    let at = |f: &str| v[names.iter().position(|n| n == f).expect("field")];
    assert!(!ambiguous);
    assert!((at("software") - at("web")).abs() < 1e-6 && at("web") > 2.0 * at("data"));
    let (_, ambiguous) = cold_field(&[], &["marketing", "sales"], &[]);
    assert!(ambiguous);
    let (v, ambiguous) = cold_field(&[], &["marketing", "sales"], &["sales"]);
    assert!(!ambiguous);
    let names = taxonomy().fields();
    let at = |f: &str| v[names.iter().position(|n| n == f).unwrap()];
    assert!(at("sales") > at("marketing"));
}

#[test]
fn a_line_says_something_when_it_names_more_than_the_studies() {
    assert!(!says_something(
        "Looking for a good internship.",
        "BBA",
        "Marketing"
    ));
    assert!(!says_something(
        "Final year student, eager to learn new things.\nB.Com Commerce, 3rd year.",
        "B.Com",
        "Commerce"
    ));
    assert!(!says_something(
        "Seeking opportunities to gain industry exposure.",
        "BA",
        "English"
    ));
    assert!(says_something(
        "I enjoy meeting customers and closing deals.\nB.Com Commerce, 3rd year.",
        "B.Com",
        "Commerce"
    ));
    assert!(says_something(
        "Cars and engines fascinate me.",
        "B.Tech",
        "Mechanical"
    ));
}

/// A cold start of `department` whose one line is `line`.
fn cold(department: &str, line: &str) -> StudentFeatures {
    crate::matching::ranking::score::student_features(&crate::matching::model::StudentInput {
        degree: "B.Com".into(),
        department: department.into(),
        interests: line.into(),
        ..Default::default()
    })
}

/// A field vector pointing to `field` alone.
fn towards(field: &str) -> Vec<f32> {
    let names = taxonomy().fields();
    names
        .iter()
        .map(|n| if n == field { 1.0 } else { 0.0 })
        .collect()
}

#[test]
fn a_line_no_cue_reads_is_read_by_the_postings_nearest_it() {
    let names = taxonomy().fields();
    let at = |v: &[f32], f: &str| v[names.iter().position(|n| n == f).expect("field")];
    let student = cold("Commerce", "I enjoy meeting customers and closing deals.");
    assert!(student.cold && student.unread_line.is_some());
    // Sixty postings: the twenty nearest the student's vector are sales, the rest finance.
    let (sales, finance) = (towards("sales"), towards("finance"));
    let near = vec![1.0f32, 0.0];
    let far = vec![0.0f32, 1.0];
    let postings: Vec<(Vec<f32>, Vec<f32>)> = (0..60)
        .map(|n| {
            if n % 3 == 0 {
                (near.clone(), sales.clone())
            } else {
                (far.clone(), finance.clone())
            }
        })
        .collect();
    let pairs = || postings.iter().map(|(v, f)| (v.as_slice(), f.as_slice()));
    let read = by_meaning(&student, &near, pairs()).expect("read by meaning");
    assert!(at(&read.field, "sales") > 2.0 * at(&read.field, "finance"));
    assert!(!read.ambiguous);
    // No vector (the model not loaded): nothing to read it by.
    assert!(by_meaning(&student, &[0.0, 0.0], pairs()).is_none());
    // Nearest postings that do not agree (the three nearest of three fields) say nothing of it.
    let fields = [towards("sales"), towards("finance"), towards("marketing")];
    let mixed: Vec<(Vec<f32>, Vec<f32>)> = (0..60)
        .map(|n| match fields.get(n) {
            Some(field) => (vec![1.0 - n as f32 / 100.0, 0.0], field.clone()),
            None => (far.clone(), finance.clone()),
        })
        .collect();
    let mixed_pairs = mixed.iter().map(|(v, f)| (v.as_slice(), f.as_slice()));
    assert!(by_meaning(&student, &near, mixed_pairs).is_none());
    // A line the cues read, or one that says nothing, is left as it is.
    assert!(
        by_meaning(
            &cold("Commerce", "I like talking to people and convincing them."),
            &near,
            pairs()
        )
        .is_none()
    );
    assert!(
        by_meaning(
            &cold("Marketing", "Looking for a good internship."),
            &near,
            pairs()
        )
        .is_none()
    );
}
