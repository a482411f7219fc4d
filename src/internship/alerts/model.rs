//! Types of saved searches.

use crate::db::schema::saved_searches;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A row of `saved_searches`: `query` is the search page's own query string.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = saved_searches)]
pub struct SavedSearch {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub query: String,
    pub checked_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}
