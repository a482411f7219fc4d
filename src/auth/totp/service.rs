//! Rules of the second factor: enrolment (a fresh secret, confirmed by a first code, then ten
//! recovery codes shown once and stored hashed) and the code step of an administrator's sign-in
//! (rate-limited, audited, each code and each recovery code good once).

use super::model::{Enrolment, NewRecoveryCode, NewUserTotp};
use super::store;
use crate::audit::{self, Event, Outcome};
use crate::auth::model::{ClientInfo, IssuedSession, User};
use crate::auth::service::{self as auth, AuthConfig, AuthError, Limit};
use crate::auth::{store as auth_store, tokens};
use crate::db::DbConnection;
use crate::web::FieldErrors;
use chrono::{NaiveDateTime, Utc};
use rand::RngCore;
use totp_rs::{Algorithm, Secret, TOTP};

/// Wrong codes allowed per account before a pause (on top of the login limits).
pub const CODE_PER_ACCOUNT: Limit = Limit {
    name: "totp-account",
    max: 5,
    window_secs: 300,
};
pub const RECOVERY_CODES: usize = 10;
const ISSUER: &str = "Praktiki";
/// Seconds per code (RFC 6238's default, what every authenticator app assumes).
const STEP_SECONDS: u64 = 30;
/// Codes of the previous and next step are accepted too (clock drift).
const SKEW_STEPS: i64 = 1;

fn totp_for(secret_base32: &str, account: &str) -> Result<TOTP, AuthError> {
    let bytes = Secret::Encoded(secret_base32.to_string())
        .to_bytes()
        .map_err(|e| AuthError::Hash(format!("stored TOTP secret unreadable: {e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        0,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_string()),
        account.to_string(),
    )
    .map_err(|e| AuthError::Hash(format!("TOTP setup: {e}")))
}

/// Whether the user confirmed a second factor (the admin area opens, sign-in asks for a code).
pub fn is_enrolled(conn: &mut DbConnection, user_id: i64) -> Result<bool, AuthError> {
    Ok(store::find(conn, user_id)?.is_some_and(|t| t.confirmed_at.is_some()))
}

/// The secret to enrol (made once, the same on every reload until confirmed), or `None` when
/// the user is enrolled already.
pub fn start_enrolment(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<Enrolment>, AuthError> {
    let user = auth_store::find_user(conn, user_id)?.ok_or(AuthError::BadCredentials)?;
    let mut raw = [0u8; 20];
    rand::rng().fill_bytes(&mut raw);
    let fresh = Secret::Raw(raw.to_vec()).to_encoded().to_string();
    store::insert_if_absent(
        conn,
        &NewUserTotp {
            user_id: user.id,
            secret: &fresh,
            created_at: now(),
        },
    )?;
    let Some(row) = store::find(conn, user.id)? else {
        return Ok(None);
    };
    if row.confirmed_at.is_some() {
        return Ok(None);
    }
    let totp = totp_for(&row.secret, &user.email)?;
    let qr_svg = qrcode::QrCode::new(totp.get_url().as_bytes())
        .map_err(|e| AuthError::Hash(format!("QR code: {e}")))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    Ok(Some(Enrolment {
        qr_svg,
        secret_base32: row.secret,
    }))
}

/// Confirms the enrolment with a first code; returns the recovery codes to show (once).
pub fn confirm_enrolment(
    conn: &mut DbConnection,
    user_id: i64,
    code: &str,
    client: &ClientInfo,
) -> Result<Vec<String>, AuthError> {
    let user = &auth_store::find_user(conn, user_id)?.ok_or(AuthError::BadCredentials)?;
    auth::check_rate(conn, CODE_PER_ACCOUNT, &user.id.to_string())?;
    let row = store::find(conn, user.id)?.ok_or_else(|| wrong_code("totp.start_again"))?;
    if row.confirmed_at.is_some() {
        return Err(wrong_code("totp.already"));
    }
    let totp = totp_for(&row.secret, &user.email)?;
    if matching_step(&totp, code, 0).is_none() {
        record_failure(conn, user, client, "enrolment")?;
        return Err(wrong_code("totp.code_wrong"));
    }
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
    crate::db::transaction(conn, |conn| {
        let at = now();
        if !store::confirm(conn, user.id, at)? {
            return Err(wrong_code("totp.already"));
        }
        let rows: Vec<NewRecoveryCode<'_>> = hashes
            .iter()
            .map(|h| NewRecoveryCode {
                user_id: user.id,
                code_hash: h,
                created_at: at,
            })
            .collect();
        store::insert_recovery_codes(conn, &rows)?;
        audit::record(
            conn,
            Event::new("totp_enrolled", Outcome::Success)
                .actor(Some(user.id), &user.email)
                .ip(&client.ip),
        )?;
        Ok(codes)
    })
}

/// The code step of a sign-in: a current code (each good once) or an unused recovery code opens
/// the session.
pub fn complete_login(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user_id: i64,
    code: &str,
    client: &ClientInfo,
) -> Result<IssuedSession, AuthError> {
    auth::check_rate(conn, CODE_PER_ACCOUNT, &user_id.to_string())?;
    let user = auth_store::find_user(conn, user_id)?.ok_or(AuthError::BadCredentials)?;
    let role = user.role().ok_or(AuthError::BadCredentials)?;
    if user.is_suspended {
        return Err(AuthError::Suspended);
    }
    let row = store::find(conn, user.id)?
        .filter(|r| r.confirmed_at.is_some())
        .ok_or(AuthError::BadCredentials)?;
    let totp = totp_for(&row.secret, &user.email)?;
    let at = now();
    let accepted = match matching_step(&totp, code, row.last_used_step) {
        Some(step) => store::use_step(conn, user.id, step)?,
        None => {
            let normalized = normalize_recovery(code);
            normalized.len() == RECOVERY_LEN
                && store::use_recovery_code(conn, user.id, &recovery_hash(&normalized), at)?
        }
    };
    if !accepted {
        record_failure(conn, &user, client, "login")?;
        return Err(wrong_code("totp.code_wrong"));
    }
    crate::db::transaction(conn, |conn| {
        auth_store::record_login(conn, user.id, at)?;
        audit::record(
            conn,
            Event::new("login", Outcome::Success)
                .actor(Some(user.id), &user.email)
                .ip(&client.ip)
                .detail("second factor"),
        )?;
        auth::issue_session(conn, cfg, user.id, role, client, at)
    })
}

fn record_failure(
    conn: &mut DbConnection,
    user: &User,
    client: &ClientInfo,
    during: &str,
) -> Result<(), AuthError> {
    audit::record(
        conn,
        Event::new("totp_code", Outcome::Failure)
            .actor(Some(user.id), &user.email)
            .ip(&client.ip)
            .detail(during),
    )?;
    Ok(())
}

fn wrong_code(key: &'static str) -> AuthError {
    let mut errors = FieldErrors::default();
    errors.add("code", key);
    AuthError::Invalid(errors)
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// The time step whose code `code` is (now, or one step either side), if it is later than
/// `after` (a code is good once).
fn matching_step(totp: &TOTP, code: &str, after: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let current = (Utc::now().timestamp() as u64 / STEP_SECONDS) as i64;
    (current - SKEW_STEPS..=current + SKEW_STEPS)
        .filter(|step| *step > after && *step >= 0)
        .find(|step| {
            let expected = totp.generate(*step as u64 * STEP_SECONDS);
            crate::web::csrf::constant_time_eq(&expected, &code)
        })
}

/// Characters of a recovery code (no 0/o, 1/l/i to misread).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_LEN: usize = 10;

/// A recovery code as shown: `xxxxx-xxxxx` (about 49 bits).
fn recovery_code() -> String {
    let mut bytes = [0u8; RECOVERY_LEN];
    rand::rng().fill_bytes(&mut bytes);
    let chars: String = bytes
        .iter()
        .map(|b| RECOVERY_ALPHABET[*b as usize % RECOVERY_ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

fn normalize_recovery(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Stored form of a recovery code: SHA-256 (they are random, not chosen, so a slow hash adds
/// nothing).
fn recovery_hash(code: &str) -> String {
    tokens::hash_token(&normalize_recovery(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_their_step_once() {
        let secret = Secret::Raw(vec![7u8; 20]).to_encoded().to_string();
        let totp = totp_for(&secret, "admin@example.in").unwrap();
        let now = Utc::now().timestamp() as u64;
        let code = totp.generate(now);
        let step = matching_step(&totp, &code, 0).expect("current code");
        assert!(matching_step(&totp, &code, step).is_none(), "used once");
        assert!(matching_step(&totp, "12345", 0).is_none());
        assert!(
            matching_step(&totp, &totp.generate(now - 600), 0).is_none(),
            "too old"
        );
    }

    #[test]
    fn recovery_codes_normalise() {
        let code = recovery_code();
        assert_eq!(code.len(), RECOVERY_LEN + 1);
        assert_eq!(
            recovery_hash(&code),
            recovery_hash(&code.to_uppercase().replace('-', " "))
        );
    }
}
