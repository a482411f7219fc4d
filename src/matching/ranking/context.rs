//! What ranking needs to know about one student — profile, stored vector, own reactions, what
//! is never shown, and what classmates chose — read in one go on the blocking pool.

use crate::db::{DbConnection, DbError};
use crate::matching::embedding::documents::{StudentDoc, vector_from_bytes};
use crate::matching::model::FeedbackKind;
use crate::matching::store;
use std::collections::HashSet;

/// What ranking needs to know about one student, read in one go on the blocking pool.
pub struct StudentContext {
    pub student: StudentDoc,
    /// The stored embedding of the profile (absent until the embedding job has run).
    pub vector: Option<Vec<f32>>,
    /// The student's reactions, oldest first: they steer the feedback part.
    pub reactions: Vec<(i64, FeedbackKind)>,
    /// Applied to or dismissed: never recommended.
    pub excluded: HashSet<i64>,
    /// How students of the same course reacted to internships, best first (read for a student
    /// who lists no skill; it counts for a cold start only).
    pub cohort: Vec<(i64, f32)>,
}

fn kind_of(kind: &str) -> Option<FeedbackKind> {
    match kind {
        "like" => Some(FeedbackKind::Like),
        "dismiss" => Some(FeedbackKind::Dismiss),
        "apply" => Some(FeedbackKind::Applied),
        "view" => Some(FeedbackKind::Viewed),
        _ => None,
    }
}

/// The context of `student_id`, or `None` when they have no (live) profile.
pub fn student_context(
    conn: &mut DbConnection,
    student_id: i64,
    model: &str,
) -> Result<Option<StudentContext>, DbError> {
    let Some(student) = store::student_doc(conn, student_id)? else {
        return Ok(None);
    };
    let vector = store::embeddings_of(conn, "student", model, &[student_id])?
        .into_iter()
        .next()
        .map(|(_, b)| vector_from_bytes(&b));
    // Saving an internship says "interested" too: it pulls similar internships up, a little
    // less than a like does.
    let reactions = store::saved_ids(conn, student_id)?
        .into_iter()
        .map(|id| (id, FeedbackKind::Saved))
        .chain(
            store::reactions(conn, student_id)?
                .into_iter()
                .filter_map(|(id, kind)| Some((id, kind_of(&kind)?))),
        )
        .collect();
    let excluded = store::excluded_for(conn, student_id)?.into_iter().collect();
    let course_known = !student.degree.trim().is_empty() && !student.department.trim().is_empty();
    let cohort = if student.skills.is_empty() && course_known {
        let reactions = store::cohort_reactions(
            conn,
            student_id,
            student.degree.trim(),
            student.department.trim(),
        )?;
        super::cohort::scores(&reactions)
    } else {
        Vec::new()
    };
    Ok(Some(StudentContext {
        student,
        vector,
        reactions,
        excluded,
        cohort,
    }))
}
