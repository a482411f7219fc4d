//! The search's SQL text with its values, built for one backend and run on whichever backend
//! the connection is: placeholders written as `?` or `$n`, values always bound, never spliced.

use crate::db::{DbConnection, DbError};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Integer, Text};

/// A value bound to a placeholder.
pub enum Bind {
    Text(String),
    Int(i32),
    BigInt(i64),
    Date(NaiveDate),
    Ids(Vec<i64>),
}

/// SQL text with its binds, placeholders written for one backend.
pub struct Sql {
    pub pg: bool,
    pub text: String,
    pub binds: Vec<Bind>,
}

impl Sql {
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    /// Appends a placeholder bound to `b`.
    pub fn bind(&mut self, b: Bind) {
        self.binds.push(b);
        if self.pg {
            let cast = match &self.binds[self.binds.len() - 1] {
                Bind::Ids(_) => "::bigint[]",
                _ => "",
            };
            self.text.push_str(&format!("${}{cast}", self.binds.len()));
        } else {
            self.text.push('?');
        }
    }
}

/// Runs `sql` on whichever backend `conn` is.
pub fn load<T>(conn: &mut DbConnection, sql: &mut Sql) -> Result<Vec<T>, DbError>
where
    T: QueryableByName<diesel::sqlite::Sqlite> + QueryableByName<diesel::pg::Pg> + 'static,
{
    let text = std::mem::take(&mut sql.text);
    let binds = std::mem::take(&mut sql.binds);
    Ok(match conn {
        DbConnection::Sqlite(c) => {
            let mut q = diesel::sql_query(text).into_boxed::<diesel::sqlite::Sqlite>();
            for b in binds {
                q = match b {
                    Bind::Text(v) => q.bind::<Text, _>(v),
                    Bind::Int(v) => q.bind::<Integer, _>(v),
                    Bind::BigInt(v) => q.bind::<BigInt, _>(v),
                    Bind::Date(v) => q.bind::<Date, _>(v),
                    // SQLite reads the ids as a JSON array (json_each).
                    Bind::Ids(v) => {
                        q.bind::<Text, _>(serde_json::to_string(&v).unwrap_or_default())
                    }
                };
            }
            q.load::<T>(c)?
        }
        DbConnection::Postgres(c) => {
            let mut q = diesel::sql_query(text).into_boxed::<diesel::pg::Pg>();
            for b in binds {
                q = match b {
                    Bind::Text(v) => q.bind::<Text, _>(v),
                    Bind::Int(v) => q.bind::<Integer, _>(v),
                    Bind::BigInt(v) => q.bind::<BigInt, _>(v),
                    Bind::Date(v) => q.bind::<Date, _>(v),
                    Bind::Ids(v) => q.bind::<Array<BigInt>, _>(v),
                };
            }
            q.load::<T>(c)?
        }
    })
}
