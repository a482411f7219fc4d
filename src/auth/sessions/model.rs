//! Types of the sessions page.

use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The live refresh token of one session (its newest, unrotated one).
#[derive(Debug, Clone, Queryable)]
pub struct LiveSession {
    pub family_id: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// When the token was issued: at sign-in or at the last renewal (so within one access-token
    /// lifetime of the last request).
    pub last_seen: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
}

/// One line of the sessions page.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub id: String,
    /// "Firefox on Windows"; `None` when the browser did not say (the page says so in words).
    pub device: Option<String>,
    pub ip: String,
    /// Indian Standard Time, as shown.
    pub last_seen: String,
    pub started: String,
    pub this_device: bool,
}
