//! Unit tests of `chart.rs`.

use super::*;

#[test]
fn heights_follow_the_values() {
    let data = vec![
        ("a".to_string(), 4, "4".to_string()),
        ("b".to_string(), 0, "0".to_string()),
        ("c".to_string(), 2, "2".to_string()),
    ];
    let chart = BarChart::new("c", "t".into(), "d".into(), data);
    let h: Vec<f64> = chart
        .bars
        .iter()
        .map(|b| b.height.parse().unwrap())
        .collect();
    assert_eq!(h[0], BarChart::plot_height());
    assert_eq!(h[1], 0.0);
    assert!((h[2] - BarChart::plot_height() / 2.0).abs() < 0.1);
    assert_eq!(chart.max, 4);
}

#[test]
fn an_empty_chart_has_no_bars_and_no_division_by_zero() {
    let chart = BarChart::new("c", "t".into(), "d".into(), Vec::new());
    assert!(chart.bars.is_empty());
    assert_eq!(chart.max, 1);
}
