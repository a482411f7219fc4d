//! The employer's applicants page: compact cards (one line of facts, fit, has/lacks skills,
//! answers folded), filtered by status and fit, sorted by fit or date, with a checkbox on each
//! card for the bulk form. HTTP only.

use super::model::MessageTemplate;
use crate::application::model::*;
use crate::application::service;
use crate::state::AppState;
use crate::web::guards::Employer;
use crate::web::pagination::{PageLinks, Pagination};
use crate::web::{AppError, PageCtx, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;
use serde::Deserialize;

/// Templates hold statuses by value or through references (loops add one); labels take any.
pub trait AsStatus {
    fn status(&self) -> Status;
}

impl AsStatus for Status {
    fn status(&self) -> Status {
        *self
    }
}

impl<T: AsStatus> AsStatus for &T {
    fn status(&self) -> Status {
        (*self).status()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ApplicantsQuery {
    status: String,
    sort: String,
    /// Lowest fit shown, in percent (empty: every applicant).
    fit: String,
    page: Option<i64>,
}

/// Applicants per page of the employer's list.
const APPLICANTS_PER_PAGE: i64 = 25;

/// The fit thresholds the filter offers.
pub const FIT_FILTERS: [i32; 3] = [40, 60, 80];

#[derive(Template)]
#[template(path = "application/applicants.html")]
struct ApplicantsPage {
    ctx: PageCtx,
    internship: crate::internship::model::Internship,
    applicants: Vec<Applicant>,
    counts: StatusCounts,
    status: String,
    sort: String,
    fit: String,
    links: PageLinks,
    templates: Vec<MessageTemplate>,
}

impl ApplicantsPage {
    fn label(&self, status: impl AsStatus) -> String {
        self.ctx.t(status.status().label_key())
    }
    fn moves(&self, applicant: &Applicant) -> &'static [Status] {
        applicant
            .application
            .status()
            .employer_moves_on(&self.internship.status)
    }
    fn may_interview(&self, applicant: &Applicant) -> bool {
        self.internship.status != "taken_down"
            && matches!(
                applicant.application.status(),
                Status::Shortlisted | Status::Interview
            )
    }
    fn fit_filters(&self) -> [i32; 3] {
        FIT_FILTERS
    }
    /// The student's answer to an interview (`declined`, `another_time`) in the page's language.
    fn response_label(&self, response: &str) -> String {
        match response {
            "declined" => self.ctx.t("calendar.response_declined"),
            _ => self.ctx.t("calendar.response_another_time"),
        }
    }
    /// The query string of this list with another page.
    fn query(&self) -> String {
        format!("status={}&sort={}&fit={}", self.status, self.sort, self.fit)
    }
    /// The matching's location note, which is written to the student ("you accept any city"),
    /// said about the applicant instead.
    fn applicant_location(&self, note: &str) -> String {
        let key = match note {
            "remote" => "triage.loc_remote",
            "not remote, and you asked for remote work" => "triage.loc_wants_remote",
            "in your city" => "triage.loc_city",
            "in your district" => "triage.loc_district",
            "near you (same PIN code district)" => "triage.loc_pin",
            "you accept any city" => "triage.loc_any_city",
            "outside your preferred city" => "triage.loc_outside",
            "within commuting distance of home" => "triage.loc_commute",
            "too far to commute, and you are not relocating" => "triage.loc_too_far",
            _ => "triage.loc_unknown",
        };
        self.ctx.t(key)
    }
}

#[get("/employer/internships/{id}/applicants")]
pub async fn applicants(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<ApplicantsQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let query = query.into_inner();
    let filter = Status::parse(&query.status);
    let by_date = query.sort == "date";
    let min_fit = query
        .fit
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|f| FIT_FILTERS.contains(f));
    let page = Pagination::new(query.page, APPLICANTS_PER_PAGE);
    let (internship, list, counts, total) =
        service::ranked_applicants(&state, user.id, id, filter, by_date, min_fit, page).await?;
    let templates = state
        .db
        .run(move |conn| super::service::templates(conn, user.id))
        .await?;
    render(&ApplicantsPage {
        ctx,
        internship,
        applicants: list,
        counts,
        status: filter.map(|s| s.as_str().to_string()).unwrap_or_default(),
        sort: if by_date { "date".into() } else { "fit".into() },
        fit: min_fit.map(|f| f.to_string()).unwrap_or_default(),
        links: PageLinks::new(page, total),
        templates,
    })
}
