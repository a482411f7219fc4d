//! A thin profile asks for what would sharpen its list most: the recommendations page of a cold
//! start (no skill listed, fewer than two named) suggests two or three skills in demand in their
//! plausible fields, each added to the profile in one click.

use crate::db::{DbConnection, DbError};

/// Longest skill name a suggestion click may add (the profile form's own limit).
const MAX_SKILL_CHARS: usize = 60;

/// Adds `skill` to the student's skills (nothing when they have it) and queues their
/// re-embedding; `false` when the name is empty or too long. Two clicks at once add it once:
/// the skill rows' keys decide (`db::skills::add_student_skill`).
pub fn add_suggested_skill(
    conn: &mut DbConnection,
    student_id: i64,
    skill: &str,
) -> Result<bool, DbError> {
    let name = skill.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > MAX_SKILL_CHARS {
        return Ok(false);
    }
    let added = crate::db::transaction(conn, |conn| {
        if crate::db::skills::add_student_skill(conn, student_id, &name)? {
            crate::matching::embedding::jobs::profile_changed(conn, student_id)?;
        }
        Ok::<_, DbError>(())
    });
    match added {
        // Another click added the same skill (or created its row) first: it is there.
        Err(e) if e.is_unique_violation() => Ok(true),
        other => other.map(|()| true),
    }
}
