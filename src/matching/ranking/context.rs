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

/// The context of the student whose account is `user_id`, or `None` when they have no (live)
/// profile. On PostgreSQL one statement (`store::context_in_one`).
pub fn student_context_of_user(
    conn: &mut DbConnection,
    user_id: i64,
    model: &str,
) -> Result<Option<StudentContext>, DbError> {
    if let Some(row) = store::context_in_one(conn, user_id, model)? {
        let Some(row) = row else {
            return Ok(None);
        };
        let reactions = reactions_of(row.saved, row.reactions.clone());
        let excluded = excluded_of(row.applied, &row.reactions);
        return with_cohort(
            conn,
            row.student,
            row.vector.as_deref(),
            reactions,
            excluded,
        );
    }
    match crate::profile::service::student_by_user(conn, user_id)? {
        Some(profile) => student_context(conn, profile.id, model),
        None => Ok(None),
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
        .map(|(_, b)| b);
    let reactions = reactions_of(
        store::saved_ids(conn, student_id)?,
        store::reactions(conn, student_id)?,
    );
    let excluded = store::excluded_for(conn, student_id)?.into_iter().collect();
    with_cohort(conn, student, vector.as_deref(), reactions, excluded)
}

/// Saving an internship says "interested" too: it pulls similar internships up, a little less
/// than a like does. Saved first, then the reactions, oldest first.
fn reactions_of(saved: Vec<i64>, reactions: Vec<(i64, String)>) -> Vec<(i64, FeedbackKind)> {
    saved
        .into_iter()
        .map(|id| (id, FeedbackKind::Saved))
        .chain(
            reactions
                .into_iter()
                .filter_map(|(id, kind)| Some((id, kind_of(&kind)?))),
        )
        .collect()
}

/// Applied to or dismissed: never recommended.
fn excluded_of(applied: Vec<i64>, reactions: &[(i64, String)]) -> HashSet<i64> {
    applied
        .into_iter()
        .chain(
            reactions
                .iter()
                .filter(|(_, kind)| kind == "dismiss")
                .map(|(id, _)| *id),
        )
        .collect()
}

/// The context, with what classmates chose read for a student who lists no skill.
fn with_cohort(
    conn: &mut DbConnection,
    student: crate::matching::embedding::documents::StudentDoc,
    vector: Option<&[u8]>,
    reactions: Vec<(i64, FeedbackKind)>,
    excluded: HashSet<i64>,
) -> Result<Option<StudentContext>, DbError> {
    let course_known = !student.degree.trim().is_empty() && !student.department.trim().is_empty();
    let cohort = if student.skills.is_empty() && course_known {
        let reactions = store::cohort_reactions(
            conn,
            student.id,
            student.degree.trim(),
            student.department.trim(),
        )?;
        super::cohort::scores(&reactions)
    } else {
        Vec::new()
    };
    Ok(Some(StudentContext {
        student,
        vector: vector.map(vector_from_bytes),
        reactions,
        excluded,
        cohort,
    }))
}
