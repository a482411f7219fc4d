//! Rules of "what we read": the reading and CV score of a student's uploaded resume, and taking
//! the skills she ticks into her profile.

use super::reading::{self, Reading};
use super::score::{self, CvScore};
use super::store;
use crate::db::{DbConnection, DbError, skills};

/// A skill read from the resume, and whether the profile already lists it.
#[derive(Debug, Clone)]
pub struct ReadSkill {
    pub name: String,
    pub in_profile: bool,
}

/// What the resume page shows under the file.
#[derive(Debug, Clone)]
pub struct Findings {
    pub reading: Reading,
    pub skills: Vec<ReadSkill>,
    pub score: CvScore,
}

/// What was read from the student's resume file; `None` without a file with text.
pub fn findings(conn: &mut DbConnection, user_id: i64) -> Result<Option<Findings>, DbError> {
    let Some(student) = crate::profile::store::student_by_user(conn, user_id)? else {
        return Ok(None);
    };
    let Some(text) = store::resume_of(conn, student.id)?.and_then(|r| r.extracted_text) else {
        return Ok(None);
    };
    let reading = read(&text);
    let in_profile: Vec<String> = skills::student_skill_names(conn, student.id)?
        .iter()
        .map(|name| skills::key(name))
        .collect();
    let read_skills = reading
        .skills
        .iter()
        .map(|name| ReadSkill {
            name: name.clone(),
            in_profile: in_profile.contains(&skills::key(name)),
        })
        .collect();
    let score = score::score(&reading);
    Ok(Some(Findings {
        reading,
        skills: read_skills,
        score,
    }))
}

fn read(text: &str) -> Reading {
    let taxonomy = crate::taxonomy::taxonomy();
    let keys: Vec<String> = taxonomy
        .extract_text(text)
        .into_iter()
        .map(|id| taxonomy.key(id).to_string())
        .filter(|key| !key.is_empty())
        .collect();
    reading::read(text, &keys)
}

/// Adds the ticked skills to the profile (only skills the resume holds, so the form cannot be
/// used to add anything else); returns how many were new. The embedding is recomputed.
pub fn add_skills(
    conn: &mut DbConnection,
    user_id: i64,
    ticked: &[String],
) -> Result<usize, DbError> {
    let Some(found) = findings(conn, user_id)? else {
        return Ok(0);
    };
    let Some(student) = crate::profile::store::student_by_user(conn, user_id)? else {
        return Ok(0);
    };
    let wanted: Vec<String> = ticked.iter().map(|name| skills::key(name)).collect();
    let new: Vec<String> = found
        .skills
        .iter()
        .filter(|s| !s.in_profile && wanted.contains(&skills::key(&s.name)))
        .map(|s| s.name.clone())
        .collect();
    if new.is_empty() {
        return Ok(0);
    }
    // Two submissions at once (a double click, two tabs) both write the same rows: the loser
    // of the race hits a unique key and simply runs again on the winner's result.
    let mut attempt = 0;
    loop {
        let result = crate::db::transaction(conn, |conn| {
            let mut all = skills::student_skill_names(conn, student.id)?;
            let before = all.len();
            for name in &new {
                if !all
                    .iter()
                    .any(|have| skills::key(have) == skills::key(name))
                {
                    all.push(name.clone());
                }
            }
            let added = all.len() - before;
            if added > 0 {
                skills::set_student_skills(conn, student.id, &all)?;
                crate::matching::service::profile_changed(conn, student.id)?;
            }
            Ok::<_, DbError>(added)
        });
        match result {
            Err(e) if e.is_unique_violation() && attempt < 3 => attempt += 1,
            other => return other,
        }
    }
}
