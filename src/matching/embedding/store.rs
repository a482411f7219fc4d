//! Queries of the embedding stage: the embed job queue, the documents the model reads (a
//! student's profile and resume, an internship's posting), stored vectors, and every id for a
//! full re-index. Part of matching's store (re-exported there).

use crate::db::schema::{embeddings, internships, jobs, student_profiles};
use crate::db::{DbConnection, DbError};
use crate::matching::embedding::documents::{InternshipDoc, StudentDoc};
use diesel::prelude::*;

/// Queues a (re)embedding of one entity; a pending job for the same entity is reused.
pub fn queue_embedding(conn: &mut DbConnection, entity: &str, id: i64) -> Result<(), DbError> {
    let key = format!("embed:{entity}:{id}");
    let pending: i64 = jobs::table
        .filter(jobs::dedupe_key.eq(&key))
        .filter(jobs::status.eq("queued"))
        .count()
        .get_result(conn)?;
    if pending > 0 {
        return Ok(());
    }
    // A finished job keeps its key; free it so the new one can take it.
    diesel::update(jobs::table.filter(jobs::dedupe_key.eq(&key)))
        .set(jobs::dedupe_key.eq(None::<String>))
        .execute(conn)?;
    let now = chrono::Utc::now().naive_utc();
    // Two changes of the same profile at once both find no pending job: one job is enough.
    crate::on_backend!(conn, |c| diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq("embed"),
            jobs::payload.eq(serde_json::json!({ "entity": entity, "id": id }).to_string()),
            jobs::run_at.eq(now),
            jobs::dedupe_key.eq(Some(&key)),
            jobs::created_at.eq(now),
            jobs::updated_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(())
}

/// The profile columns a student's document is made of (`student_doc`, and the one-statement
/// read of a student's ranking context on PostgreSQL, which embeds it by column name).
#[derive(Queryable, Selectable, QueryableByName)]
#[diesel(table_name = student_profiles)]
pub struct ProfileColumns {
    degree: Option<String>,
    department: Option<String>,
    interests: Option<String>,
    projects: Option<String>,
    preferred_location: Option<String>,
    current_city: Option<String>,
    work_mode: String,
    willing_to_relocate: bool,
    pincode: Option<String>,
    district: Option<String>,
}

pub fn student_doc(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Option<StudentDoc>, DbError> {
    // An erased account's profile is an empty shell: it gets no embedding (issue 14). (Joined
    // to its one user: a `NOT IN` of every erased user scanned the users table on each call.)
    let profile = student_profiles::table
        .inner_join(crate::db::schema::users::table)
        .filter(student_profiles::id.eq(student_id))
        .filter(crate::db::schema::users::deleted_at.is_null())
        .select(ProfileColumns::as_select())
        .first(conn)
        .optional()?;
    let Some(profile) = profile else {
        return Ok(None);
    };
    let resume = crate::profile::service::resume_of(conn, student_id)?;
    let skills = crate::db::skills::student_skill_names(conn, student_id)?;
    Ok(Some(doc_of(
        student_id,
        profile,
        resume.map(ResumeParts::from),
        skills,
    )))
}

/// A student's document from its profile columns, resume and skills' names.
pub fn doc_of(
    student_id: i64,
    profile: ProfileColumns,
    resume: Option<ResumeParts>,
    skills: Vec<String>,
) -> StudentDoc {
    StudentDoc {
        id: student_id,
        degree: profile.degree.unwrap_or_default(),
        department: profile.department.unwrap_or_default(),
        skills,
        interests: profile.interests.unwrap_or_default(),
        projects: profile.projects.unwrap_or_default(),
        resume_text: resume.as_ref().map(resume_text).unwrap_or_default(),
        preferred_location: profile.preferred_location.unwrap_or_default(),
        current_city: profile.current_city.unwrap_or_default(),
        work_mode: profile.work_mode,
        willing_to_relocate: profile.willing_to_relocate,
        pincode: profile.pincode.unwrap_or_default(),
        district: profile.district.unwrap_or_default(),
    }
}

/// Characters of a resume file's text that count for matching: enough for a resume's skills and
/// experience; the encoder reads only its first 256 tokens anyway.
const RESUME_FILE_CHARS: usize = 6_000;

/// The parts of a resume matching reads, in order: headline, career objective, education, work
/// experience, projects, certifications, extra-curricular, the file's text.
pub struct ResumeParts(pub [Option<String>; 8]);

impl From<crate::profile::resume::model::StudentResume> for ResumeParts {
    fn from(r: crate::profile::resume::model::StudentResume) -> ResumeParts {
        ResumeParts([
            r.headline,
            r.career_objective,
            r.education,
            r.work_experience,
            r.projects,
            r.certifications,
            r.extra_curricular,
            r.extracted_text,
        ])
    }
}

/// A resume as matching reads it: the structured fields, then the start of the file's text
/// (links left out: they say nothing about fit).
fn resume_text(r: &ResumeParts) -> String {
    let [parts @ .., file] = &r.0;
    let file_text = file
        .as_ref()
        .map(|t| t.chars().take(RESUME_FILE_CHARS).collect::<String>());
    parts
        .iter()
        .chain([&file_text])
        .flatten()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(". ")
}

/// Documents of the given internships (any status).
pub fn internship_docs(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<Vec<InternshipDoc>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    type Row = (i64, String, String, String, String, Option<i32>, i32);
    let rows: Vec<Row> = internships::table
        .filter(internships::id.eq_any(ids))
        .select((
            internships::id,
            internships::title,
            internships::description,
            internships::location,
            internships::mode,
            internships::stipend_amount,
            internships::duration_weeks,
        ))
        .load(conn)?;
    let mut skills: std::collections::HashMap<i64, Vec<String>> = Default::default();
    for (id, name) in crate::db::skills::internship_skill_names(conn, ids)? {
        skills.entry(id).or_default().push(name);
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, title, description, location, mode, stipend, duration_weeks)| InternshipDoc {
                id,
                title,
                description,
                skills: skills.remove(&id).unwrap_or_default(),
                location,
                mode,
                stipend,
                duration_weeks,
            },
        )
        .collect())
}

/// Stored embeddings of many entities of one type with their content hashes (to skip unchanged
/// text): (id, hash, little-endian bytes).
pub fn stored_embeddings(
    conn: &mut DbConnection,
    entity: &str,
    model: &str,
    ids: &[i64],
) -> Result<Vec<(i64, String, Vec<u8>)>, DbError> {
    Ok(embeddings::table
        .filter(embeddings::entity_type.eq(entity))
        .filter(embeddings::model.eq(model))
        .filter(embeddings::entity_id.eq_any(ids))
        .select((
            embeddings::entity_id,
            embeddings::content_hash,
            embeddings::vector,
        ))
        .load(conn)?)
}

pub fn save_embedding(
    conn: &mut DbConnection,
    entity: &str,
    id: i64,
    model: &str,
    vector: &[u8],
    dim: i32,
    hash: &str,
) -> Result<(), DbError> {
    let now = chrono::Utc::now().naive_utc();
    crate::db::transaction(conn, |conn| {
        let row = embeddings::table
            .filter(embeddings::entity_type.eq(entity))
            .filter(embeddings::entity_id.eq(id))
            .filter(embeddings::model.eq(model));
        let updated = diesel::update(row)
            .set((
                embeddings::vector.eq(vector),
                embeddings::dim.eq(dim),
                embeddings::content_hash.eq(hash),
                embeddings::updated_at.eq(now),
            ))
            .execute(conn)?;
        if updated == 0 {
            // Two instances embedding the same entity at once: the later write wins.
            crate::on_backend!(conn, |c| diesel::insert_into(embeddings::table)
                .values((
                    embeddings::entity_type.eq(entity),
                    embeddings::entity_id.eq(id),
                    embeddings::model.eq(model),
                    embeddings::dim.eq(dim),
                    embeddings::vector.eq(vector),
                    embeddings::content_hash.eq(hash),
                    embeddings::updated_at.eq(now),
                ))
                .on_conflict((
                    embeddings::entity_type,
                    embeddings::entity_id,
                    embeddings::model,
                ))
                .do_update()
                .set((
                    embeddings::vector.eq(vector),
                    embeddings::dim.eq(dim),
                    embeddings::content_hash.eq(hash),
                    embeddings::updated_at.eq(now),
                ))
                .execute(c))?;
        }
        Ok(())
    })
}

/// Stored vectors of many entities of one type: (id, little-endian bytes).
pub fn embeddings_of(
    conn: &mut DbConnection,
    entity: &str,
    model: &str,
    ids: &[i64],
) -> Result<Vec<(i64, Vec<u8>)>, DbError> {
    Ok(embeddings::table
        .filter(embeddings::entity_type.eq(entity))
        .filter(embeddings::model.eq(model))
        .filter(embeddings::entity_id.eq_any(ids))
        .select((embeddings::entity_id, embeddings::vector))
        .load(conn)?)
}

/// Ids of every student profile or every internship (a full re-index).
pub fn all_ids(conn: &mut DbConnection, entity: &str) -> Result<Vec<i64>, DbError> {
    Ok(match entity {
        "student" => student_profiles::table
            .select(student_profiles::id)
            .order(student_profiles::id.asc())
            .load(conn)?,
        _ => internships::table
            .select(internships::id)
            .order(internships::id.asc())
            .load(conn)?,
    })
}
