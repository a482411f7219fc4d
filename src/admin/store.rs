//! Diesel queries of the admin module.

use crate::db::schema::users;
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

pub fn count_users(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(users::table.count().get_result(conn)?)
}
