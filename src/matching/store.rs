//! Diesel queries of the matching module.

use crate::db::schema::jobs;
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

/// Queues a (re)embedding of one entity; a pending job for the same entity is reused.
pub fn queue_embedding(conn: &mut DbConnection, entity: &str, id: i64) -> Result<(), DbError> {
    let key = format!("embed:{entity}:{id}");
    let pending: i64 = jobs::table
        .filter(jobs::dedupe_key.eq(&key))
        .filter(jobs::status.eq("queued"))
        .count()
        .get_result(conn)?;
    if pending > 0 {
        return Ok(());
    }
    // A finished job keeps its key; free it so the new one can take it.
    diesel::update(jobs::table.filter(jobs::dedupe_key.eq(&key)))
        .set(jobs::dedupe_key.eq(None::<String>))
        .execute(conn)?;
    let now = chrono::Utc::now().naive_utc();
    diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq("embed"),
            jobs::payload.eq(serde_json::json!({ "entity": entity, "id": id }).to_string()),
            jobs::run_at.eq(now),
            jobs::dedupe_key.eq(Some(key)),
            jobs::created_at.eq(now),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
