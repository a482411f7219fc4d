//! Rate limits counted in the database (fixed windows per bucket), shared by every instance.

use super::service::*;
use super::store;
use crate::db::DbConnection;
use chrono::Utc;

/// A fixed-window rate limit: at most `max` hits per `window_secs` per bucket.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i32,
    pub window_secs: i64,
}

pub const LOGIN_PER_IP: Limit = Limit {
    name: "login-ip",
    max: 30,
    window_secs: 900,
};
pub const LOGIN_PER_ACCOUNT: Limit = Limit {
    name: "login-account",
    max: 10,
    window_secs: 900,
};
pub const SIGNUP_PER_IP: Limit = Limit {
    name: "signup-ip",
    max: 10,
    window_secs: 3600,
};
pub const RESET_PER_IP: Limit = Limit {
    name: "reset-ip",
    max: 10,
    window_secs: 3600,
};
pub const RESET_PER_ACCOUNT: Limit = Limit {
    name: "reset-account",
    max: 3,
    window_secs: 3600,
};
pub const RESEND_PER_ACCOUNT: Limit = Limit {
    name: "resend-account",
    max: 3,
    window_secs: 3600,
};

/// Counts a hit against `limit` for `key`; refuses once the window's count passes the maximum.
pub fn check_rate(conn: &mut DbConnection, limit: Limit, key: &str) -> Result<(), AuthError> {
    let now = Utc::now();
    let start_ts = now.timestamp() - now.timestamp().rem_euclid(limit.window_secs);
    let window_start = chrono::DateTime::from_timestamp(start_ts, 0)
        .unwrap_or(now)
        .naive_utc();
    let count = store::hit_counter(conn, &format!("{}:{}", limit.name, key), window_start)?;
    if count > limit.max {
        let retry = (start_ts + limit.window_secs - now.timestamp()).max(1) as u64;
        return Err(AuthError::RateLimited {
            retry_after_secs: retry,
        });
    }
    Ok(())
}
