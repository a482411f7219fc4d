//! Sign-up and email verification: rules of a new account, its first link, its first login.

use super::model::*;
use super::service::*;
use super::{emails, password, store, token_store, tokens};
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::web::FieldErrors;
use chrono::{Duration, NaiveDateTime};

pub struct SignupInput {
    pub full_name: String,
    pub email: String,
    pub password: String,
    pub role: String,
    /// The page's language: every email and notification is written in it.
    pub lang: crate::web::i18n::Lang,
}

/// Creates the account and emails a verification link. An address that already has an account
/// gets the same answer (and the same work: a password hash and an email), and its owner is told
/// by email instead, so sign-up never reveals whether an account exists.
pub fn signup(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    input: &SignupInput,
    client: &ClientInfo,
) -> Result<(), AuthError> {
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
    if let Some(problem) = password::policy_violation(&input.password, &[&email, full_name]) {
        errors.add("password", problem);
    }
    if !errors.is_empty() {
        return Err(AuthError::Invalid(errors));
    }
    let hash =
        password::hash(&cfg.pepper, &input.password).map_err(|e| AuthError::Hash(e.to_string()))?;
    let at = now();
    if let Some(owner) = store::find_user_by_email(conn, &email)? {
        return tell_owner_of_signup(conn, cfg, &owner, client);
    }
    let result = crate::db::transaction(conn, |conn| {
        let user_id = store::insert_user(
            conn,
            &NewUser {
                email: &email,
                password_hash: &hash,
                full_name,
                role: role.as_str(),
                email_verified_at: None,
                preferred_lang: input.lang.code(),
                created_at: at,
                updated_at: at,
            },
        )?;
        store::set_password(conn, user_id, &hash, at)?;
        super::consent::service::accept_privacy_notice(conn, user_id, &cfg.privacy_notice_version)?;
        send_verification(conn, cfg, user_id, at)?;
        audit::record(
            conn,
            Event::new("signup", Outcome::Success)
                .actor(Some(user_id), &email)
                .ip(&client.ip)
                .detail(role.as_str()),
        )?;
        Ok(())
    });
    match result {
        Err(AuthError::Db(e)) if e.is_unique_violation() => {
            // Two sign-ups raced for the same address: the other one created it.
            match store::find_user_by_email(conn, &email)? {
                Some(owner) => tell_owner_of_signup(conn, cfg, &owner, client),
                None => Err(AuthError::Db(e)),
            }
        }
        other => other,
    }
}

/// Someone signed up with an address that has an account: its owner hears of it, the caller
/// learns nothing.
fn tell_owner_of_signup(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    owner: &User,
    client: &ClientInfo,
) -> Result<(), AuthError> {
    crate::db::transaction(conn, |conn| {
        emails::send(conn, owner.id, &emails::signup_existing(&cfg.base_url))?;
        audit::record(
            conn,
            Event::new("signup", Outcome::Denied)
                .actor(Some(owner.id), &owner.email)
                .ip(&client.ip)
                .detail("email already registered"),
        )?;
        Ok(())
    })
}

fn send_verification(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user_id: i64,
    at: NaiveDateTime,
) -> Result<(), AuthError> {
    token_store::retire_email_tokens(conn, user_id, TokenPurpose::VerifyEmail, at)?;
    let token = tokens::random_hex_token();
    token_store::insert_email_token(
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
    emails::send(
        conn,
        user_id,
        &emails::verify_email(&link, VERIFY_LINK_HOURS),
    )?;
    Ok(())
}

/// Whether `password` is the user's (a sensitive action asks for it again).
pub fn password_matches(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user_id: i64,
    password: &str,
) -> Result<bool, DbError> {
    Ok(store::find_user(conn, user_id)?
        .is_some_and(|user| password::verify(&cfg.pepper, password, &user.password_hash)))
}

/// Remembers the language the user switched to: later emails and notifications use it.
pub fn set_preferred_lang(
    conn: &mut DbConnection,
    user_id: i64,
    lang: crate::web::i18n::Lang,
) -> Result<(), DbError> {
    store::set_preferred_lang(conn, user_id, lang.code())
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
    crate::db::transaction(conn, |conn| send_verification(conn, cfg, user.id, now()))?;
    Ok(true)
}

/// Follows a verification link: single use, until it expires.
pub fn verify_email(conn: &mut DbConnection, token: &str) -> Result<i64, AuthError> {
    crate::db::transaction(conn, |conn| {
        let at = now();
        let row = token_store::find_email_token(
            conn,
            &tokens::hash_token(token),
            TokenPurpose::VerifyEmail,
        )?
        .ok_or(AuthError::BadLink)?;
        if row.used_at.is_some()
            || row.expires_at <= at
            || !token_store::use_email_token(conn, row.id, at)?
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
