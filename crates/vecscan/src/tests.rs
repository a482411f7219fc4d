//! The kernels against plain computations, and an ignored timing run for development.

use super::*;

#[test]
fn quantised_dot_products_are_close() {
    let a: Vec<f32> = (0..384)
        .map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0)
        .collect();
    let b: Vec<f32> = (0..384)
        .map(|i| ((i * 53 % 97) as f32 - 48.0) / 48.0)
        .collect();
    let (mut qa, mut qb) = (vec![0i8; 384], vec![0i8; 384]);
    let sa = quantize(&a, &mut qa);
    let sb = quantize(&b, &mut qb);
    let exact = dot_f32(&a, &b);
    let approx = dot_i8(&qa, &qb) as f32 * sa * sb;
    let seq: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
    assert!((exact - seq).abs() < 1e-3);
    assert!(
        (exact - approx).abs() < 0.02 * a.len() as f32 / 10.0,
        "{exact} {approx}"
    );
}

#[test]
fn zero_vectors_quantise_to_zero() {
    let mut q = vec![1i8; 4];
    assert_eq!(quantize(&[0.0; 4], &mut q), 0.0);
    assert_eq!(q, vec![0; 4]);
}

#[test]
fn scans_agree_single_and_multi_threaded() {
    let dim = 24;
    let rows = 10_000;
    let codes: Vec<i8> = (0..rows * dim).map(|i| ((i * 31) % 255) as i8).collect();
    let scales: Vec<f32> = (0..rows).map(|r| 1.0 + r as f32 * 1e-4).collect();
    let q: Vec<i8> = (0..dim).map(|i| i as i8 - 12).collect();
    let (mut one, mut two) = (Vec::new(), Vec::new());
    scan_i8(&codes, &scales, dim, &q, 0.5, 1, &mut one);
    scan_i8(&codes, &scales, dim, &q, 0.5, 2, &mut two);
    assert_eq!(one, two);
    assert_eq!(one.len(), rows);
}

#[test]
fn top_k_is_sorted() {
    let s = [0.1, 0.9, f32::NAN, 0.5, 0.9, 0.3];
    assert_eq!(top_k(&s, 3), vec![1, 4, 3]);
    assert_eq!(top_k(&s, 0), Vec::<usize>::new());
    assert_eq!(top_k(&s, 10).len(), 5);
}

#[test]
#[ignore = "timing; run with --ignored --nocapture"]
fn scan_speed() {
    let dim = 384;
    let rows = 100_000;
    let codes: Vec<i8> = (0..rows * dim).map(|i| ((i * 31) % 255) as i8).collect();
    let scales = vec![1.0f32; rows];
    let q: Vec<i8> = (0..dim).map(|i| (i % 200) as i8).collect();
    let mut out = Vec::new();
    for threads in [1, 2] {
        let t = std::time::Instant::now();
        for _ in 0..10 {
            scan_i8(&codes, &scales, dim, &q, 1.0, threads, &mut out);
        }
        eprintln!(
            "scan 100k x 384, {threads} thread(s): {:?}",
            t.elapsed() / 10
        );
    }
    let t = std::time::Instant::now();
    let top = top_k(&out, 72);
    eprintln!("top_k: {:?} {}", t.elapsed(), top.len());
}

#[test]
fn a_scan_of_some_rows_scores_as_the_full_scan() {
    let dim = 16;
    let rows = 300;
    let codes: Vec<i8> = (0..rows * dim).map(|i| ((i * 17) % 251) as i8).collect();
    let scales: Vec<f32> = (0..rows).map(|r| 0.5 + r as f32 * 1e-3).collect();
    let q: Vec<i8> = (0..dim).map(|i| 3 * i as i8 - 20).collect();
    let mut all = Vec::new();
    scan_i8(&codes, &scales, dim, &q, 0.25, 1, &mut all);
    let some = [3, 7, 150, 299, 300];
    let mut out = Vec::new();
    scan_rows_i8(&codes, &scales, dim, &some, &q, 0.25, &mut out);
    assert_eq!(&out[..4], &[all[3], all[7], all[150], all[299]]);
    assert!(out[4].is_nan(), "a row past the matrix is never a hit");
}
