//! The rules of accounts and sessions. No HTTP here: routes call these with a connection (on the
//! blocking pool) and turn the results into pages and cookies.

use super::jwt::JwtKeys;
use super::model::*;
use super::{emails, password, rotation, store, token_store, tokens};
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::web::{FieldErrors, SessionUser};
use chrono::{Duration, NaiveDateTime, Utc};

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::accounts::*;
pub use super::consent::service::{
    PRIVACY_NOTICE, accept_privacy_notice, consent_path, needs_privacy_consent, record_consent,
};
pub use super::limits::*;
pub use super::recovery::*;
pub use super::signup::*;
pub use super::store::find_user_by_email;
pub use super::token_store::revoke_all_sessions;

/// Failures before an account locks, the window they are counted in, and the lock's length.
pub const LOCKOUT_FAILURES: i64 = 5;
pub const LOCKOUT_WINDOW_MINUTES: i64 = 15;
pub const LOCKOUT_MINUTES: i64 = 15;
/// Lifetimes of emailed links.
pub const VERIFY_LINK_HOURS: i64 = 48;
pub const RESET_LINK_MINUTES: i64 = 60;

/// What the auth rules need from the configuration.
#[derive(Clone)]
pub struct AuthConfig {
    pub keys: JwtKeys,
    /// Derives a refresh token's successor (see [`rotation`]).
    pub successor_key: Vec<u8>,
    pub access_ttl: Duration,
    /// Idle limit: a session unused this long ends.
    pub refresh_ttl: Duration,
    /// Absolute limit: a session ends this long after sign-in, however busy.
    pub session_max_age: Duration,
    /// Key mixed into new password hashes.
    pub pepper: password::Pepper,
    pub base_url: String,
    pub secure_cookies: bool,
    /// Read the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
    /// The privacy notice a sign-up accepts (and a login is asked to accept when it changed).
    pub privacy_notice_version: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error("email or password is incorrect")]
    BadCredentials,
    #[error("account suspended")]
    Suspended,
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    #[error("the link is invalid, used or expired")]
    BadLink,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for AuthError {
    fn from(e: diesel::result::Error) -> Self {
        AuthError::Db(e.into())
    }
}

pub(super) fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// Lower-cased and trimmed: one address, one account.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Longest email address accepted (RFC 5321's limit on a forward path).
const MAX_EMAIL_BYTES: usize = 254;

/// A deliberately simple check: something@domain.tld, no spaces, sane length.
pub fn email_problem(email: &str) -> Option<&'static str> {
    let valid = email.len() <= MAX_EMAIL_BYTES
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if valid {
        None
    } else {
        Some("err.email_format")
    }
}

/// What a correct password leads to.
#[derive(Debug)]
pub enum LoginOutcome {
    /// Signed in: set these cookies.
    SignedIn(User, IssuedSession),
    /// An administrator with a second factor: the code is asked for next (`POST /login/totp`).
    NeedsCode(User),
}

/// Checks credentials with lockout and rate limits; on success opens a session, or asks for the
/// second factor. A locked account answers exactly as a wrong password does (and spends the same
/// bcrypt work): only its owner, by email, learns of the lock.
pub fn login(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    email: &str,
    pass: &str,
    client: &ClientInfo,
) -> Result<LoginOutcome, AuthError> {
    let email = normalize_email(email);
    check_rate(conn, LOGIN_PER_IP, &client.ip)?;
    if email.len() > MAX_EMAIL_BYTES {
        // No account has such an address (signup refuses it). Not stored anywhere: as a rate
        // limit key or a logged attempt it would only bloat the tables, and on PostgreSQL it can
        // overflow an index entry and fail the request.
        password::verify_dummy(&cfg.pepper, pass);
        return Err(AuthError::BadCredentials);
    }
    check_rate(conn, LOGIN_PER_ACCOUNT, &email)?;
    let at = now();
    let attempt = |conn: &mut DbConnection, user_id: Option<i64>, ok: bool| {
        store::insert_login_attempt(
            conn,
            &NewLoginAttempt {
                email: &email,
                user_id,
                ip: &client.ip,
                succeeded: ok,
                created_at: at,
            },
        )
    };
    let Some(user) = store::find_user_by_email(conn, &email)? else {
        password::verify_dummy(&cfg.pepper, pass);
        attempt(conn, None, false)?;
        audit::record(
            conn,
            Event::new("login", Outcome::Failure)
                .actor(None, &email)
                .ip(&client.ip)
                .detail("unknown email"),
        )?;
        return Err(AuthError::BadCredentials);
    };
    let password_ok = password::verify(&cfg.pepper, pass, &user.password_hash);
    if user.locked_until.is_some_and(|until| until > at) {
        attempt(conn, Some(user.id), false)?;
        audit::record(
            conn,
            Event::new("login", Outcome::Denied)
                .actor(Some(user.id), &email)
                .ip(&client.ip)
                .detail("account locked"),
        )?;
        return Err(AuthError::BadCredentials);
    }
    if !password_ok {
        attempt(conn, Some(user.id), false)?;
        audit::record(
            conn,
            Event::new("login", Outcome::Failure)
                .actor(Some(user.id), &email)
                .ip(&client.ip)
                .detail("wrong password"),
        )?;
        // Failures made before the end of an earlier lock don't count again.
        let mut since = at - Duration::minutes(LOCKOUT_WINDOW_MINUTES);
        if let Some(previous) = user.locked_until.filter(|until| *until > since) {
            since = previous;
        }
        if store::count_failures_since(conn, &email, since)? >= LOCKOUT_FAILURES {
            let until = at + Duration::minutes(LOCKOUT_MINUTES);
            crate::db::transaction(conn, |conn| {
                store::set_locked_until(conn, user.id, Some(until))?;
                audit::record(
                    conn,
                    Event::new("account_locked", Outcome::Success)
                        .actor(Some(user.id), &email)
                        .ip(&client.ip)
                        .target("user", user.id),
                )?;
                emails::send(
                    conn,
                    user.id,
                    &emails::account_locked(&client.ip, LOCKOUT_MINUTES, until, &cfg.base_url),
                )?;
                Ok::<_, AuthError>(())
            })?;
        }
        return Err(AuthError::BadCredentials);
    }
    if user.is_suspended {
        audit::record(
            conn,
            Event::new("login", Outcome::Denied)
                .actor(Some(user.id), &email)
                .ip(&client.ip)
                .detail("suspended"),
        )?;
        return Err(AuthError::Suspended);
    }
    let role = user.role().ok_or_else(|| {
        AuthError::Db(DbError::Pool(format!(
            "user {} has an unknown role",
            user.id
        )))
    })?;
    if password::needs_upgrade(&user.password_hash) {
        let upgraded =
            password::hash(&cfg.pepper, pass).map_err(|e| AuthError::Hash(e.to_string()))?;
        store::upgrade_password_hash(conn, user.id, &user.password_hash, &upgraded)?;
    }
    if role == Role::Admin && super::totp::service::is_enrolled(conn, user.id)? {
        attempt(conn, Some(user.id), true)?;
        return Ok(LoginOutcome::NeedsCode(user));
    }
    let session = crate::db::transaction(conn, |conn| {
        attempt(conn, Some(user.id), true)?;
        store::record_login(conn, user.id, at)?;
        audit::record(
            conn,
            Event::new("login", Outcome::Success)
                .actor(Some(user.id), &email)
                .ip(&client.ip),
        )?;
        issue_session(conn, cfg, user.id, role, client, at)
    })?;
    Ok(LoginOutcome::SignedIn(user, session))
}

/// Opens a new session (a new refresh-token family) and signs its access token.
pub(super) fn issue_session(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user_id: i64,
    role: Role,
    client: &ClientInfo,
    at: NaiveDateTime,
) -> Result<IssuedSession, AuthError> {
    rotation::write_session(conn, cfg, user_id, role, None, client, at)
}

/// The outcome of reading a request's session cookies.
#[derive(Debug)]
pub enum SessionState {
    /// No session cookies at all.
    Anonymous,
    /// A valid access token of the session (refresh-token family) named.
    Active(SessionUser, String),
    /// The access token had expired; the refresh token was rotated: set these cookies.
    Renewed(SessionUser, IssuedSession),
    /// Cookies present but no longer valid (expired, revoked, forged, suspended): clear them.
    Ended,
}

fn session_user(user: &User) -> Option<SessionUser> {
    Some(SessionUser {
        id: user.id,
        email: user.email.clone(),
        full_name: user.full_name.clone(),
        role: user.role()?,
        email_verified: user.is_verified(),
    })
}

/// Resolves the session of a request. Access tokens are checked against the database too, so
/// logout, password changes, suspensions and token-reuse revocations take effect at once.
pub fn resolve_session(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    access: Option<&str>,
    refresh: Option<&str>,
    client: &ClientInfo,
) -> Result<SessionState, AuthError> {
    let at = now();
    if let Some(claims) = access.and_then(|token| cfg.keys.verify(token)) {
        let user_id = claims.user_id().unwrap_or_default();
        if let Some((user, live)) = token_store::user_and_family(conn, user_id, &claims.sid, at)? {
            if user.is_suspended {
                token_store::revoke_all_sessions(conn, user.id, "suspended", at)?;
                return Ok(SessionState::Ended);
            }
            if live {
                return Ok(session_user(&user)
                    .map(|u| SessionState::Active(u, claims.sid))
                    .unwrap_or(SessionState::Ended));
            }
        }
    }
    let Some(refresh) = refresh else {
        return Ok(if access.is_some() {
            SessionState::Ended
        } else {
            SessionState::Anonymous
        });
    };
    let Some(row) = token_store::find_refresh_token(conn, &tokens::hash_token(refresh))? else {
        return Ok(SessionState::Ended);
    };
    if row.revoked_at.is_some() || row.expires_at <= at {
        return Ok(SessionState::Ended);
    }
    let Some(user) = store::find_user(conn, row.user_id)? else {
        return Ok(SessionState::Ended);
    };
    if user.is_suspended {
        token_store::revoke_all_sessions(conn, user.id, "suspended", at)?;
        return Ok(SessionState::Ended);
    }
    let Some(session) = session_user(&user) else {
        return Ok(SessionState::Ended);
    };
    rotation::renew(conn, cfg, row, refresh, session, client, at)
}

/// Ends the session these cookies belong to.
pub fn logout(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    access: Option<&str>,
    refresh: Option<&str>,
    client: &ClientInfo,
) -> Result<(), AuthError> {
    let at = now();
    let family = match refresh
        .map(|r| token_store::find_refresh_token(conn, &tokens::hash_token(r)))
        .transpose()?
        .flatten()
    {
        Some(row) => Some((row.user_id, row.family_id)),
        None => access
            .and_then(|a| cfg.keys.verify(a))
            .and_then(|c| Some((c.user_id()?, c.sid))),
    };
    if let Some((user_id, family)) = family {
        token_store::revoke_family(conn, &family, "logout", at)?;
        audit::record(
            conn,
            Event::new("logout", Outcome::Success)
                .actor(Some(user_id), "")
                .ip(&client.ip),
        )?;
    }
    Ok(())
}

/// Periodic clean-up of expired tokens, old attempts and old rate-limit windows.
pub fn cleanup(conn: &mut DbConnection) -> Result<usize, AuthError> {
    let at = now();
    Ok(store::delete_expired(conn, at, at - Duration::days(1))?)
}
