//! Types of the job system.

use crate::db::schema::jobs;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A claimed job.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}
