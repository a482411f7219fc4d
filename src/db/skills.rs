//! Skills as normalised rows shared by students and internships (never comma-separated text).

use super::schema::{internship_skills, skills, student_skills};
use super::{DbConnection, DbError};
use diesel::prelude::*;

/// Splits a comma/semicolon/newline separated list typed by a person into distinct names.
pub fn parse_list(input: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    input
        .split([',', ';', '\n'])
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty() && s.chars().count() <= 60)
        .filter(|s| seen.insert(key(s)))
        .take(40)
        .collect()
}

/// The canonical key of a skill name (synonyms resolved by the skill taxonomy).
pub fn key(name: &str) -> String {
    crate::taxonomy::canonical(name)
}

/// Ids of the named skills, creating the missing ones.
pub fn ensure(conn: &mut DbConnection, names: &[String]) -> Result<Vec<i64>, DbError> {
    let mut ids = Vec::with_capacity(names.len());
    for name in names {
        let k = key(name);
        if k.is_empty() {
            continue;
        }
        // Typed by several people at once, a new name is inserted once: the others' inserts
        // do nothing (PostgreSQL waits for the first to commit), and all read the same row.
        let now = chrono::Utc::now().naive_utc();
        crate::on_backend!(conn, |c| diesel::insert_into(skills::table)
            .values((
                skills::name.eq(&k),
                skills::display_name.eq(name),
                skills::created_at.eq(now),
            ))
            .on_conflict(skills::name)
            .do_nothing()
            .execute(c))?;
        let id: i64 = skills::table
            .filter(skills::name.eq(&k))
            .select(skills::id)
            .first(conn)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

pub fn set_student_skills(
    conn: &mut DbConnection,
    student_id: i64,
    names: &[String],
) -> Result<(), DbError> {
    let ids = ensure(conn, names)?;
    diesel::delete(student_skills::table.filter(student_skills::student_id.eq(student_id)))
        .execute(conn)?;
    for skill_id in ids {
        // Two saves of the same profile at once both delete, then both insert.
        crate::on_backend!(conn, |c| diesel::insert_into(student_skills::table)
            .values((
                student_skills::student_id.eq(student_id),
                student_skills::skill_id.eq(skill_id),
            ))
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(())
}

/// Adds one skill to a student's (`false` when they have it already). The table's key
/// (student, skill) keeps a concurrent second add from duplicating it: that one fails with a
/// unique violation, which callers treat as done.
pub fn add_student_skill(
    conn: &mut DbConnection,
    student_id: i64,
    name: &str,
) -> Result<bool, DbError> {
    let Some(skill_id) = ensure(conn, &[name.to_string()])?.into_iter().next() else {
        return Ok(false);
    };
    let has: i64 = student_skills::table
        .filter(student_skills::student_id.eq(student_id))
        .filter(student_skills::skill_id.eq(skill_id))
        .count()
        .get_result(conn)?;
    if has > 0 {
        return Ok(false);
    }
    diesel::insert_into(student_skills::table)
        .values((
            student_skills::student_id.eq(student_id),
            student_skills::skill_id.eq(skill_id),
        ))
        .execute(conn)?;
    Ok(true)
}

pub fn set_internship_skills(
    conn: &mut DbConnection,
    internship_id: i64,
    names: &[String],
) -> Result<(), DbError> {
    let ids = ensure(conn, names)?;
    diesel::delete(
        internship_skills::table.filter(internship_skills::internship_id.eq(internship_id)),
    )
    .execute(conn)?;
    for skill_id in ids {
        crate::on_backend!(conn, |c| diesel::insert_into(internship_skills::table)
            .values((
                internship_skills::internship_id.eq(internship_id),
                internship_skills::skill_id.eq(skill_id),
            ))
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(())
}

pub fn student_skill_names(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Vec<String>, DbError> {
    Ok(student_skills::table
        .inner_join(skills::table)
        .filter(student_skills::student_id.eq(student_id))
        .order(skills::display_name.asc())
        .select(skills::display_name)
        .load(conn)?)
}

/// Skill names of many internships at once: (internship id, display name).
pub fn internship_skill_names(
    conn: &mut DbConnection,
    internship_ids: &[i64],
) -> Result<Vec<(i64, String)>, DbError> {
    if internship_ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = internship_skills::table
        .inner_join(skills::table)
        .order(skills::display_name.asc())
        .select((internship_skills::internship_id, skills::display_name));
    // One posting (its page) by equality: SQLite's `IN (?, …)` of a list is a new statement
    // for every length, which Diesel does not keep prepared, and parsing it again cost more
    // than running it.
    Ok(match internship_ids {
        [id] => query
            .filter(internship_skills::internship_id.eq(*id))
            .load(conn)?,
        ids => query
            .filter(internship_skills::internship_id.eq_any(ids))
            .load(conn)?,
    })
}
