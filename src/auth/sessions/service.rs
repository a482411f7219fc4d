//! Rules of the sessions page: what a session is shown as, and ending sessions (audited).

use super::model::SessionView;
use super::store;
use crate::audit::{self, Event, Outcome};
use crate::auth::model::ClientInfo;
use crate::auth::service::AuthError;
use crate::db::DbConnection;
use chrono::{FixedOffset, NaiveDateTime, Offset, Utc};

/// The user's live sessions; `current` (this request's session) is marked and listed first.
pub fn list(
    conn: &mut DbConnection,
    user_id: i64,
    current: &str,
) -> Result<Vec<SessionView>, AuthError> {
    let now = Utc::now().naive_utc();
    let mut views: Vec<SessionView> = store::live_sessions(conn, user_id, now)?
        .into_iter()
        .map(|s| SessionView {
            this_device: s.family_id == current,
            device: s.user_agent.as_deref().and_then(describe_device),
            ip: s.ip.unwrap_or_default(),
            last_seen: in_ist(s.last_seen),
            started: in_ist(s.started_at.unwrap_or(s.last_seen)),
            id: s.family_id,
        })
        .collect();
    views.sort_by_key(|v| !v.this_device);
    Ok(views)
}

/// Ends one of the user's sessions (never the current one: that is what "log out" is for).
/// Returns whether a session was ended.
pub fn end_one(
    conn: &mut DbConnection,
    user_id: i64,
    current: &str,
    family: &str,
    client: &ClientInfo,
) -> Result<bool, AuthError> {
    if family == current {
        return Ok(false);
    }
    let now = Utc::now().naive_utc();
    crate::db::transaction(conn, |conn| {
        let ended = store::end_session(conn, user_id, family, now)? > 0;
        if ended {
            audit::record(
                conn,
                Event::new("session_ended", Outcome::Success)
                    .actor(Some(user_id), "")
                    .ip(&client.ip)
                    .detail("one other session"),
            )?;
        }
        Ok(ended)
    })
}

/// Ends every session of the user but this one; returns how many tokens were revoked.
pub fn end_others(
    conn: &mut DbConnection,
    user_id: i64,
    current: &str,
    client: &ClientInfo,
) -> Result<usize, AuthError> {
    let now = Utc::now().naive_utc();
    crate::db::transaction(conn, |conn| {
        let ended = store::end_others(conn, user_id, current, now)?;
        audit::record(
            conn,
            Event::new("session_ended", Outcome::Success)
                .actor(Some(user_id), "")
                .ip(&client.ip)
                .detail("all other sessions"),
        )?;
        Ok(ended)
    })
}

/// A stored UTC time as Indian Standard Time.
fn in_ist(at: NaiveDateTime) -> String {
    // +05:30 is a valid offset; the fallback (UTC) is never used.
    let ist = FixedOffset::east_opt(5 * 3600 + 30 * 60).unwrap_or_else(|| Utc.fix());
    at.and_utc()
        .with_timezone(&ist)
        .format("%d %b %Y, %H:%M IST")
        .to_string()
}

/// "Browser on system" from a User-Agent header; `None` when neither is recognised. Order
/// matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
pub fn describe_device(user_agent: &str) -> Option<String> {
    const BROWSERS: [(&str, &str); 8] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("reqwest", "reqwest"),
    ];
    const SYSTEMS: [(&str, &str); 7] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let find = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(marker, _)| user_agent.contains(marker))
            .map(|(_, name)| *name)
    };
    match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(browser), Some(system)) => Some(format!("{browser} · {system}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named() {
        let chrome_android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
        assert_eq!(
            describe_device(chrome_android).as_deref(),
            Some("Chrome · Android")
        );
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0";
        assert_eq!(describe_device(edge).as_deref(), Some("Edge · Windows"));
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_device(safari).as_deref(), Some("Safari · iOS"));
        assert_eq!(describe_device("something else"), None);
    }

    #[test]
    fn times_are_shown_in_ist() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(20, 0, 0))
            .expect("a valid time");
        assert_eq!(in_ist(at), "03 Dec 2026, 01:30 IST");
    }
}
