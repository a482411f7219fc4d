//! Bar charts drawn on the server as inline SVG (no JavaScript): this computes the geometry,
//! `templates/partials/bar_chart.html` draws it (so Askama escapes every label). Bars' heights
//! are proportional to their values; the value axis has a zero and a top tick; every bar carries
//! its value and label in a `<title>` for screen readers and hover.

/// The drawing's size in SVG units (it scales to the width of its box).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
/// Room for the value axis (left) and the category labels (bottom).
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 34.0;

/// One bar as drawn.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    /// Shown in the bar's `<title>` (the value with its unit, say "12 %").
    pub value_text: String,
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    /// Whether its label is written under the axis (every label when they fit, else some).
    pub labelled: bool,
    pub label_x: String,
}

/// A chart ready to draw.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// Unique on the page (links `<title>`/`<desc>` through aria-labelledby).
    pub id: String,
    pub title: String,
    pub desc: String,
    pub bars: Vec<Bar>,
    pub max: i64,
    pub view_box: String,
    pub axis_x1: String,
    pub axis_x2: String,
    pub base_y: String,
    pub top_y: String,
    pub label_y: String,
    pub tick_x: String,
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

impl BarChart {
    /// A chart of `data` (label, value, value text), in order. `title` and `desc` are already in
    /// the page's language.
    pub fn new(id: &str, title: String, desc: String, data: Vec<(String, i64, String)>) -> Self {
        let plot_w = WIDTH - LEFT - RIGHT;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let max = data.iter().map(|d| d.1).max().unwrap_or(0).max(1);
        let count = data.len().max(1) as f64;
        let slot = plot_w / count;
        let gap = (slot * 0.2).min(6.0);
        // At most about twelve labels fit under the axis; the others stay in the titles.
        let every = (data.len() / 12).max(1);
        let last = data.len().saturating_sub(1);
        let bars = data
            .into_iter()
            .enumerate()
            .map(|(i, (label, value, value_text))| {
                let h = value.max(0) as f64 / max as f64 * plot_h;
                let x = LEFT + slot * i as f64 + gap / 2.0;
                Bar {
                    label,
                    value,
                    value_text,
                    x: n(x),
                    y: n(TOP + plot_h - h),
                    width: n((slot - gap).max(1.0)),
                    height: n(h),
                    labelled: i % every == 0 || i == last,
                    label_x: n(x + (slot - gap) / 2.0),
                }
            })
            .collect();
        BarChart {
            id: id.to_string(),
            title,
            desc,
            bars,
            max,
            view_box: format!("0 0 {WIDTH} {HEIGHT}"),
            axis_x1: n(LEFT),
            axis_x2: n(WIDTH - RIGHT),
            base_y: n(TOP + plot_h),
            top_y: n(TOP),
            label_y: n(HEIGHT - BOTTOM + 16.0),
            tick_x: n(LEFT - 6.0),
        }
    }

    /// The height of a full bar (the plot area), for tests and readers of the geometry.
    pub fn plot_height() -> f64 {
        HEIGHT - TOP - BOTTOM
    }
}

#[cfg(test)]
#[path = "chart_tests.rs"]
mod tests;
