//! The institute's side of its students: the list, one student's page (more once confirmed),
//! confirming or rejecting a student's link (audited, the student told). The student's side of
//! the link is `linking.rs`.

use super::model::*;
use super::service::{InstituteError, verified_institute};
use super::{link_store, students_store};
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, skills};
use crate::notify::notify;
use crate::web::SessionUser;
use crate::web::i18n::Msg;
use crate::web::pagination::Pagination;

/// One page of the institute's students (waiting for confirmation first) and their number.
pub fn students(
    conn: &mut DbConnection,
    user: &SessionUser,
    page: Pagination,
) -> Result<(Vec<LinkedStudent>, i64), InstituteError> {
    let institute = verified_institute(conn, user)?;
    Ok(students_store::linked_students(
        conn,
        institute.id,
        page.limit(),
        page.offset(),
    )?)
}

/// One of the institute's students: name and email while unconfirmed; profile, skills and
/// applications once confirmed. Anyone else's student is "not found".
pub fn student(
    conn: &mut DbConnection,
    user: &SessionUser,
    student_id: i64,
) -> Result<StudentView, InstituteError> {
    let institute = verified_institute(conn, user)?;
    let student = students_store::linked_student(conn, institute.id, student_id)?
        .ok_or(InstituteError::NotFound)?;
    let record = match students_store::confirmed_record(conn, institute.id, student_id)? {
        Some(record) => {
            let skills = skills::student_skill_names(conn, student_id)?;
            let applications =
                students_store::confirmed_applications(conn, institute.id, Some(student_id))?;
            Some((record, skills, applications))
        }
        None => None,
    };
    Ok(StudentView { student, record })
}

/// The institute confirms that a linked student studies there; the student is told in the app.
/// Returns the student's name.
pub fn confirm_student(
    conn: &mut DbConnection,
    user: &SessionUser,
    student_id: i64,
) -> Result<String, InstituteError> {
    decide_student(conn, user, student_id, true)
}

/// The institute says a linked student is not its student: the link is removed (the student
/// may link again with the right code). Returns the student's name.
pub fn reject_student(
    conn: &mut DbConnection,
    user: &SessionUser,
    student_id: i64,
) -> Result<String, InstituteError> {
    decide_student(conn, user, student_id, false)
}

fn decide_student(
    conn: &mut DbConnection,
    user: &SessionUser,
    student_id: i64,
    confirm: bool,
) -> Result<String, InstituteError> {
    let institute = verified_institute(conn, user)?;
    crate::db::transaction(conn, |conn| {
        let student = students_store::linked_student(conn, institute.id, student_id)?
            .ok_or(InstituteError::NotFound)?;
        if confirm && student.confirmed() {
            return Ok(student.name);
        }
        let now = chrono::Utc::now().naive_utc();
        let changed = if confirm {
            link_store::confirm(conn, institute.id, student_id, now)?
        } else {
            link_store::unlink(conn, institute.id, student_id)?
        };
        if changed == 0 {
            return Err(InstituteError::NotFound);
        }
        let (action, message) = if confirm {
            (
                "institute_student_confirmed",
                Msg::new("notice.student_confirmed").with("institute", &institute.institute_name),
            )
        } else {
            (
                "institute_student_rejected",
                Msg::new("notice.student_not_confirmed")
                    .with("institute", &institute.institute_name),
            )
        };
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(user.id), &user.email)
                .target("student", student_id),
        )?;
        if let Some((student_user, _, _)) =
            crate::application::service::student_user(conn, student_id)?
        {
            notify(conn, student_user, "institute", &message, Some("/profile"))?;
        }
        Ok(student.name)
    })
}
