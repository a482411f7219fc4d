//! Diesel queries of a company's documents: which file is its logo or licence.

use super::service::Doc;
use crate::db::schema::employer_profiles;
use crate::db::{DbConnection, DbError};
use crate::profile::model::EmployerProfile;
use diesel::prelude::*;

pub fn employer(conn: &mut DbConnection, id: i64) -> Result<Option<EmployerProfile>, DbError> {
    Ok(employer_profiles::table
        .find(id)
        .select(EmployerProfile::as_select())
        .first(conn)
        .optional()?)
}

/// Points the company's logo or licence at a file (or none).
pub fn set_file(
    conn: &mut DbConnection,
    employer_id: i64,
    doc: Doc,
    file_id: Option<i64>,
) -> Result<(), DbError> {
    let now = chrono::Utc::now().naive_utc();
    let row = employer_profiles::table.find(employer_id);
    match doc {
        Doc::Logo => diesel::update(row)
            .set((
                employer_profiles::logo_file_id.eq(file_id),
                employer_profiles::updated_at.eq(now),
            ))
            .execute(conn)?,
        Doc::Licence => diesel::update(row)
            .set((
                employer_profiles::license_file_id.eq(file_id),
                employer_profiles::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(())
}
