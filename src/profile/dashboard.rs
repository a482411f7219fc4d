//! The student's dashboard: how far the profile is from complete, and what is under way
//! elsewhere (applications, interviews, offers, saved postings closing), gathered from the other
//! modules' services. Apart from the profile's own rules (`service.rs`), since it reads the whole
//! platform rather than one form.

use super::model::*;
use super::store;
use crate::db::{DbConnection, DbError, skills};

/// Latest applications the dashboard lists.
const RECENT_APPLICATIONS: usize = 5;

/// A student's dashboard: how complete the profile is, where their applications stand, coming
/// interviews and saved internships about to close.
pub fn student_overview(conn: &mut DbConnection, user_id: i64) -> Result<StudentOverview, DbError> {
    let Some(profile) = store::student_by_user(conn, user_id)? else {
        return Ok(StudentOverview::default());
    };
    let has_skills = !skills::student_skill_names(conn, profile.id)?.is_empty();
    let has_resume = super::resume::store::resume_of(conn, profile.id)?.is_some();
    let linked = crate::institute::service::link_of_user(conn, user_id)?.is_some();
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let step = |key, link, done| ProfileStep {
        key,
        link,
        done,
        optional: false,
    };
    let steps = vec![
        step("dashboard.step_skills", "/profile#skills", has_skills),
        step(
            "dashboard.step_studies",
            "/profile#degree",
            filled(&profile.degree) && filled(&profile.department),
        ),
        step(
            "dashboard.step_interests",
            "/profile#interests",
            filled(&profile.interests),
        ),
        step(
            "dashboard.step_projects",
            "/profile#projects",
            filled(&profile.projects),
        ),
        step(
            "dashboard.step_city",
            "/profile#current_city",
            filled(&profile.current_city),
        ),
        step("dashboard.step_resume", "/resume", has_resume),
        ProfileStep {
            optional: true,
            ..step("dashboard.step_institute", "/profile#aishe_code", linked)
        },
    ];
    let applications = crate::application::service::by_student(conn, profile.id)?;
    let counts = crate::application::model::Status::ALL
        .iter()
        .map(|s| (*s, applications.iter().filter(|a| a.status == *s).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let interviews = crate::application::service::upcoming_interviews(conn, &applications)?;
    let closing = crate::internship::service::saved_closing_soon(conn, profile.id)?;
    let offers = crate::application::offers::service::open_offers(conn, profile.id)?;
    Ok(StudentOverview {
        has_profile: true,
        steps,
        counts,
        recent: applications.into_iter().take(RECENT_APPLICATIONS).collect(),
        interviews,
        offers,
        closing,
    })
}
