//! Types of bulk triage and message templates.

use crate::db::schema::message_templates;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

/// A row of `message_templates`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = message_templates)]
pub struct MessageTemplate {
    pub id: i64,
    pub employer_id: i64,
    pub title: String,
    pub body: String,
    pub updated_at: NaiveDateTime,
}

/// The template form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TemplateForm {
    pub title: String,
    pub body: String,
}

/// What a bulk move does to every selected application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    Shortlist,
    Reject,
    Interview,
}

impl BulkAction {
    pub fn parse(text: &str) -> Option<BulkAction> {
        match text.trim() {
            "shortlist" => Some(BulkAction::Shortlist),
            "reject" => Some(BulkAction::Reject),
            "interview" => Some(BulkAction::Interview),
            _ => None,
        }
    }
}

/// `POST /employer/internships/{id}/applicants/bulk`, read from the repeated fields.
#[derive(Debug, Clone, Default)]
pub struct BulkForm {
    pub application_ids: Vec<i64>,
    pub action: String,
    pub template_id: Option<i64>,
    pub message: String,
}

impl BulkForm {
    /// Reads the form's pairs (`application_ids` repeats); ids that are not numbers are dropped
    /// (they cannot name an application).
    pub fn from_pairs(pairs: &[(String, String)]) -> BulkForm {
        let mut form = BulkForm::default();
        for (key, value) in pairs {
            match key.as_str() {
                "application_ids" => {
                    if let Ok(id) = value.trim().parse() {
                        form.application_ids.push(id);
                    }
                }
                "action" => form.action = value.clone(),
                "template_id" => form.template_id = value.trim().parse().ok(),
                "message" => form.message = value.clone(),
                _ => {}
            }
        }
        form.application_ids.sort_unstable();
        form.application_ids.dedup();
        form
    }
}

/// What a bulk move did.
#[derive(Debug, Clone, Default)]
pub struct BulkOutcome {
    pub moved: usize,
    /// Applications left as they were (their status does not allow the move).
    pub skipped: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_are_read_once_and_junk_is_dropped() {
        let pairs: Vec<(String, String)> = [
            ("application_ids", "3"),
            ("application_ids", "1"),
            ("application_ids", "3"),
            ("application_ids", "x"),
            ("action", "reject"),
            ("template_id", "7"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let form = BulkForm::from_pairs(&pairs);
        assert_eq!(form.application_ids, vec![1, 3]);
        assert_eq!(BulkAction::parse(&form.action), Some(BulkAction::Reject));
        assert_eq!(form.template_id, Some(7));
    }
}
