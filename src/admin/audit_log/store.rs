//! Diesel queries of the audit log page.

use super::model::{AuditEntry, AuditFilter};
use crate::db::schema::{audit_log, users};
use crate::db::{DbConnection, DbError, lower};
use chrono::NaiveDateTime;
use diesel::prelude::*;

type Row = (
    i64,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    String,
    Option<String>,
    NaiveDateTime,
    Option<(String, String, String)>,
);

/// One page of entries matching `filter`, newest first, with the total count.
pub fn entries(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuditEntry>, i64), DbError> {
    let build = || {
        let mut query = audit_log::table.left_join(users::table).into_boxed();
        if let Some(action) = &filter.action {
            query = query.filter(audit_log::action.eq(action.clone()));
        }
        if let Some(actor) = &filter.actor {
            let pattern = format!("%{actor}%");
            query = query.filter(
                lower(users::full_name)
                    .like(pattern.clone())
                    .or(lower(users::email).like(pattern))
                    .or(users::role.eq(actor.clone())),
            );
        }
        if let Some(since) = filter.since {
            query = query.filter(audit_log::created_at.ge(since));
        }
        if let Some(until) = filter.until {
            query = query.filter(audit_log::created_at.lt(until));
        }
        query
    };
    let total = build().count().get_result(conn)?;
    let rows: Vec<Row> = build()
        .order(audit_log::id.desc())
        .limit(limit)
        .offset(offset)
        .select((
            audit_log::id,
            audit_log::actor_email,
            audit_log::action,
            audit_log::target_type,
            audit_log::target_id,
            audit_log::ip,
            audit_log::outcome,
            audit_log::detail,
            audit_log::created_at,
            (users::full_name, users::role, users::email).nullable(),
        ))
        .load(conn)?;
    let entries = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.0,
            actor_email: r.1,
            action: r.2,
            target_type: r.3,
            target_id: r.4,
            ip: r.5,
            outcome: r.6,
            detail: r.7,
            created_at: r.8,
            actor: r.9,
        })
        .collect();
    Ok((entries, total))
}
