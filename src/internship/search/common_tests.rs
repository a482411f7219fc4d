use super::*;
use crate::internship::search::listed::ListedRow;

fn listed(postings: &[(i64, i64)]) -> Listed {
    Listed::new(
        postings
            .iter()
            .map(|&(id, version)| ListedRow {
                version,
                ..ListedRow::plain(id)
            })
            .collect(),
    )
}

fn group(word: &str) -> Vec<String> {
    vec![word.to_string()]
}

/// A copy of 200 documents: every one holds "intern", one in two "python" (in the title of
/// every tenth), one "rare".
fn copy_of_200(database: &str) {
    let mut builder = Builder::default();
    for id in 1..=200 {
        let mut doc = String::from("'intern':3");
        if id % 2 == 0 {
            doc.push_str(if id % 10 == 0 {
                " 'python':1A,9"
            } else {
                " 'python':9"
            });
        }
        if id == 7 {
            doc.push_str(" 'rare':4");
        }
        builder.add(id, 1, &doc);
    }
    assert!(claim(database));
    release(database, Some(builder.finish()));
}

#[test]
fn a_common_word_is_answered_from_the_copy_with_the_scores_ts_rank_gives() {
    let database = "common-test-answers";
    copy_of_200(database);
    let now = listed(&(1..=200).map(|id| (id, 1)).collect::<Vec<_>>());
    let kept = word(database, &now, 1, &group("Python")).expect("held");
    assert!(kept.among.is_empty(), "nothing changed");
    assert_eq!(kept.rows.len(), 100);
    let title = -f64::from(documents::rank(&[3, 0]));
    let body = -f64::from(documents::rank(&[0]));
    assert_eq!(kept.rows[0], (2, body));
    assert_eq!(kept.rows[4], (10, title));
    assert!(holds(database, &now, 1, &group("python")));
    // Held by one document in 200 (under 1 %): the database answers.
    assert!(word(database, &now, 1, &group("rare")).is_none());
    // Several spellings, or a word the parser would split: the database answers.
    let spellings = vec!["python".to_string(), "py".to_string()];
    assert!(word(database, &now, 1, &spellings).is_none());
    assert!(word(database, &now, 1, &group("c++")).is_none());
}

#[test]
fn postings_changed_since_the_copy_are_read_again_and_too_many_make_it_stale() {
    let database = "common-test-changes";
    copy_of_200(database);
    // 10 edited, 20 no longer listed, 201 new.
    let mut postings: Vec<(i64, i64)> = (1..=180).map(|id| (id, 1)).collect();
    for p in postings.iter_mut().take(10) {
        p.1 = 2;
    }
    postings.push((201, 1));
    let now = listed(&postings);
    let kept = word(database, &now, 2, &group("python")).expect("held");
    let mut among = (1..=10).collect::<Vec<i64>>();
    among.push(201);
    assert_eq!(*kept.among, among);
    assert!(
        kept.rows.iter().all(|(id, _)| *id > 10),
        "edited ones come from the database"
    );
    assert!(!is_stale(database));
    // More than a tenth of the listed postings changed: the database answers, and the copy is
    // to be made again.
    let changed: Vec<(i64, i64)> = (1..=200).map(|id| (id, 1 + i64::from(id <= 30))).collect();
    let now = listed(&changed);
    assert!(word(database, &now, 3, &group("python")).is_none());
    assert!(is_stale(database));
    assert!(claim(database));
    assert!(!claim(database), "one task makes it");
    assert!(!is_stale(database), "being made");
    // Cut off (the database failed): to be made again by the next search.
    release(database, None);
    assert!(is_stale(database));
}

#[test]
fn a_database_without_a_copy_asks_for_one_once() {
    let database = "common-test-wanted";
    assert!(!is_stale(database));
    want(database);
    assert!(is_stale(database), "the next search makes it");
    assert!(claim(database));
    want(database);
    assert!(!is_stale(database), "being made");
    release(database, Some(Builder::default().finish()));
    assert!(!is_stale(database) && copy_of(database).is_some());
}
