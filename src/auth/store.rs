//! Diesel queries of the auth module over users, login attempts and rate limits (the token tables
//! are in `token_store.rs`). Plain functions over a connection so the service can compose them
//! inside one transaction.

use super::model::*;
use crate::db::schema::{
    email_tokens, login_attempts, password_history, rate_limit_counters, refresh_tokens, users,
};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn find_user_by_email(conn: &mut DbConnection, email: &str) -> Result<Option<User>, DbError> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_user(conn: &mut DbConnection, id: i64) -> Result<Option<User>, DbError> {
    Ok(users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_user(conn: &mut DbConnection, user: &NewUser<'_>) -> Result<i64, DbError> {
    Ok(diesel::insert_into(users::table)
        .values(user)
        .returning(users::id)
        .get_result(conn)?)
}

pub fn set_password(
    conn: &mut DbConnection,
    user_id: i64,
    hash: &str,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(users::table.find(user_id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)?;
    diesel::insert_into(password_history::table)
        .values(&NewPasswordHistory {
            user_id,
            password_hash: hash,
            created_at: now,
        })
        .execute(conn)?;
    Ok(())
}

/// Replaces a password hash made before the pepper by its peppered equivalent (same password),
/// unless the password changed meanwhile.
pub fn upgrade_password_hash(
    conn: &mut DbConnection,
    user_id: i64,
    old_hash: &str,
    new_hash: &str,
) -> Result<(), DbError> {
    diesel::update(
        users::table
            .find(user_id)
            .filter(users::password_hash.eq(old_hash)),
    )
    .set(users::password_hash.eq(new_hash))
    .execute(conn)?;
    diesel::update(
        password_history::table
            .filter(password_history::user_id.eq(user_id))
            .filter(password_history::password_hash.eq(old_hash)),
    )
    .set(password_history::password_hash.eq(new_hash))
    .execute(conn)?;
    Ok(())
}

/// The most recent password hashes of a user (the current one included).
pub fn recent_password_hashes(
    conn: &mut DbConnection,
    user_id: i64,
    limit: i64,
) -> Result<Vec<String>, DbError> {
    Ok(password_history::table
        .filter(password_history::user_id.eq(user_id))
        .order((
            password_history::created_at.desc(),
            password_history::id.desc(),
        ))
        .limit(limit)
        .select(password_history::password_hash)
        .load(conn)?)
}

pub fn set_role(
    conn: &mut DbConnection,
    user_id: i64,
    role: Role,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(users::table.find(user_id))
        .set((users::role.eq(role.as_str()), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn mark_verified(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(
        users::table
            .find(user_id)
            .filter(users::email_verified_at.is_null()),
    )
    .set((
        users::email_verified_at.eq(Some(now)),
        users::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn set_locked_until(
    conn: &mut DbConnection,
    user_id: i64,
    until: Option<NaiveDateTime>,
) -> Result<(), DbError> {
    diesel::update(users::table.find(user_id))
        .set(users::locked_until.eq(until))
        .execute(conn)?;
    Ok(())
}

pub fn record_login(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(users::table.find(user_id))
        .set(users::last_login_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

// ---- login attempts and rate limits ----

pub fn insert_login_attempt(
    conn: &mut DbConnection,
    attempt: &NewLoginAttempt<'_>,
) -> Result<(), DbError> {
    diesel::insert_into(login_attempts::table)
        .values(attempt)
        .execute(conn)?;
    Ok(())
}

pub fn count_failures_since(
    conn: &mut DbConnection,
    email: &str,
    since: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(login_attempts::table
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::created_at.gt(since))
        .count()
        .get_result(conn)?)
}

/// Adds one hit to a fixed-window counter and returns the window's count. Portable upsert:
/// update, else insert, else (another instance inserted first) update again.
pub fn hit_counter(
    conn: &mut DbConnection,
    bucket: &str,
    window_start: NaiveDateTime,
) -> Result<i32, DbError> {
    let row = rate_limit_counters::table
        .filter(rate_limit_counters::bucket.eq(bucket))
        .filter(rate_limit_counters::window_start.eq(window_start));
    let bump = |conn: &mut DbConnection| {
        diesel::update(row)
            .set(rate_limit_counters::count.eq(rate_limit_counters::count + 1))
            .execute(conn)
    };
    if bump(conn)? == 0 {
        let inserted = crate::db::transaction(conn, |conn| {
            diesel::insert_into(rate_limit_counters::table)
                .values((
                    rate_limit_counters::bucket.eq(bucket),
                    rate_limit_counters::window_start.eq(window_start),
                    rate_limit_counters::count.eq(1),
                ))
                .execute(conn)
        });
        match inserted.map_err(DbError::from) {
            Ok(_) => {}
            Err(e) if e.is_unique_violation() => {
                bump(conn)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(row.select(rate_limit_counters::count).first(conn)?)
}

// ---- clean-up ----

/// Deletes what has expired; returns the number of rows removed.
pub fn delete_expired(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    attempts_before: NaiveDateTime,
) -> Result<usize, DbError> {
    let mut n = diesel::delete(
        email_tokens::table.filter(
            email_tokens::expires_at
                .lt(now)
                .or(email_tokens::used_at.is_not_null()),
        ),
    )
    .execute(conn)?;
    n += diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.lt(now)))
        .execute(conn)?;
    n += diesel::delete(
        login_attempts::table.filter(login_attempts::created_at.lt(attempts_before)),
    )
    .execute(conn)?;
    n += diesel::delete(
        rate_limit_counters::table.filter(rate_limit_counters::window_start.lt(attempts_before)),
    )
    .execute(conn)?;
    Ok(n)
}

/// The language the user's emails and notifications are written in.
pub fn set_preferred_lang(
    conn: &mut DbConnection,
    user_id: i64,
    lang: &str,
) -> Result<(), DbError> {
    diesel::update(users::table.find(user_id))
        .set(users::preferred_lang.eq(lang))
        .execute(conn)?;
    Ok(())
}
