//! Form validation results shared by every module: a form with errors is re-rendered with the
//! user's values and one message per field.

use std::collections::BTreeMap;

/// Per-field messages for a form that is re-rendered with the user's values.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(pub BTreeMap<&'static str, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The message for `field`, or empty (templates print it only when non-empty).
    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map(String::as_str).unwrap_or("")
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
}
