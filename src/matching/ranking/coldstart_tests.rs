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
