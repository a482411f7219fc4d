//! Queries of the ranking stage: what a student's recommendations leave out or steer by
//! (reactions, saved and excluded internships), the cards shown with them, and the served
//! list logged for training. Part of matching's store (re-exported there).

use crate::db::schema::{applications, employer_profiles, internships, match_feedback, match_log};
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

/// The cards of internships (any status), by id: one statement, the few columns a card shows.
pub fn cards(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<Vec<crate::matching::model::InternshipCard>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(internships::table
        .inner_join(employer_profiles::table)
        .filter(internships::id.eq_any(ids))
        .select((
            internships::id,
            internships::title,
            employer_profiles::company_name,
            internships::location,
            internships::mode,
        ))
        .load(conn)?)
}

/// The student's own reactions: (internship id, kind), oldest first.
pub fn reactions(conn: &mut DbConnection, student_id: i64) -> Result<Vec<(i64, String)>, DbError> {
    Ok(match_feedback::table
        .filter(match_feedback::student_id.eq(student_id))
        .filter(match_feedback::kind.eq_any(["like", "dismiss", "apply", "view"]))
        .order(match_feedback::id.asc())
        .select((match_feedback::internship_id, match_feedback::kind))
        .load(conn)?)
}

/// Internships the student saved, oldest first.
pub fn saved_ids(conn: &mut DbConnection, student_id: i64) -> Result<Vec<i64>, DbError> {
    use crate::db::schema::saved_internships;
    Ok(saved_internships::table
        .filter(saved_internships::student_id.eq(student_id))
        .order(saved_internships::created_at.asc())
        .select(saved_internships::internship_id)
        .load(conn)?)
}

/// Internships a student must not be recommended: applied to or dismissed.
pub fn excluded_for(conn: &mut DbConnection, student_id: i64) -> Result<Vec<i64>, DbError> {
    let mut ids: Vec<i64> = applications::table
        .filter(applications::student_id.eq(student_id))
        .select(applications::internship_id)
        .load(conn)?;
    ids.extend(
        match_feedback::table
            .filter(match_feedback::student_id.eq(student_id))
            .filter(match_feedback::kind.eq("dismiss"))
            .select(match_feedback::internship_id)
            .load::<i64>(conn)?,
    );
    Ok(ids)
}

/// One served recommendation, for the match log.
pub struct LoggedMatch {
    pub internship_id: i64,
    pub rank: i32,
    pub score: f64,
    pub parts: String,
}

/// A served list, for the match log: the page's recommendations as ranked and scored.
pub struct ServedList {
    pub list_id: String,
    pub student_id: i64,
    pub model_version: String,
    pub rows: Vec<LoggedMatch>,
    pub served_at: chrono::NaiveDateTime,
}

/// Writes served lists inside the caller's transaction (the group commit's), many rows per
/// statement: row by row, a page's ten rows were ten round trips to PostgreSQL.
pub fn log_lists(conn: &mut DbConnection, lists: &[ServedList]) -> Result<(), DbError> {
    let rows: Vec<(&ServedList, &LoggedMatch)> = lists
        .iter()
        .flat_map(|list| list.rows.iter().map(move |row| (list, row)))
        .collect();
    // 8 values a row: 400 rows stay far below either database's limit of bound values.
    for chunk in rows.chunks(400) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(list, row)| {
                (
                    match_log::list_id.eq(&list.list_id),
                    match_log::student_id.eq(list.student_id),
                    match_log::internship_id.eq(row.internship_id),
                    match_log::rank.eq(row.rank),
                    match_log::score.eq(row.score),
                    match_log::parts.eq(&row.parts),
                    match_log::model_version.eq(&list.model_version),
                    match_log::served_at.eq(list.served_at),
                )
            })
            .collect();
        crate::on_backend!(conn, |c| diesel::insert_into(match_log::table)
            .values(&values)
            .execute(c))?;
    }
    Ok(())
}

/// Most students of a course whose reactions a cold start's list reads (the latest profiles).
const COHORT_PEERS: i64 = 2000;

/// What other students of one course (degree and department, case folded) did with
/// internships: (internship id, student, kind), kinds `like`, `apply`, `dismiss` and `saved`,
/// each once. The student asking is left out. Served by `idx_student_profiles_studies`.
pub fn cohort_reactions(
    conn: &mut DbConnection,
    student_id: i64,
    degree: &str,
    department: &str,
) -> Result<Vec<(i64, i64, String)>, DbError> {
    use crate::db::lower;
    use crate::db::schema::{saved_internships, student_profiles};
    let peers: Vec<i64> = student_profiles::table
        .filter(lower(student_profiles::degree.assume_not_null()).eq(degree.to_lowercase()))
        .filter(lower(student_profiles::department.assume_not_null()).eq(department.to_lowercase()))
        .filter(student_profiles::id.ne(student_id))
        .order(student_profiles::id.desc())
        .limit(COHORT_PEERS)
        .select(student_profiles::id)
        .load(conn)?;
    let mut reactions = Vec::new();
    for chunk in peers.chunks(super::super::index::store::CHUNK) {
        reactions.extend(
            match_feedback::table
                .filter(match_feedback::student_id.eq_any(chunk))
                .filter(match_feedback::kind.eq_any(["like", "apply", "dismiss"]))
                .select((
                    match_feedback::internship_id,
                    match_feedback::student_id,
                    match_feedback::kind,
                ))
                .distinct()
                .load::<(i64, i64, String)>(conn)?,
        );
        let saved: Vec<(i64, i64)> = saved_internships::table
            .filter(saved_internships::student_id.eq_any(chunk))
            .select((
                saved_internships::internship_id,
                saved_internships::student_id,
            ))
            .load(conn)?;
        reactions.extend(
            saved
                .into_iter()
                .map(|(id, student)| (id, student, "saved".to_string())),
        );
    }
    Ok(reactions)
}

/// A student's ranking context as one PostgreSQL statement reads it (`context.rs`).
pub struct ContextRow {
    pub student: crate::matching::embedding::documents::StudentDoc,
    pub vector: Option<Vec<u8>>,
    /// Saved internships, oldest first.
    pub saved: Vec<i64>,
    /// Reactions (internship id, kind), oldest first.
    pub reactions: Vec<(i64, String)>,
    /// Internships applied to.
    pub applied: Vec<i64>,
}

/// The ranking context of the student whose account is `user_id` — profile, resume, skills,
/// stored vector, saved internships, reactions and applications — in one statement: read one by
/// one they were nine round trips, most of a recommendations page's time on PostgreSQL.
/// `None` on SQLite (in-process reads cost no round trip) or when there is no live profile.
pub fn context_in_one(
    conn: &mut DbConnection,
    user_id: i64,
    model: &str,
) -> Result<Option<Option<ContextRow>>, DbError> {
    use crate::db::prepared::{Bind, Statement};
    use crate::matching::embedding::store::{ProfileColumns, ResumeParts, doc_of};
    use diesel::sql_types::{Array, BigInt, Binary, Bool, Nullable, Text};
    let DbConnection::Postgres(pg) = conn else {
        return Ok(None);
    };
    // Raw SQL (kept prepared): the subqueries are correlated, which Diesel's query builder
    // does not write.
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        id: i64,
        #[diesel(embed)]
        profile: ProfileColumns,
        #[diesel(sql_type = Bool)]
        has_resume: bool,
        #[diesel(sql_type = Array<Nullable<Text>>)]
        resume: Vec<Option<String>>,
        #[diesel(sql_type = Array<Text>)]
        skills: Vec<String>,
        #[diesel(sql_type = Nullable<Binary>)]
        vector: Option<Vec<u8>>,
        #[diesel(sql_type = Array<BigInt>)]
        saved: Vec<i64>,
        #[diesel(sql_type = Array<BigInt>)]
        reacted: Vec<i64>,
        #[diesel(sql_type = Array<Text>)]
        kinds: Vec<String>,
        #[diesel(sql_type = Array<BigInt>)]
        applied: Vec<i64>,
    }
    const CONTEXT: &[&str] = &[
        "SELECT p.id, p.degree, p.department, p.interests, p.projects, p.preferred_location, \
                p.current_city, p.work_mode, p.willing_to_relocate, p.pincode, p.district, \
                r.id IS NOT NULL AS has_resume, \
                ARRAY[r.headline, r.career_objective, r.education, r.work_experience, \
                      r.projects, r.certifications, r.extra_curricular, r.extracted_text] AS resume, \
                ARRAY(SELECT s.display_name FROM student_skills k JOIN skills s ON s.id = k.skill_id \
                      WHERE k.student_id = p.id ORDER BY s.display_name) AS skills, \
                (SELECT e.vector FROM embeddings e WHERE e.entity_type = 'student' \
                   AND e.model = ",
        " AND e.entity_id = p.id LIMIT 1) AS vector, \
                ARRAY(SELECT v.internship_id FROM saved_internships v \
                      WHERE v.student_id = p.id ORDER BY v.created_at) AS saved, \
                ARRAY(SELECT f.internship_id FROM match_feedback f WHERE f.student_id = p.id \
                      AND f.kind IN ('like', 'dismiss', 'apply', 'view') ORDER BY f.id) AS reacted, \
                ARRAY(SELECT f.kind FROM match_feedback f WHERE f.student_id = p.id \
                      AND f.kind IN ('like', 'dismiss', 'apply', 'view') ORDER BY f.id) AS kinds, \
                ARRAY(SELECT a.internship_id FROM applications a WHERE a.student_id = p.id) AS applied \
         FROM student_profiles p JOIN users u ON u.id = p.user_id \
         LEFT JOIN student_resumes r ON r.student_id = p.id \
         WHERE p.user_id = ",
        " AND u.deleted_at IS NULL LIMIT 1",
    ];
    let row: Option<Row> = Statement::new(CONTEXT, vec![Bind::Text(model), Bind::Int(user_id)])
        .get_result(pg)
        .optional()?;
    Ok(Some(row.map(|r| {
        let resume = r.has_resume.then(|| {
            let mut parts: [Option<String>; 8] = Default::default();
            for (slot, part) in parts.iter_mut().zip(r.resume) {
                *slot = part;
            }
            ResumeParts(parts)
        });
        ContextRow {
            student: doc_of(r.id, r.profile, resume, r.skills),
            vector: r.vector,
            saved: r.saved,
            reactions: r.reacted.into_iter().zip(r.kinds).collect(),
            applied: r.applied,
        }
    })))
}
