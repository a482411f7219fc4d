//! The search's SQL text with its values, built for one backend and run on whichever backend
//! the connection is: placeholders written as `?` or `$n`, values always bound, never spliced.

use crate::db::{DbConnection, DbError};
use diesel::prelude::*;
use diesel::sql_types::Text;

/// SQL text with its bound values (all text), placeholders written for one backend.
pub struct Sql {
    pub pg: bool,
    pub text: String,
    pub binds: Vec<String>,
}

impl Sql {
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: String) {
        self.binds.push(value);
        if self.pg {
            self.text.push_str(&format!("${}", self.binds.len()));
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
                q = q.bind::<Text, _>(b);
            }
            q.load::<T>(c)?
        }
        DbConnection::Postgres(c) => {
            let mut q = diesel::sql_query(text).into_boxed::<diesel::pg::Pg>();
            for b in binds {
                q = q.bind::<Text, _>(b);
            }
            q.load::<T>(c)?
        }
    })
}
