use super::*;
use crate::internship::search::listed::ListedRow;

/// Listed postings with ids 1..=n (listed index = id - 1).
fn listed(n: i64) -> Listed {
    Listed::new((1..=n).map(ListedRow::plain).collect())
}

fn ids(listed: &Listed, ranked: &[(u32, u32)]) -> Vec<(i64, u32)> {
    ranked
        .iter()
        .map(|&(i, r)| (listed.postings[i as usize].id, r))
        .collect()
}

#[test]
fn a_words_matches_keep_listed_postings_only_sorted_by_index() {
    let l = listed(4);
    let s = scored(&l, vec![(3, -1.0), (99, -9.0), (1, -2.0)]);
    assert_eq!(s, vec![(0, -2.0), (2, -1.0)]);
}

#[test]
fn postings_holding_every_word_rank_by_the_sum_of_their_scores() {
    let l = listed(5);
    let data = Arc::new(scored(&l, vec![(1, -1.0), (2, -2.0), (3, -3.0)]));
    let cleaning = Arc::new(scored(&l, vec![(2, -5.0), (3, -1.0), (4, -1.0)]));
    let ranked = combine(&l, &[data.clone(), cleaning], None);
    // 2: -7, 3: -4; 1 and 4 lack a word.
    assert_eq!(ids(&l, &ranked), vec![(2, 1), (3, 2)]);
    // One word: its own order; equal scores put the newest id first.
    let ties = Arc::new(scored(&l, vec![(1, -1.0), (5, -1.0), (3, -2.0)]));
    assert_eq!(
        ids(&l, &combine(&l, &[ties], None)),
        vec![(3, 1), (5, 2), (1, 3)]
    );
    assert!(combine(&l, &[], None).is_empty());
    assert!(combine(&l, &[data, Arc::new(Vec::new())], None).is_empty());
}

#[test]
fn a_place_keeps_its_postings_and_ranks_among_them() {
    let l = listed(5);
    let word = Arc::new(scored(&l, vec![(1, -3.0), (2, -2.0), (4, -1.0)]));
    let pune = l.set_of(&[2, 4, 5]);
    assert_eq!(
        ids(&l, &combine(&l, &[word], Some(&pune))),
        vec![(2, 1), (4, 2)]
    );
}

#[test]
fn the_lists_of_a_place_rank_as_the_whole_countrys_do_there() {
    // Three words whose lists, read in a place only, are intersected in another order than the
    // country's (their lengths order differently): the same postings, the same ranks.
    let l = listed(9);
    let pune = l.set_of(&[2, 3, 5, 8]);
    let a = scored(&l, vec![(2, -0.1), (3, -0.7), (5, -0.3), (8, -1e-3)]);
    let b = scored(&l, (1..=9).map(|id| (id, -0.3 - id as f64 / 7.0)).collect());
    let c = scored(
        &l,
        vec![
            (1, -0.2),
            (2, -0.9),
            (3, -0.3),
            (5, -0.6),
            (6, -0.1),
            (8, -0.8),
        ],
    );
    let country = [a.clone(), b.clone(), c.clone()].map(Arc::new);
    let in_pune = |s: &Scored| {
        Arc::new(
            s.iter()
                .filter(|(i, _)| pune.contains(*i))
                .copied()
                .collect::<Scored>(),
        )
    };
    let local = [in_pune(&a), in_pune(&b), in_pune(&c)];
    assert_eq!(
        combine(&l, &country, Some(&pune)),
        combine(&l, &local, Some(&pune))
    );
    assert_eq!(combine(&l, &local, Some(&pune)).len(), 4);
}

#[test]
fn lookup_and_merge_intersect_alike() {
    // Every 7th of 10,000 against every 3rd and against 40 of them: both ways, same answer.
    let long: Scored = (0..10_000u32).step_by(3).map(|i| (i, -1.0)).collect();
    let mid: Scored = (0..10_000u32).step_by(7).map(|i| (i, -2.0)).collect();
    let short: Scored = (0..10_000u32).step_by(250).map(|i| (i, -0.5)).collect();
    let wide = |a: &Scored| -> Vec<(u32, f64)> { a.iter().map(|&(i, x)| (i, x.into())).collect() };
    let naive = |a: &Scored, b: &Scored| -> Vec<(u32, f64)> {
        a.iter()
            .filter_map(|&(i, x)| {
                let y = b.iter().find(|(j, _)| *j == i)?.1;
                Some((i, f64::from(x) + f64::from(y)))
            })
            .collect()
    };
    assert_eq!(intersect(&wide(&mid), &long), naive(&mid, &long));
    assert_eq!(intersect(&wide(&short), &long), naive(&short, &long));
    assert!(!intersect(&wide(&short), &long).is_empty());
    assert!(intersect(&[], &long).is_empty());
}
