//! Accounts made by the operator: `praktiki create-admin` and the demo users.

use super::model::*;
use super::service::*;
use super::{password, store, token_store};
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::web::FieldErrors;
use chrono::NaiveDateTime;

/// `praktiki create-admin`: creates an admin, or promotes an existing account. Returns
/// (user id, whether it was created).
pub fn create_or_promote_admin(
    conn: &mut DbConnection,
    pepper: &password::Pepper,
    email: &str,
    pass: &str,
    name: &str,
) -> Result<(i64, bool), AuthError> {
    let email = normalize_email(email);
    let mut errors = FieldErrors::default();
    if let Some(problem) = email_problem(&email) {
        errors.add("email", problem);
    }
    if let Some(problem) = password::policy_violation(pass, &[&email, name]) {
        errors.add("password", problem);
    }
    if !errors.is_empty() {
        return Err(AuthError::Invalid(errors));
    }
    let hash = password::hash(pepper, pass).map_err(|e| AuthError::Hash(e.to_string()))?;
    crate::db::transaction(conn, |conn| {
        let at = now();
        if let Some(user) = store::find_user_by_email(conn, &email)? {
            store::set_role(conn, user.id, Role::Admin, at)?;
            store::set_password(conn, user.id, &hash, at)?;
            store::mark_verified(conn, user.id, at)?;
            token_store::revoke_all_sessions(conn, user.id, "promoted to admin", at)?;
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
            preferred_lang: "en",
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
