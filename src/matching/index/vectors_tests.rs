//! Unit tests of `vectors.rs`: the scan against brute force, upserts and removals.

use super::*;

/// Deterministic pseudo-random unit vectors.
pub(crate) fn unit_vectors(n: usize, dim: usize, seed: u64) -> Vec<Vec<f32>> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f32 / (1u64 << 53) as f32 - 0.5
    };
    (0..n)
        .map(|_| {
            let v: Vec<f32> = (0..dim).map(|_| next()).collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.into_iter().map(|x| x / norm).collect()
        })
        .collect()
}

/// Equal within half precision (vectors are stored as f16).
fn close(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= 1e-3 * y.abs().max(1e-2))
}

#[test]
fn top_k_matches_brute_force() {
    let dim = 64;
    let vectors = unit_vectors(3000, dim, 7);
    let mut index: VectorIndex<usize, ()> = VectorIndex::new(dim, 2);
    for (i, v) in vectors.iter().enumerate() {
        index.upsert(i, v, ()).unwrap();
    }
    for (n, q) in unit_vectors(20, dim, 99).iter().enumerate() {
        let fast = index.search(q, 10, |id| *id % 7 == n % 7);
        let exact = index.search_exact(q, 10, |id| *id % 7 == n % 7);
        let rows = |h: &[Hit]| h.iter().map(|h| h.row).collect::<Vec<_>>();
        assert_eq!(rows(&fast), rows(&exact));
        let brute = {
            let mut all: Vec<(f32, usize)> = vectors
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 7 != n % 7)
                .map(|(i, v)| (v.iter().zip(q).map(|(a, b)| a * b).sum(), i))
                .collect();
            all.sort_by(|a, b| b.0.total_cmp(&a.0));
            all.into_iter().take(10).map(|(_, i)| i).collect::<Vec<_>>()
        };
        let ids: Vec<usize> = fast.iter().map(|h| *index.id(h.row).unwrap()).collect();
        assert_eq!(ids, brute);
    }
}

#[test]
fn upsert_replaces_and_remove_keeps_rows_consistent() {
    let dim = 8;
    let vs = unit_vectors(5, dim, 3);
    let mut index: VectorIndex<&str, u32> = VectorIndex::new(dim, 1);
    for (i, id) in ["a", "b", "c", "d"].iter().enumerate() {
        index.upsert(*id, &vs[i], i as u32).unwrap();
    }
    index.upsert("b", &vs[4], 40).unwrap();
    assert_eq!(index.len(), 4);
    assert!(close(&index.vector_of(&"b").unwrap(), &vs[4]));
    assert_eq!(index.remove(&"a"), Some(0));
    assert_eq!(index.remove(&"a"), None);
    assert_eq!(index.len(), 3);
    for (id, v) in [("b", &vs[4]), ("c", &vs[2]), ("d", &vs[3])] {
        assert!(close(&index.vector_of(&id).unwrap(), v));
        let hit = index.search(v, 1, |_| false)[0];
        assert_eq!(index.id(hit.row), Some(&id));
    }
    assert_eq!(
        index.upsert("x", &[1.0; 3], 0),
        Err(IndexError::Dimension { got: 3, want: 8 })
    );
    assert_eq!(
        index.upsert("x", &[f32::NAN; 8], 0),
        Err(IndexError::NotFinite)
    );
    assert!(index.search(&[1.0; 3], 1, |_| false).is_empty());
}

#[test]
fn a_search_within_some_ids_matches_brute_force_over_them() {
    let dim = 32;
    let vectors = unit_vectors(2000, dim, 11);
    let mut index: VectorIndex<usize, ()> = VectorIndex::new(dim, 2);
    for (i, v) in vectors.iter().enumerate() {
        index.upsert(i, v, ()).unwrap();
    }
    // Every third id, out of order, with a repeat and an id the index does not hold.
    let mut among: Vec<usize> = (0..2000).filter(|i| i % 3 == 0).rev().collect();
    among.extend([3, 5000]);
    for q in unit_vectors(10, dim, 5).iter() {
        let found: Vec<usize> = index
            .search_rows(q, 10, &index.rows_of(&among), |id| *id == 0)
            .iter()
            .map(|h| *index.id(h.row).unwrap())
            .collect();
        let mut brute: Vec<(f32, usize)> = (0..2000)
            .filter(|i| i % 3 == 0 && *i != 0)
            .map(|i| (vectors[i].iter().zip(q).map(|(a, b)| a * b).sum(), i))
            .collect();
        brute.sort_by(|a, b| b.0.total_cmp(&a.0));
        let brute: Vec<usize> = brute.into_iter().take(10).map(|(_, i)| i).collect();
        assert_eq!(found, brute);
    }
    assert!(
        index
            .search_rows(&vectors[0], 10, &index.rows_of(&[]), |_| false)
            .is_empty()
    );
}

#[test]
fn queries_scanned_together_find_what_each_finds_alone() {
    // The model's width (the scan's sixteen-row loop), rows removed so that a moved row's sum
    // moves with it, and a query of the wrong width among the others.
    let dim = 384;
    let vectors = unit_vectors(2000, dim, 3);
    let mut index: VectorIndex<usize, ()> = VectorIndex::new(dim, 2);
    for (i, v) in vectors.iter().enumerate() {
        index.upsert(i, v, ()).unwrap();
    }
    for id in (0..2000).step_by(9) {
        index.remove(&id);
    }
    let queries = unit_vectors(5, dim, 41);
    let wrong = vec![0.5f32; 3];
    let mut asked: Vec<&[f32]> = queries.iter().map(Vec::as_slice).collect();
    asked.insert(2, &wrong);
    let mut buffers = vec![vec![1.0; 3]];
    let together = index.search_many(&asked, 10, |id| id % 5 == 0, &mut buffers);
    assert_eq!(together.len(), 6);
    assert!(
        together[2].is_empty(),
        "a query of the wrong width finds nothing"
    );
    for (q, found) in asked.iter().zip(&together) {
        assert_eq!(found, &index.search(q, 10, |id| id % 5 == 0));
        if q.len() == dim {
            let exact = index.search_exact(q, 10, |id| id % 5 == 0);
            let rows = |h: &[Hit]| h.iter().map(|h| h.row).collect::<Vec<_>>();
            assert_eq!(rows(found), rows(&exact));
        }
    }
}
