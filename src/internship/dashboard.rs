//! The employer's dashboard: company status, postings, applications per status, and per
//! posting the funnel and answer times (`application::insights`). HTTP only.

use crate::state::AppState;
use crate::web::guards::Employer;
use crate::web::{AppError, PageCtx, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;

#[derive(Template)]
#[template(path = "internship/employer_dashboard.html")]
struct EmployerDashboard {
    ctx: PageCtx,
    status: String,
    active: usize,
    total: usize,
    /// Applications to all of the employer's internships, per status.
    applications: crate::application::model::StatusCounts,
    /// Per posting: the funnel, the median time to a first answer, applications waiting.
    funnels: Vec<crate::application::insights::model::PostingFunnel>,
}

#[get("/employer")]
pub async fn employer_dashboard(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (status, active, total, applications, funnels) = state
        .db
        .run(move |conn| {
            let Some(profile) = crate::profile::team::service::company_of(conn, user.id)? else {
                return Ok::<_, crate::db::DbError>(Default::default());
            };
            let all = super::store::by_employer(conn, profile.id)?;
            let applications = crate::application::service::counts_for_employer(conn, profile.id)?;
            let postings: Vec<(i64, String)> =
                all.iter().map(|i| (i.id, i.title.clone())).collect();
            let funnels =
                crate::application::insights::service::funnels(conn, profile.id, &postings)?;
            Ok((
                profile.verification_status,
                all.iter().filter(|i| i.status == "active").count(),
                all.len(),
                applications,
                funnels,
            ))
        })
        .await?;
    render(&EmployerDashboard {
        ctx,
        status,
        active,
        total,
        applications,
        funnels,
    })
}
