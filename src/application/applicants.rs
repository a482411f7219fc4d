//! The employer's side of a posting's applicants: the list with counts per status, and the
//! same list ranked by fit (the matching module's applicant scores).

use super::model::*;
use super::service::*;
use super::{interviews, store};
use crate::db::{DbConnection, DbError};
use crate::internship::model::Internship;

/// An employer's internship, its applications (of one status, or all) and the counts per status.
pub fn applicants(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
    status: Option<Status>,
) -> Result<(Internship, Vec<Applicant>, StatusCounts), ApplicationError> {
    let internship = crate::internship::service::owned(conn, user_id, internship_id)
        .map_err(|_| ApplicationError::NotFound)?;
    let rows = store::applicants(conn, internship_id, status)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0.id).collect();
    let mut answers = store::answers(conn, &ids)?;
    let mut interviews = interviews::store::interviews_of(conn, &ids)?;
    let mut applicants = Vec::with_capacity(rows.len());
    for (application, university, degree, city, name, email, deleted_at) in rows {
        // A student who withdrew takes her profile and resume back (the history stays); one who
        // erased her account leaves no name or address either.
        let withdrawn = application.status() == Status::Withdrawn;
        let erased = deleted_at.is_some();
        let (skills, resume) = if withdrawn {
            (Vec::new(), None)
        } else {
            (
                crate::db::skills::student_skill_names(conn, application.student_id)?,
                crate::profile::service::resume_view_of(conn, application.student_id)?,
            )
        };
        let (university, degree, city) = if withdrawn {
            (None, None, None)
        } else {
            (university, degree, city)
        };
        let (name, email) = if erased {
            (String::new(), String::new())
        } else {
            (name, email)
        };
        let mine: Vec<AnswerView> = answers
            .extract_if(.., |a| a.application_id == application.id)
            .map(|a| AnswerView {
                answer_id: a.id,
                question_id: a.question_id,
                question: a.question,
                model_answer: a.model_answer,
                answer: a.answer,
                closeness: None,
            })
            .collect();
        let slots = interviews
            .extract_if(.., |i| i.application_id == application.id)
            .collect();
        applicants.push(Applicant {
            student_id: application.student_id,
            application,
            name,
            email,
            university: university.unwrap_or_default(),
            degree: degree.unwrap_or_default(),
            city: city.unwrap_or_default(),
            skills,
            fit: None,
            answers: mine,
            interviews: slots,
            resume,
            erased,
        });
    }
    let counts = StatusCounts(
        store::counts(conn, internship_id)?
            .into_iter()
            .filter_map(|(s, n)| Some((Status::parse(&s)?, n)))
            .collect(),
    );
    Ok((internship, applicants, counts))
}

/// The id of the student's application to an internship, if they applied.
pub fn application_of(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<Option<i64>, DbError> {
    let Some(student) = crate::profile::service::student_by_user(conn, user_id)? else {
        return Ok(None);
    };
    Ok(store::of_student_for(conn, student.id, internship_id)?.map(|a| a.id))
}

/// Applications to all of an employer's internships, per status (the employer's dashboard).
pub fn counts_for_employer(
    conn: &mut DbConnection,
    employer_id: i64,
) -> Result<StatusCounts, DbError> {
    Ok(StatusCounts(
        store::counts_for_employer(conn, employer_id)?
            .into_iter()
            .filter_map(|(s, n)| Some((Status::parse(&s)?, n)))
            .collect(),
    ))
}

/// An employer's applicants with their fit (the matching engine's score and explanations) and
/// how close each screening answer comes to the model answer; best fit first unless `by_date`.
pub async fn ranked_applicants(
    state: &crate::state::AppState,
    user_id: i64,
    internship_id: i64,
    status: Option<Status>,
    by_date: bool,
    min_fit: Option<i32>,
    page: crate::web::pagination::Pagination,
) -> Result<(Internship, Vec<Applicant>, StatusCounts, i64), ApplicationError> {
    let model = state
        .model
        .embedder()
        .map(|e| e.model_id().to_string())
        .unwrap_or_else(|| "all-MiniLM-L6-v2".into());
    let weights = state.matching.weights();
    let (internship, mut list, counts) = state
        .db
        .run(move |conn| {
            let (internship, mut list, counts) = applicants(conn, user_id, internship_id, status)?;
            let students: Vec<i64> = list.iter().map(|a| a.student_id).collect();
            let fits = crate::matching::service::applicant_fits(
                conn,
                internship_id,
                &students,
                &model,
                &weights,
            )?;
            for applicant in &mut list {
                if applicant.application.status() != Status::Withdrawn {
                    applicant.fit = fits.get(&applicant.student_id).map(Fit::from);
                }
            }
            Ok::<_, ApplicationError>((internship, list, counts))
        })
        .await?;
    if !by_date {
        // Best fit first; equal fits keep the order of application.
        list.sort_by(|a, b| {
            let fit = |x: &Applicant| x.fit.as_ref().map(|f| f.percent).unwrap_or(-1);
            fit(b).cmp(&fit(a))
        });
    }
    if let Some(min) = min_fit {
        list.retain(|a| a.fit.as_ref().is_some_and(|f| f.percent >= min));
    }
    // Ranking needs every applicant; the rest of the work is for the page shown.
    let total = list.len() as i64;
    let mut list: Vec<Applicant> = list
        .into_iter()
        .skip(usize::try_from(page.offset()).unwrap_or(0))
        .take(usize::try_from(page.limit()).unwrap_or(0))
        .collect();
    // Closeness of answers to model answers: a hint; without the model the page still works.
    let pairs: Vec<(i64, String, i64, String)> = list
        .iter()
        .flat_map(|a| &a.answers)
        .filter_map(|ans| {
            let model = ans.model_answer.as_ref()?;
            Some((
                ans.answer_id,
                ans.answer.clone(),
                ans.question_id,
                model.clone(),
            ))
        })
        .collect();
    match crate::matching::service::answer_closeness(state, pairs).await {
        Ok(closeness) => {
            for answer in list.iter_mut().flat_map(|a| a.answers.iter_mut()) {
                answer.closeness = closeness
                    .get(&answer.answer_id)
                    .map(|c| (c.clamp(0.0, 1.0) * 100.0).round() as i32);
            }
        }
        Err(e) => tracing::warn!(error = %e, "answer closeness unavailable"),
    }
    Ok((internship, list, counts, total))
}
