//! Diesel queries of the applicant page.

use crate::application::model::Application;
use crate::application::store::ApplicantRow;
use crate::db::schema::{applications, student_profiles, users};
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

/// One application with the student's profile fields and contact (as the applicants list has).
pub fn applicant_row(
    conn: &mut DbConnection,
    application_id: i64,
) -> Result<Option<ApplicantRow>, DbError> {
    Ok(applications::table
        .inner_join(student_profiles::table.inner_join(users::table))
        .filter(applications::id.eq(application_id))
        .select((
            Application::as_select(),
            student_profiles::university_name,
            student_profiles::degree,
            student_profiles::current_city,
            users::full_name,
            users::email,
            users::deleted_at,
        ))
        .first(conn)
        .optional()?)
}
