//! Unit tests of the skill taxonomy.

use super::*;

fn keys(ids: &[SkillId]) -> Vec<&'static str> {
    ids.iter().map(|id| taxonomy().key(*id)).collect()
}

fn id(key: &str) -> SkillId {
    let t = taxonomy();
    t.skills
        .iter()
        .position(|s| s.key == key)
        .map(|p| p as SkillId)
        .unwrap_or_else(|| panic!("no skill {key}"))
}

#[test]
fn the_compiled_taxonomy_parses_and_is_large() {
    let t = Taxonomy::parse(TAXONOMY_TOML).expect("skills.toml");
    assert!(t.skills.len() > 300, "{}", t.skills.len());
    assert!(t.fields.len() >= 15);
    assert!(t.general.is_some());
}

#[test]
fn synonyms_and_abbreviations_resolve_to_one_key() {
    for (a, b) in [
        ("JS", "javascript"),
        ("ReactJS", "react"),
        ("React.js", "react"),
        ("react js", "react"),
        ("ML", "machine learning"),
        ("PowerBI", "power bi"),
        ("Power BI", "power bi"),
        ("MS Excel", "excel"),
        ("Tally ERP 9", "tally"),
        ("TallyPrime", "tally"),
        ("Node.js", "node.js"),
        ("NodeJS", "node.js"),
        ("K8s", "kubernetes"),
        ("GA4", "google analytics"),
        ("Team player", "teamwork"),
        ("TS", "typescript"),
        ("Amazon Web Services", "aws"),
        ("search engine optimisation", "seo"),
    ] {
        assert_eq!(canonical(a), b, "{a}");
    }
    assert_eq!(canonical("  Basket   Weaving "), "basket weaving");
}

#[test]
fn prose_extraction_uses_word_boundaries_and_longest_phrases() {
    let t = taxonomy();
    let found = t.extract_text(
        "Built a to-do app in React Native and deployed it; learning machine learning with \
         scikit-learn. Reactive people are great.",
    );
    assert_eq!(
        keys(&found),
        vec!["react native", "machine learning", "scikit-learn"]
    );
    // "Java" inside "JavaScript" is not Java; "R" alone is not R in prose.
    let found = t.extract_text("I write JavaScript. R is a letter.");
    assert_eq!(keys(&found), vec!["javascript"]);
    // Plurals of aliases.
    assert_eq!(
        keys(&t.extract_text("Made wireframes.")),
        vec!["wireframing"]
    );
}

#[test]
fn skills_lines_allow_short_aliases() {
    let t = taxonomy();
    let found = t.extract_text("B.Tech, final year. Skills: TS, RN, Figma. Made an app.");
    assert_eq!(keys(&found), vec!["figma", "typescript", "react native"]);
}

#[test]
fn listed_items_keep_unknown_names_and_split_compound_ones() {
    let t = taxonomy();
    let got = t.extract_list(&["iOS (Swift)", "Basket weaving", "JS", "javascript"]);
    assert_eq!(
        got,
        vec![
            SkillRef::Known(id("ios")),
            SkillRef::Known(id("swift")),
            SkillRef::Unknown("basket weaving".into()),
            SkillRef::Known(id("javascript")),
        ]
    );
}

#[test]
fn broader_skills_are_implied() {
    let t = taxonomy();
    let tf = t.skill(id("tensorflow")).unwrap();
    assert!(tf.ancestors.contains(&id("deep learning")));
    assert!(tf.ancestors.contains(&id("machine learning")));
}

#[test]
fn field_vectors_separate_fields_and_ignore_general_skills() {
    let t = taxonomy();
    let data = t.field_vector(&[(id("tensorflow"), 1.0), (id("pandas"), 1.0)]);
    let finance = t.field_vector(&[(id("tally"), 1.0), (id("gst"), 1.0)]);
    let general = t.field_vector(&[(id("communication"), 1.0)]);
    let dot: f32 = data.iter().zip(&finance).map(|(a, b)| a * b).sum();
    assert!(dot < 0.01);
    assert!(general.iter().all(|x| *x == 0.0));
}

#[test]
fn malformed_taxonomies_are_errors_not_panics() {
    assert!(Taxonomy::parse("not toml [").is_err());
    assert!(Taxonomy::parse("[a]\n\"x\" = [\"^nope\"]").is_err());
    assert!(Taxonomy::parse("[a]\n\"x\" = [\"y\"]\n\"z\" = [\"y\"]").is_err());
    assert!(Taxonomy::parse("[a]\n\"x\" = 3").is_err());
}
