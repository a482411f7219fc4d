use super::*;

#[test]
fn a_document_is_read_word_by_word_with_its_positions_weights() {
    let text = r"'a\\b':2B 'it''s':1 'learning':12A,13,14C 'plain'";
    let words = words(text).expect("a tsvector");
    assert_eq!(
        words,
        vec![
            ("a\\b".to_string(), vec![2]),
            ("it's".to_string(), vec![0]),
            ("learning".to_string(), vec![3, 0, 1]),
            ("plain".to_string(), vec![]),
        ]
    );
    assert_eq!(super::words("").expect("empty"), vec![]);
    assert!(super::words("learning:1").is_none(), "not quoted");
    assert!(super::words("'open").is_none(), "unterminated");
}

/// `(-ts_rank(doc, 'learning'))::float8` as PostgreSQL 15 printed it for each document.
#[test]
fn a_word_scores_as_ts_rank_scores_it_to_the_last_bit() {
    let cases = [
        ("'learning':5", -0.0607927106320858),
        ("'learning':1A,9B,30,40", -0.6792740821838379),
        ("'learning':3B,31,44,45,46", -0.2713550329208374),
        ("'learning':7C", -0.1215854212641716),
        ("'learning':2A", -0.6079270839691162),
        ("'learning':20,25", -0.07599088549613953),
        ("'learning':12,13,14,15,16,17,18", -0.09190623462200165),
        ("'learning'", -0.0607927106320858),
    ];
    for (doc, expected) in cases {
        let words = words(doc).expect("a tsvector");
        let score = -f64::from(rank(&words[0].1));
        assert_eq!(score, expected, "{doc}");
    }
}

#[test]
fn a_words_postings_are_packed_and_read_back_in_order() {
    let mut packed = Packed::default();
    let postings = [
        (0, -0.5),
        (1, -0.25),
        (300, -0.5),
        (70_000, -0.125),
        (70_001, -0.25),
    ];
    for (slot, score) in postings {
        assert!(packed.push(slot, score));
    }
    assert_eq!(packed.len(), 5);
    assert_eq!(packed.iter().collect::<Vec<_>>(), postings.to_vec());
    assert!(packed.compact().size() < 5 * 12);
    // A 257th distinct score is refused: the word is then read from the database.
    let mut many = Packed::default();
    for slot in 0..256 {
        assert!(many.push(slot, slot as f32));
    }
    assert!(!many.push(256, -1.0));
    assert!(many.push(256, 3.0), "a score seen before");
}

#[test]
fn a_kept_word_is_compacted_to_a_byte_a_posting_and_reads_back_the_same() {
    // Dense, with few scores: one byte each.
    let mut dense = Packed::default();
    let postings: Vec<(u32, f32)> = (0..1000u32)
        .filter(|slot| slot % 3 != 0)
        .map(|slot| (slot, -0.1 * (slot % 4) as f32))
        .collect();
    for &(slot, score) in &postings {
        assert!(dense.push(slot, score));
    }
    let compact = dense.compact();
    assert_eq!(compact.iter().collect::<Vec<_>>(), postings);
    assert_eq!(compact.size(), postings.len() + 4 * 4);
    // Far apart, with more scores than a short entry names: the long form, read back the same.
    let mut sparse = Packed::default();
    let postings: Vec<(u32, f32)> = (0..40u32).map(|i| (i * 1000 + i, -(i as f32))).collect();
    for &(slot, score) in &postings {
        assert!(sparse.push(slot, score));
    }
    let compact = sparse.compact();
    assert_eq!(compact.iter().collect::<Vec<_>>(), postings);
    assert!(compact.size() > postings.len() * 3);
}
