//! Passwords after sign-up: changed while signed in, or reset through an emailed link.

use super::model::*;
use super::service::*;
use super::{emails, password, store, token_store, tokens};
use crate::audit::{self, Event, Outcome};
use crate::db::DbConnection;
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use chrono::Duration;

fn check_new_password(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user: &User,
    new_password: &str,
    field: &'static str,
) -> Result<String, AuthError> {
    let mut errors = FieldErrors::default();
    if let Some(problem) = password::policy_violation(new_password, &[&user.email, &user.full_name])
    {
        errors.add(field, problem);
    } else {
        let recent = store::recent_password_hashes(conn, user.id, password::HISTORY)?;
        if recent
            .iter()
            .any(|h| password::verify(&cfg.pepper, new_password, h))
        {
            errors.add(
                field,
                Msg::new("err.password_reused").with("count", password::HISTORY),
            );
        }
    }
    if !errors.is_empty() {
        return Err(AuthError::Invalid(errors));
    }
    password::hash(&cfg.pepper, new_password).map_err(|e| AuthError::Hash(e.to_string()))
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
    if !password::verify(&cfg.pepper, current, &user.password_hash) {
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
    let hash = check_new_password(conn, cfg, &user, new_password, "new_password")?;
    let role = user.role().ok_or(AuthError::BadCredentials)?;
    crate::db::transaction(conn, |conn| {
        let at = now();
        store::set_password(conn, user.id, &hash, at)?;
        token_store::revoke_all_sessions(conn, user.id, "password changed", at)?;
        audit::record(
            conn,
            Event::new("password_change", Outcome::Success)
                .actor(Some(user.id), &user.email)
                .ip(&client.ip),
        )?;
        emails::send(
            conn,
            user.id,
            &emails::password_changed(&client.ip, &cfg.base_url),
        )?;
        issue_session(conn, cfg, user.id, role, client, at)
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
        token_store::retire_email_tokens(conn, user.id, TokenPurpose::ResetPassword, at)?;
        let token = tokens::random_hex_token();
        token_store::insert_email_token(
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
        emails::send(
            conn,
            user.id,
            &emails::reset_password(&link, RESET_LINK_MINUTES),
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
    let row = token_store::find_email_token(
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
    let row = token_store::find_email_token(
        conn,
        &tokens::hash_token(token),
        TokenPurpose::ResetPassword,
    )?
    .ok_or(AuthError::BadLink)?;
    if row.used_at.is_some() || row.expires_at <= at {
        return Err(AuthError::BadLink);
    }
    let user = store::find_user(conn, row.user_id)?.ok_or(AuthError::BadLink)?;
    let hash = check_new_password(conn, cfg, &user, new_password, "password")?;
    crate::db::transaction(conn, |conn| {
        if !token_store::use_email_token(conn, row.id, at)? {
            return Err(AuthError::BadLink);
        }
        store::set_password(conn, user.id, &hash, at)?;
        // Following the emailed link proves the address, and the lock no longer protects anything.
        store::mark_verified(conn, user.id, at)?;
        store::set_locked_until(conn, user.id, None)?;
        token_store::revoke_all_sessions(conn, user.id, "password reset", at)?;
        audit::record(
            conn,
            Event::new("password_reset", Outcome::Success)
                .actor(Some(user.id), &user.email)
                .ip(&client.ip),
        )?;
        emails::send(
            conn,
            user.id,
            &emails::password_changed(&client.ip, &cfg.base_url),
        )?;
        Ok(())
    })
}
