//! Types of the audit log page.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Deserialize;

/// One entry with its actor, as the page shows it.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_email: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<i64>,
    pub ip: Option<String>,
    pub outcome: String,
    pub detail: Option<String>,
    pub created_at: NaiveDateTime,
    /// The actor's account, when the entry names one that still exists: (name, role, email).
    pub actor: Option<(String, String, String)>,
}

impl AuditEntry {
    /// When, in India Standard Time.
    pub fn when_ist(&self) -> String {
        (self.created_at + Duration::minutes(330))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    }
}

/// The filters as typed (`?actor=&action=&from=&to=&page=`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub actor: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub page: Option<i64>,
}

/// The filters read: text trimmed, dates as IST days turned into a UTC range.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub since: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

impl AuditQuery {
    /// The filter, and the names of date fields that are not dates (shown as errors; that
    /// filter is then not applied).
    pub fn filter(&self) -> (AuditFilter, Vec<&'static str>) {
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty() && s.len() <= 200);
        let mut bad = Vec::new();
        let mut day = |field: &'static str, raw: &str| -> Option<NaiveDate> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
            if parsed.is_none() {
                bad.push(field);
            }
            parsed
        };
        // IST midnight is 18:30 UTC the day before.
        let ist_midnight =
            |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t - Duration::minutes(330));
        let since = day("from", &self.from).and_then(ist_midnight);
        let until = day("to", &self.to)
            .and_then(|d| d.succ_opt())
            .and_then(ist_midnight);
        let filter = AuditFilter {
            actor: text(&self.actor).map(|a| a.to_lowercase()),
            action: text(&self.action),
            since,
            until,
        };
        (filter, bad)
    }

    /// The query string of these filters for page `page`.
    pub fn with_page(&self, page: i64) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("actor", &self.actor),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.trim().is_empty() {
                out.append_pair(k, v.trim());
            }
        }
        out.append_pair("page", &page.to_string());
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_indian_days_and_bad_ones_are_named() {
        let q = AuditQuery {
            from: "2026-12-02".into(),
            to: "2026-12-02".into(),
            ..Default::default()
        };
        let (f, bad) = q.filter();
        assert!(bad.is_empty());
        assert_eq!(f.since.unwrap().to_string(), "2026-12-01 18:30:00");
        assert_eq!(f.until.unwrap().to_string(), "2026-12-02 18:30:00");
        let (f, bad) = AuditQuery {
            from: "yesterday".into(),
            ..Default::default()
        }
        .filter();
        assert_eq!(bad, vec!["from"]);
        assert!(f.since.is_none());
    }
}
