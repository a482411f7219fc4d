//! The rules of accounts and sessions. No HTTP here: routes call these with a connection (on the
//! blocking pool) and turn the results into pages and cookies.

use super::jwt::{Claims, JwtKeys};
use super::model::*;
use super::{emails, password, store, tokens};
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::web::i18n::Msg;
use crate::web::{FieldErrors, SessionUser};
use chrono::{Duration, NaiveDateTime, Utc};

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::store::{find_user_by_email, revoke_all_sessions};

/// Failures before an account locks, the window they are counted in, and the lock's length.
pub const LOCKOUT_FAILURES: i64 = 5;
pub const LOCKOUT_WINDOW_MINUTES: i64 = 15;
pub const LOCKOUT_MINUTES: i64 = 15;
/// Lifetimes of emailed links.
pub const VERIFY_LINK_HOURS: i64 = 48;
pub const RESET_LINK_MINUTES: i64 = 60;

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

/// What the auth rules need from the configuration.
#[derive(Clone)]
pub struct AuthConfig {
    pub keys: JwtKeys,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub base_url: String,
    pub secure_cookies: bool,
    /// Read the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error("email or password is incorrect")]
    BadCredentials,
    #[error("account locked until {until}")]
    Locked { until: NaiveDateTime },
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

fn now() -> NaiveDateTime {
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

pub struct SignupInput {
    pub full_name: String,
    pub email: String,
    pub password: String,
    pub role: String,
}

/// Creates the account, emails a verification link and signs the new user in.
pub fn signup(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    input: &SignupInput,
    client: &ClientInfo,
) -> Result<IssuedSession, AuthError> {
    check_rate(conn, SIGNUP_PER_IP, &client.ip)?;
    let email = normalize_email(&input.email);
    let full_name = input.full_name.trim();
    let mut errors = FieldErrors::default();
    if full_name.is_empty() || full_name.chars().count() > 100 {
        errors.add("full_name", "err.full_name");
    }
    if let Some(problem) = email_problem(&email) {
        errors.add("email", problem);
    }
    let role = match Role::parse(input.role.trim()) {
        Some(role) if role != Role::Admin => role,
        _ => {
            errors.add("role", "err.role");
            Role::Student
        }
    };
    if let Some(problem) = password::policy_violation(&input.password, &email) {
        errors.add("password", problem);
    }
    if errors.is_empty() && store::find_user_by_email(conn, &email)?.is_some() {
        errors.add("email", "err.email_taken");
    }
    if !errors.is_empty() {
        return Err(AuthError::Invalid(errors));
    }
    let hash = password::hash(&input.password).map_err(|e| AuthError::Hash(e.to_string()))?;
    let at = now();
    let result = crate::db::transaction(conn, |conn| {
        let user_id = store::insert_user(
            conn,
            &NewUser {
                email: &email,
                password_hash: &hash,
                full_name,
                role: role.as_str(),
                email_verified_at: None,
                created_at: at,
                updated_at: at,
            },
        )?;
        store::set_password(conn, user_id, &hash, at)?;
        send_verification(conn, cfg, user_id, &email, full_name, at)?;
        audit::record(
            conn,
            Event::new("signup", Outcome::Success)
                .actor(Some(user_id), &email)
                .ip(&client.ip)
                .detail(role.as_str()),
        )?;
        issue_session(conn, cfg, user_id, role, None, client, at)
    });
    match result {
        Err(AuthError::Db(e)) if e.is_unique_violation() => {
            // Two sign-ups raced for the same address.
            let mut errors = FieldErrors::default();
            errors.add("email", "err.email_taken");
            Err(AuthError::Invalid(errors))
        }
        other => other,
    }
}

fn send_verification(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user_id: i64,
    email: &str,
    name: &str,
    at: NaiveDateTime,
) -> Result<(), AuthError> {
    store::retire_email_tokens(conn, user_id, TokenPurpose::VerifyEmail, at)?;
    let token = tokens::random_hex_token();
    store::insert_email_token(
        conn,
        &NewEmailToken {
            user_id,
            purpose: TokenPurpose::VerifyEmail.as_str(),
            token_hash: &tokens::hash_token(&token),
            expires_at: at + Duration::hours(VERIFY_LINK_HOURS),
            created_at: at,
        },
    )?;
    let link = format!("{}/verify-email?token={token}", cfg.base_url);
    emails::queue(
        conn,
        email,
        emails::verify_email(name, &link, VERIFY_LINK_HOURS),
    )?;
    Ok(())
}

/// Sends a new verification link (rate-limited per account).
pub fn resend_verification(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user_id: i64,
) -> Result<bool, AuthError> {
    check_rate(conn, RESEND_PER_ACCOUNT, &user_id.to_string())?;
    let Some(user) = store::find_user(conn, user_id)? else {
        return Ok(false);
    };
    if user.is_verified() {
        return Ok(false);
    }
    crate::db::transaction(conn, |conn| {
        send_verification(conn, cfg, user.id, &user.email, &user.full_name, now())
    })?;
    Ok(true)
}

/// Follows a verification link: single use, until it expires.
pub fn verify_email(conn: &mut DbConnection, token: &str) -> Result<i64, AuthError> {
    crate::db::transaction(conn, |conn| {
        let at = now();
        let row =
            store::find_email_token(conn, &tokens::hash_token(token), TokenPurpose::VerifyEmail)?
                .ok_or(AuthError::BadLink)?;
        if row.used_at.is_some()
            || row.expires_at <= at
            || !store::use_email_token(conn, row.id, at)?
        {
            return Err(AuthError::BadLink);
        }
        store::mark_verified(conn, row.user_id, at)?;
        audit::record(
            conn,
            Event::new("email_verified", Outcome::Success)
                .actor(Some(row.user_id), "")
                .target("user", row.user_id),
        )?;
        Ok(row.user_id)
    })
}

/// Checks credentials with lockout and rate limits; on success opens a session.
pub fn login(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    email: &str,
    pass: &str,
    client: &ClientInfo,
) -> Result<(User, IssuedSession), AuthError> {
    let email = normalize_email(email);
    check_rate(conn, LOGIN_PER_IP, &client.ip)?;
    if email.len() > MAX_EMAIL_BYTES {
        // No account has such an address (signup refuses it). Not stored anywhere: as a rate
        // limit key or a logged attempt it would only bloat the tables, and on PostgreSQL it can
        // overflow an index entry and fail the request.
        password::verify_dummy(pass);
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
        password::verify_dummy(pass);
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
    if let Some(until) = user.locked_until.filter(|until| *until > at) {
        audit::record(
            conn,
            Event::new("login", Outcome::Denied)
                .actor(Some(user.id), &email)
                .ip(&client.ip)
                .detail("account locked"),
        )?;
        return Err(AuthError::Locked { until });
    }
    if !password::verify(pass, &user.password_hash) {
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
                emails::queue(
                    conn,
                    &user.email,
                    emails::account_locked(
                        &user.full_name,
                        &client.ip,
                        LOCKOUT_MINUTES,
                        &cfg.base_url,
                    ),
                )?;
                Ok::<_, AuthError>(())
            })?;
            return Err(AuthError::Locked { until });
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
    let session = crate::db::transaction(conn, |conn| {
        attempt(conn, Some(user.id), true)?;
        store::record_login(conn, user.id, at)?;
        audit::record(
            conn,
            Event::new("login", Outcome::Success)
                .actor(Some(user.id), &email)
                .ip(&client.ip),
        )?;
        issue_session(conn, cfg, user.id, role, None, client, at)
    })?;
    Ok((user, session))
}

/// Writes a refresh token (hashed) for a new or continuing family and signs an access token.
fn issue_session(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user_id: i64,
    role: Role,
    family: Option<&str>,
    client: &ClientInfo,
    at: NaiveDateTime,
) -> Result<IssuedSession, AuthError> {
    let family = family
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let refresh_token = tokens::random_hex_token();
    store::insert_refresh_token(
        conn,
        &NewRefreshToken {
            user_id,
            family_id: &family,
            token_hash: &tokens::hash_token(&refresh_token),
            expires_at: at + cfg.refresh_ttl,
            created_at: at,
            user_agent: client.user_agent.as_deref(),
            ip: Some(&client.ip),
        },
    )?;
    let issued_at = at.and_utc().timestamp();
    let claims = Claims {
        sub: user_id.to_string(),
        role,
        sid: family,
        iat: issued_at,
        exp: issued_at + cfg.access_ttl.num_seconds(),
    };
    let access_token = cfg
        .keys
        .sign(&claims)
        .map_err(|e| AuthError::Hash(e.to_string()))?;
    Ok(IssuedSession {
        access_token,
        refresh_token,
        user_id,
        role,
    })
}

/// The outcome of reading a request's session cookies.
#[derive(Debug)]
pub enum SessionState {
    /// No session cookies at all.
    Anonymous,
    /// A valid access token.
    Active(SessionUser),
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
        if let Some(user) = store::find_user(conn, user_id)? {
            if user.is_suspended {
                store::revoke_all_sessions(conn, user.id, "suspended", at)?;
                return Ok(SessionState::Ended);
            }
            if store::family_is_live(conn, user.id, &claims.sid, at)? {
                return Ok(session_user(&user)
                    .map(SessionState::Active)
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
    let Some(row) = store::find_refresh_token(conn, &tokens::hash_token(refresh))? else {
        return Ok(SessionState::Ended);
    };
    if row.revoked_at.is_some() || row.expires_at <= at {
        return Ok(SessionState::Ended);
    }
    if row.rotated_at.is_some() {
        // A rotated token came back: it was copied. End every session of this user.
        crate::db::transaction(conn, |conn| {
            store::revoke_all_sessions(conn, row.user_id, "refresh token reuse", at)?;
            audit::record(
                conn,
                Event::new("refresh_token_reuse", Outcome::Denied)
                    .target("user", row.user_id)
                    .ip(&client.ip)
                    .detail("all sessions revoked"),
            )
        })?;
        return Ok(SessionState::Ended);
    }
    let Some(user) = store::find_user(conn, row.user_id)? else {
        return Ok(SessionState::Ended);
    };
    if user.is_suspended {
        store::revoke_all_sessions(conn, user.id, "suspended", at)?;
        return Ok(SessionState::Ended);
    }
    let Some(session) = session_user(&user) else {
        return Ok(SessionState::Ended);
    };
    let issued = crate::db::transaction(conn, |conn| {
        if !store::mark_rotated(conn, row.id, at)? {
            return Ok(None);
        }
        issue_session(
            conn,
            cfg,
            user.id,
            session.role,
            Some(&row.family_id),
            client,
            at,
        )
        .map(Some)
    })?;
    Ok(match issued {
        Some(issued) => SessionState::Renewed(session, issued),
        None => SessionState::Ended,
    })
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
        .map(|r| store::find_refresh_token(conn, &tokens::hash_token(r)))
        .transpose()?
        .flatten()
    {
        Some(row) => Some((row.user_id, row.family_id)),
        None => access
            .and_then(|a| cfg.keys.verify(a))
            .and_then(|c| Some((c.user_id()?, c.sid))),
    };
    if let Some((user_id, family)) = family {
        store::revoke_family(conn, &family, "logout", at)?;
        audit::record(
            conn,
            Event::new("logout", Outcome::Success)
                .actor(Some(user_id), "")
                .ip(&client.ip),
        )?;
    }
    Ok(())
}

fn check_new_password(
    conn: &mut DbConnection,
    user: &User,
    new_password: &str,
    field: &'static str,
) -> Result<String, AuthError> {
    let mut errors = FieldErrors::default();
    if let Some(problem) = password::policy_violation(new_password, &user.email) {
        errors.add(field, problem);
    } else {
        let recent = store::recent_password_hashes(conn, user.id, password::HISTORY)?;
        if recent.iter().any(|h| password::verify(new_password, h)) {
            errors.add(
                field,
                Msg::new("err.password_reused").with("count", password::HISTORY),
            );
        }
    }
    if !errors.is_empty() {
        return Err(AuthError::Invalid(errors));
    }
    password::hash(new_password).map_err(|e| AuthError::Hash(e.to_string()))
}

/// Changes the password of a signed-in user: every session ends, this browser gets a new one.
pub fn change_password(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user_id: i64,
    current: &str,
    new_password: &str,
    client: &ClientInfo,
) -> Result<IssuedSession, AuthError> {
    let user = store::find_user(conn, user_id)?.ok_or(AuthError::BadCredentials)?;
    if !password::verify(current, &user.password_hash) {
        let mut errors = FieldErrors::default();
        errors.add("current_password", "err.current_password_wrong");
        audit::record(
            conn,
            Event::new("password_change", Outcome::Failure)
                .actor(Some(user.id), &user.email)
                .ip(&client.ip),
        )?;
        return Err(AuthError::Invalid(errors));
    }
    let hash = check_new_password(conn, &user, new_password, "new_password")?;
    let role = user.role().ok_or(AuthError::BadCredentials)?;
    crate::db::transaction(conn, |conn| {
        let at = now();
        store::set_password(conn, user.id, &hash, at)?;
        store::revoke_all_sessions(conn, user.id, "password changed", at)?;
        audit::record(
            conn,
            Event::new("password_change", Outcome::Success)
                .actor(Some(user.id), &user.email)
                .ip(&client.ip),
        )?;
        emails::queue(
            conn,
            &user.email,
            emails::password_changed(&user.full_name, &client.ip, &cfg.base_url),
        )?;
        issue_session(conn, cfg, user.id, role, None, client, at)
    })
}

/// Emails a reset link when the account exists; answers the same either way.
pub fn request_password_reset(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    email: &str,
    client: &ClientInfo,
) -> Result<(), AuthError> {
    check_rate(conn, RESET_PER_IP, &client.ip)?;
    let email = normalize_email(email);
    // Per-account limit exceeded: stay silent, an error would reveal that the account exists.
    if check_rate(conn, RESET_PER_ACCOUNT, &email).is_err() {
        return Ok(());
    }
    let Some(user) = store::find_user_by_email(conn, &email)? else {
        audit::record(
            conn,
            Event::new("password_reset_request", Outcome::Failure)
                .actor(None, &email)
                .ip(&client.ip)
                .detail("unknown email"),
        )?;
        return Ok(());
    };
    if user.is_suspended {
        return Ok(());
    }
    crate::db::transaction(conn, |conn| {
        let at = now();
        store::retire_email_tokens(conn, user.id, TokenPurpose::ResetPassword, at)?;
        let token = tokens::random_hex_token();
        store::insert_email_token(
            conn,
            &NewEmailToken {
                user_id: user.id,
                purpose: TokenPurpose::ResetPassword.as_str(),
                token_hash: &tokens::hash_token(&token),
                expires_at: at + Duration::minutes(RESET_LINK_MINUTES),
                created_at: at,
            },
        )?;
        let link = format!("{}/password/reset?token={token}", cfg.base_url);
        emails::queue(
            conn,
            &user.email,
            emails::reset_password(&user.full_name, &link, RESET_LINK_MINUTES),
        )?;
        audit::record(
            conn,
            Event::new("password_reset_request", Outcome::Success)
                .actor(Some(user.id), &user.email)
                .ip(&client.ip),
        )?;
        Ok(())
    })
}

/// Whether a reset link can still be used (to show the form or an explanation).
pub fn reset_link_is_valid(conn: &mut DbConnection, token: &str) -> Result<bool, AuthError> {
    let row = store::find_email_token(
        conn,
        &tokens::hash_token(token),
        TokenPurpose::ResetPassword,
    )?;
    Ok(row.is_some_and(|r| r.used_at.is_none() && r.expires_at > now()))
}

/// Sets a new password from a reset link: single use, ends every session.
pub fn reset_password(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    token: &str,
    new_password: &str,
    client: &ClientInfo,
) -> Result<(), AuthError> {
    let at = now();
    let row = store::find_email_token(
        conn,
        &tokens::hash_token(token),
        TokenPurpose::ResetPassword,
    )?
    .ok_or(AuthError::BadLink)?;
    if row.used_at.is_some() || row.expires_at <= at {
        return Err(AuthError::BadLink);
    }
    let user = store::find_user(conn, row.user_id)?.ok_or(AuthError::BadLink)?;
    let hash = check_new_password(conn, &user, new_password, "password")?;
    crate::db::transaction(conn, |conn| {
        if !store::use_email_token(conn, row.id, at)? {
            return Err(AuthError::BadLink);
        }
        store::set_password(conn, user.id, &hash, at)?;
        // Following the emailed link proves the address, and the lock no longer protects anything.
        store::mark_verified(conn, user.id, at)?;
        store::set_locked_until(conn, user.id, None)?;
        store::revoke_all_sessions(conn, user.id, "password reset", at)?;
        audit::record(
            conn,
            Event::new("password_reset", Outcome::Success)
                .actor(Some(user.id), &user.email)
                .ip(&client.ip),
        )?;
        emails::queue(
            conn,
            &user.email,
            emails::password_changed(&user.full_name, &client.ip, &cfg.base_url),
        )?;
        Ok(())
    })
}

/// `praktiki create-admin`: creates an admin, or promotes an existing account. Returns
/// (user id, whether it was created).
pub fn create_or_promote_admin(
    conn: &mut DbConnection,
    email: &str,
    pass: &str,
    name: &str,
) -> Result<(i64, bool), AuthError> {
    let email = normalize_email(email);
    let mut errors = FieldErrors::default();
    if let Some(problem) = email_problem(&email) {
        errors.add("email", problem);
    }
    if let Some(problem) = password::policy_violation(pass, &email) {
        errors.add("password", problem);
    }
    if !errors.is_empty() {
        return Err(AuthError::Invalid(errors));
    }
    let hash = password::hash(pass).map_err(|e| AuthError::Hash(e.to_string()))?;
    crate::db::transaction(conn, |conn| {
        let at = now();
        if let Some(user) = store::find_user_by_email(conn, &email)? {
            store::set_role(conn, user.id, Role::Admin, at)?;
            store::set_password(conn, user.id, &hash, at)?;
            store::mark_verified(conn, user.id, at)?;
            store::revoke_all_sessions(conn, user.id, "promoted to admin", at)?;
            audit::record(
                conn,
                Event::new("role_change", Outcome::Success)
                    .actor(None, "cli")
                    .target("user", user.id)
                    .detail("promoted to admin"),
            )?;
            return Ok((user.id, false));
        }
        let id = insert_verified(conn, &email, &hash, name, Role::Admin, at)?;
        audit::record(
            conn,
            Event::new("admin_created", Outcome::Success)
                .actor(None, "cli")
                .target("user", id),
        )?;
        Ok((id, true))
    })
}

/// An account whose email counts as verified (made from the command line, not by sign-up).
fn insert_verified(
    conn: &mut DbConnection,
    email: &str,
    hash: &str,
    name: &str,
    role: Role,
    at: NaiveDateTime,
) -> Result<i64, DbError> {
    let id = store::insert_user(
        conn,
        &NewUser {
            email,
            password_hash: hash,
            full_name: name,
            role: role.as_str(),
            email_verified_at: Some(at),
            created_at: at,
            updated_at: at,
        },
    )?;
    store::set_password(conn, id, hash, at)?;
    Ok(id)
}

/// Creates a verified account for demo data (`praktiki seed-demo`); `None` when the email is
/// already taken, so seeding twice changes nothing.
pub fn create_demo_user(
    conn: &mut DbConnection,
    email: &str,
    hash: &str,
    name: &str,
    role: Role,
) -> Result<Option<i64>, AuthError> {
    let email = normalize_email(email);
    if store::find_user_by_email(conn, &email)?.is_some() {
        return Ok(None);
    }
    let id = insert_verified(conn, &email, hash, name, role, now())?;
    audit::record(
        conn,
        Event::new("signup", Outcome::Success)
            .actor(None, "seed-demo")
            .target("user", id)
            .detail(role.as_str()),
    )?;
    Ok(Some(id))
}

/// Periodic clean-up of expired tokens, old attempts and old rate-limit windows.
pub fn cleanup(conn: &mut DbConnection) -> Result<usize, AuthError> {
    let at = now();
    Ok(store::delete_expired(conn, at, at - Duration::days(1))?)
}
