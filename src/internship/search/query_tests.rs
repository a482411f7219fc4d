//! Unit tests of `query.rs`.

use super::*;

fn words(q: &str) -> Groups {
    Groups::of_words(&SearchFilter {
        q: Some(q.into()),
        ..Default::default()
    })
}

#[test]
fn words_become_quoted_phrases_and_cities_all_their_names() {
    let g = words("Python bangalore");
    assert_eq!(g.0[0], vec!["python".to_string()]);
    assert!(g.0[1].contains(&"bengaluru".to_string()) && g.0[1].contains(&"blr".to_string()));
    let fts = g.fts5(None);
    assert!(fts.starts_with("\"python\" AND ("), "{fts}");
    assert!(fts.contains("\"bengaluru\" OR "), "{fts}");
    assert!(g.pg_groups().starts_with("python\n"));
    assert!(g.pg_groups().contains("\tbengaluru") || g.pg_groups().contains("bengaluru\t"));
}

#[test]
fn search_syntax_in_the_input_is_only_text() {
    let fts = words("NEAR(a b) a\"b OR y* -z:").fts5(None);
    // Every group is one quoted phrase; quotes inside are doubled.
    assert!(!fts.contains("NEAR(a"), "{fts}");
    assert!(fts.contains("\"near(a\""), "{fts}");
    assert!(fts.contains("\"a\"\"b\""), "{fts}");
    // Punctuation alone is no word.
    assert!(words("+ - ; ***").is_empty());
}

#[test]
fn a_place_is_one_group_restricted_to_the_location_column() {
    let g = Groups::of_place("  New   Delhi ");
    let fts = g.fts5(Some("location"));
    assert!(fts.starts_with("location : ("), "{fts}");
    assert!(
        fts.contains("\"new delhi\"") && fts.contains("\"delhi\""),
        "{fts}"
    );
    assert!(Groups::of_place("!!").is_empty());
}

#[test]
fn sorts_parse_and_default() {
    for s in Sort::ALL {
        assert_eq!(Sort::parse(s.key()), s);
    }
    assert_eq!(Sort::parse("bogus"), Sort::Relevance);
}
