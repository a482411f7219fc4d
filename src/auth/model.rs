//! Types of the auth module.

/// A user's role lives with the session that carries it (`web` decides navigation and guards by
/// it); auth stores and checks it.
pub use crate::web::session::Role;

use crate::db::schema::{email_tokens, login_attempts, password_history, refresh_tokens, users};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A row of `users`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub full_name: String,
    pub role: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub is_suspended: bool,
    pub locked_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl User {
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }
    pub fn is_verified(&self) -> bool {
        self.email_verified_at.is_some()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub full_name: &'a str,
    pub role: &'a str,
    pub email_verified_at: Option<NaiveDateTime>,
    pub preferred_lang: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = password_history)]
pub struct NewPasswordHistory<'a> {
    pub user_id: i64,
    pub password_hash: &'a str,
    pub created_at: NaiveDateTime,
}

/// What an emailed token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_tokens)]
pub struct EmailToken {
    pub id: i64,
    pub user_id: i64,
    pub purpose: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = email_tokens)]
pub struct NewEmailToken<'a> {
    pub user_id: i64,
    pub purpose: &'a str,
    pub token_hash: &'a str,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshToken {
    pub id: i64,
    pub user_id: i64,
    pub family_id: String,
    pub expires_at: NaiveDateTime,
    pub rotated_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub session_started_at: Option<NaiveDateTime>,
}

impl RefreshToken {
    /// When the sign-in that opened this session happened (older rows lack the column).
    pub fn started_at(&self) -> NaiveDateTime {
        self.session_started_at.unwrap_or(self.created_at)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    pub user_id: i64,
    pub family_id: &'a str,
    pub token_hash: &'a str,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub user_agent: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub session_started_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = login_attempts)]
pub struct NewLoginAttempt<'a> {
    pub email: &'a str,
    pub user_id: Option<i64>,
    pub ip: &'a str,
    pub succeeded: bool,
    pub created_at: NaiveDateTime,
}

/// Where a request came from, for rate limits, the audit log and session records.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: Option<String>,
}

/// A new session: the signed access token and the opaque refresh token, for the cookies.
#[derive(Debug, Clone)]
pub struct IssuedSession {
    pub access_token: String,
    pub refresh_token: String,
    pub user_id: i64,
    pub role: Role,
    /// The session (refresh-token family) these tokens belong to.
    pub family: String,
}
