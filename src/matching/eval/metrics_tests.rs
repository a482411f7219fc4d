//! Unit tests of `metrics.rs`.

use super::*;

fn rel(pairs: &[(usize, u8)]) -> HashMap<usize, u8> {
    pairs.iter().copied().collect()
}

#[test]
fn ndcg_by_hand() {
    // Relevances 3 at rank 2 and 1 at rank 1; ideal puts the 3 first.
    let g = rel(&[(7, 3), (4, 1)]);
    let dcg = 1.0 / 2f64.log2() + 7.0 / 3f64.log2();
    let idcg = 7.0 / 2f64.log2() + 1.0 / 3f64.log2();
    let got = ndcg_at_10(&[4, 7, 1], &g).unwrap();
    assert!((got - dcg / idcg).abs() < 1e-12);
    assert_eq!(ndcg_at_10(&[7, 4], &g), Some(1.0));
    assert_eq!(ndcg_at_10(&[1, 2], &HashMap::new()), None);
    // Past rank 10 nothing counts.
    let far: Vec<usize> = (100..110).chain([7]).collect();
    assert_eq!(ndcg_at_10(&far, &g), Some(0.0));
}

#[test]
fn mrr_counts_only_relevance_two_and_up() {
    let g = rel(&[(1, 1), (2, 2), (3, 3)]);
    assert_eq!(reciprocal_rank(&[1, 5, 2, 3], &g), Some(1.0 / 3.0));
    assert_eq!(reciprocal_rank(&[3], &g), Some(1.0));
    assert_eq!(reciprocal_rank(&[1], &rel(&[(1, 1)])), None);
}

#[test]
fn recall_caps_the_denominator_at_ten() {
    let g: HashMap<usize, u8> = (0..20).map(|i| (i, 2)).collect();
    let top: Vec<usize> = (0..10).collect();
    assert_eq!(recall_at_10(&top, &g), Some(1.0));
    let g = rel(&[(1, 2), (2, 3), (3, 1)]);
    assert_eq!(recall_at_10(&[1, 3, 9], &g), Some(0.5));
}

#[test]
fn averages_skip_students_without_relevant_items() {
    let a = rel(&[(1, 3)]);
    let b = HashMap::new();
    let m = average(&[(vec![1], &a), (vec![1], &b)]);
    assert_eq!(m.ndcg10, 1.0);
    assert_eq!(m.mrr, 1.0);
}
