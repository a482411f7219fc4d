//! The numbers an admin may tune on `/admin/matching` (the engine's weights, the threshold, how
//! many candidates the reranker sees): each [`Knob`]'s key and range, how a value is parsed and
//! shown, and how stored settings override the configured defaults. Apart from `runtime.rs`
//! (what is in effect on an instance) because these are rules about values, with no state.

use super::ranking::score::MatchWeights;

/// One tunable number of the matching: its `app_settings` key and allowed range.
#[derive(Debug, Clone, Copy)]
pub struct Knob {
    pub key: &'static str,
    pub min: f64,
    pub max: f64,
    /// A whole number (a count), not a weight.
    pub whole: bool,
}

/// Every number an admin may tune, by `app_settings` key (the names of `config/default.toml`
/// where the setting exists there).
pub const KNOBS: [Knob; 8] = [
    Knob::weight("weight_semantic"),
    Knob::weight("weight_skills"),
    Knob::weight("weight_field"),
    Knob::weight("weight_lexical"),
    Knob::weight("weight_location"),
    Knob::weight("weight_feedback"),
    Knob {
        key: "match_threshold",
        min: 0.0,
        max: 1.0,
        whole: false,
    },
    Knob {
        key: "max_rerank_candidates",
        min: 0.0,
        max: 500.0,
        whole: true,
    },
];

impl Knob {
    const fn weight(key: &'static str) -> Knob {
        Knob {
            key,
            min: 0.0,
            max: 10.0,
            whole: false,
        }
    }

    /// The value of this knob in `w`.
    pub fn get(&self, w: &MatchWeights) -> f64 {
        match self.key {
            "weight_semantic" => w.semantic as f64,
            "weight_skills" => w.skills as f64,
            "weight_field" => w.field as f64,
            "weight_lexical" => w.lexical as f64,
            "weight_location" => w.location as f64,
            "weight_feedback" => w.feedback as f64,
            "match_threshold" => w.threshold as f64,
            "max_rerank_candidates" => w.max_rerank_candidates as f64,
            _ => 0.0,
        }
    }

    /// Sets this knob in `w` (the value must already be in range).
    pub fn set(&self, w: &mut MatchWeights, value: f64) {
        let v = value as f32;
        match self.key {
            "weight_semantic" => w.semantic = v,
            "weight_skills" => w.skills = v,
            "weight_field" => w.field = v,
            "weight_lexical" => w.lexical = v,
            "weight_location" => w.location = v,
            "weight_feedback" => w.feedback = v,
            "match_threshold" => w.threshold = v,
            "max_rerank_candidates" => w.max_rerank_candidates = value.round() as usize,
            _ => {}
        }
    }

    /// Parses a value typed by an admin or stored in `app_settings`; `None` when it is not a
    /// number in range (or not whole where it must be).
    pub fn parse(&self, text: &str) -> Option<f64> {
        let value: f64 = text.trim().parse().ok()?;
        let whole_ok = !self.whole || value.fract() == 0.0;
        (value.is_finite() && (self.min..=self.max).contains(&value) && whole_ok).then_some(value)
    }

    /// The value as text for a form or `app_settings`.
    pub fn format(&self, value: f64) -> String {
        if self.whole {
            format!("{}", value.round() as i64)
        } else {
            // f32 precision: 0.45 stays "0.45", not "0.44999998807907104".
            format!("{}", value as f32)
        }
    }
}

/// The configured defaults overridden by stored settings; unknown keys and bad values are
/// ignored (and logged).
pub fn effective_weights(defaults: MatchWeights, rows: &[(String, String)]) -> MatchWeights {
    let mut w = defaults;
    for (key, value) in rows {
        let Some(knob) = KNOBS.iter().find(|k| k.key == key) else {
            continue;
        };
        match knob.parse(value) {
            Some(v) => knob.set(&mut w, v),
            None => tracing::warn!(key = %key, value = %value, "ignoring a bad matching setting"),
        }
    }
    w
}

#[cfg(test)]
#[path = "knobs_tests.rs"]
pub(crate) mod tests;
