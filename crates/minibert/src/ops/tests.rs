//! GELU, softmax and layer norm on every kernel path this CPU has, against formulas computed in
//! f64. Also run by the application's tests through [`crate::check_kernels`] (feature
//! `self-check`).

use super::*;

fn erf_f64(x: f64) -> f64 {
    // Maclaurin series up to |x| ≤ 3, complement's continued fraction beyond: exact enough.
    if x.abs() > 3.0 {
        let t = x.abs();
        let mut f = 0.0;
        for k in (1..60).rev() {
            f = (k as f64 / 2.0) / (t + f);
        }
        let erfc = (-t * t).exp() / (std::f64::consts::PI.sqrt() * (t + f));
        return (1.0 - erfc).copysign(x);
    }
    let (mut term, mut total) = (x, x);
    for n in 1..200 {
        term *= -x * x / n as f64;
        total += term / (2 * n + 1) as f64;
    }
    total * 2.0 / std::f64::consts::PI.sqrt()
}

#[cfg_attr(test, test)]
pub(crate) fn exp_is_accurate_over_the_softmax_range() {
    for i in 0..=200_000 {
        let x = -87.0 + i as f32 * (95.0 / 200_000.0);
        let want = (x as f64).exp();
        let got = exp(x) as f64;
        assert!(
            (got - want).abs() <= 3e-7 * want,
            "exp({x}) = {got}, want {want}"
        );
    }
    assert!(exp(f32::NEG_INFINITY) < 1e-37);
    assert!(exp(-1000.0) < 1e-37);
}

#[cfg_attr(test, test)]
pub(crate) fn erf_and_gelu_are_accurate() {
    for i in 0..=20_000 {
        let x = -8.0 + i as f32 * (16.0 / 20_000.0);
        let want = erf_f64(x as f64);
        assert!(
            (erf(x) as f64 - want).abs() <= 1e-6,
            "erf({x}) = {}, want {want}",
            erf(x)
        );
    }
    let xs: Vec<f32> = (0..1001).map(|i| -10.0 + i as f32 * 0.02).collect();
    for kernels in crate::gemm::tests::kernel_paths() {
        let mut fast = xs.clone();
        gelu(kernels, &mut fast);
        let mut plain = xs.clone();
        gelu_generic(&mut plain);
        for ((&x, &f), &p) in xs.iter().zip(&fast).zip(&plain) {
            let want = x as f64 * 0.5 * (1.0 + erf_f64(x as f64 / std::f64::consts::SQRT_2));
            assert!(
                (f as f64 - want).abs() <= 1e-6 * (1.0 + want.abs()),
                "gelu({x}) on {kernels:?}"
            );
            assert!((f - p).abs() <= 1e-6 * (1.0 + p.abs()));
        }
    }
}

#[cfg_attr(test, test)]
pub(crate) fn softmax_and_layer_norm_match_plain_formulas_on_odd_lengths() {
    for kernels in crate::gemm::tests::kernel_paths() {
        for len in [1usize, 3, 17, 31, 255, 384] {
            let xs: Vec<f32> = (0..len)
                .map(|i| ((i * 7919) % 101) as f32 * 0.13 - 6.0)
                .collect();
            // One column of a matrix 5 wide (another column holds other values).
            let mut matrix = vec![0f32; len * 5];
            for (i, &x) in xs.iter().enumerate() {
                matrix[i * 5 + 3] = x;
                matrix[i * 5 + 1] = -x;
            }
            let (mut max, mut sums) = (vec![0f32; 5], vec![0f32; 5]);
            softmax_columns(kernels, &mut matrix, 5, &mut max, &mut sums);
            let top = xs.iter().cloned().fold(f32::MIN, f32::max) as f64;
            let total: f64 = xs.iter().map(|&x| (x as f64 - top).exp()).sum();
            for (i, &x) in xs.iter().enumerate() {
                let want = (x as f64 - top).exp() / total;
                let got = matrix[i * 5 + 3] as f64;
                assert!(
                    (got - want).abs() <= 1e-6 * want + 1e-9,
                    "softmax len {len} on {kernels:?}"
                );
            }
            let gamma: Vec<f32> = (0..len).map(|i| 1.0 + i as f32 * 0.01).collect();
            let beta: Vec<f32> = (0..len).map(|i| i as f32 * -0.02).collect();
            let mut y = xs.clone();
            layer_norm(kernels, &mut y, &gamma, &beta, 1e-12);
            let mean = xs.iter().map(|&x| x as f64).sum::<f64>() / len as f64;
            let var = xs.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / len as f64;
            for i in 0..len {
                let want =
                    (xs[i] as f64 - mean) / (var + 1e-12).sqrt() * gamma[i] as f64 + beta[i] as f64;
                assert!(
                    (y[i] as f64 - want).abs() <= 1e-5 * (1.0 + want.abs()),
                    "layer norm len {len} on {kernels:?}"
                );
            }
        }
    }
}
