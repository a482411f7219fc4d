//! Types of the second factor.

use crate::db::schema::{totp_recovery_codes, user_totp};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A row of `user_totp`: the shared secret (base32) and whether its enrolment was confirmed.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_totp)]
pub struct UserTotp {
    pub user_id: i64,
    pub secret: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub last_used_step: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = user_totp)]
pub struct NewUserTotp<'a> {
    pub user_id: i64,
    pub secret: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = totp_recovery_codes)]
pub struct NewRecoveryCode<'a> {
    pub user_id: i64,
    pub code_hash: &'a str,
    pub created_at: NaiveDateTime,
}

/// What the enrolment page shows: the QR code (an SVG document) and the secret for manual entry.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub qr_svg: String,
    pub secret_base32: String,
}
