//! Unit tests of `dataset.rs`.

use super::*;

#[test]
fn malformed_files_are_clear_errors() {
    for (text, needle) in [
        ("{", "EOF"),
        (
            r#"{"format":"other/2","internships":[{"id":"i"}],"students":[{"id":"s"}]}"#,
            "other/2",
        ),
        (
            r#"{"internships":[],"students":[{"id":"s"}]}"#,
            "no internships",
        ),
        (
            r#"{"internships":[{"id":"i"},{"id":"i"}],"students":[{"id":"s"}]}"#,
            "twice",
        ),
        (
            r#"{"internships":[{"id":"i"}],"students":[{"id":"s"}],"relevance":{"x":{}}}"#,
            "unknown student",
        ),
        (
            r#"{"internships":[{"id":"i"}],"students":[{"id":"s"}],"relevance":{"s":{"j":1}}}"#,
            "unknown internship",
        ),
        (
            r#"{"internships":[{"id":"i"}],"students":[{"id":"s"}],"relevance":{"s":{"i":"high"}}}"#,
            "0–3",
        ),
        (
            r#"{"internships":[{"title":"x"}],"students":[{"id":"s"}]}"#,
            "missing field",
        ),
    ] {
        let err = Dataset::parse(text).unwrap_err();
        assert!(err.contains(needle), "{text}: {err}");
    }
}

#[test]
fn a_minimal_file_parses_with_defaults() {
    let d = Dataset::parse(
        r#"{"format":"praktiki-matching-benchmark/1","internships":[{"id":"i1","title":"Data"}],
            "students":[{"id":1,"skills":["SQL", 3]}],"relevance":{"1":{"i1":2}}}"#,
    )
    .unwrap();
    assert_eq!(d.students[0].skills, vec!["SQL"]);
    assert_eq!(d.relevance[0].get(&0), Some(&2));
}
