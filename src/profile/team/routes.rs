//! HTTP layer of team seats: `/employer/team` (members; the owner invites and removes) and the
//! invitation link `/employer/team/join?token=`.

use super::model::*;
use super::service::{self, TeamError};
use crate::state::AppState;
use crate::web::guards::Employer;
use crate::web::i18n::Msg;
use crate::web::page::render_status;
use crate::web::{AppError, PageCtx, SessionUser, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(team_page)
        .service(invite)
        .service(remove)
        .service(join_page)
        .service(join_submit);
}

impl From<TeamError> for AppError {
    fn from(e: TeamError) -> Self {
        match e {
            TeamError::NotFound => AppError::NotFound,
            TeamError::NotAllowed(m) | TeamError::Invalid(m) => AppError::forbidden(m),
            TeamError::Db(e) => e.into(),
        }
    }
}

#[derive(Template)]
#[template(path = "team/team.html")]
struct TeamPage {
    ctx: PageCtx,
    team: Option<TeamView>,
    form: InviteForm,
    error: Option<Msg>,
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    user_id: i64,
    form: InviteForm,
    error: Option<Msg>,
) -> Result<HttpResponse, AppError> {
    let team = state
        .db
        .run(move |conn| service::team(conn, user_id))
        .await?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(
        status,
        &TeamPage {
            ctx,
            team,
            form,
            error,
        },
    )
}

#[get("/employer/team")]
async fn team_page(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    show(ctx, &state, user.id, InviteForm::default(), None).await
}

#[post("/employer/team/invite")]
async fn invite(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let submitted = form.clone();
    let base_url = state.settings.base_url.clone();
    let (user_id, email) = (user.id, user.email.clone());
    let outcome = state
        .db
        .run(move |conn| service::invite(conn, user_id, &email, &submitted, &base_url))
        .await;
    match outcome {
        Ok(()) => {
            flash::success("hiring_flash.team_invited");
            Ok(redirect("/employer/team"))
        }
        Err(TeamError::Invalid(why)) => show(ctx, &state, user.id, form, Some(why)).await,
        Err(e) => Err(e.into()),
    }
}

#[post("/employer/team/{member_id}/remove")]
async fn remove(
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let member_id = path.into_inner();
    let (user_id, email) = (user.id, user.email.clone());
    state
        .db
        .run(move |conn| service::remove(conn, user_id, &email, member_id))
        .await?;
    flash::success("hiring_flash.team_removed");
    Ok(redirect("/employer/team"))
}

#[derive(Template)]
#[template(path = "team/join.html")]
struct JoinPage {
    ctx: PageCtx,
    company: String,
    token: String,
    signed_in_employer: bool,
}

/// The invitation link: signed in as an employer, a button to join; otherwise, how to get there.
#[get("/employer/team/join")]
async fn join_page(
    ctx: PageCtx,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<JoinForm>,
) -> Result<HttpResponse, AppError> {
    let token = query.into_inner().token;
    let lookup = token.clone();
    let company = state
        .db
        .run(move |conn| service::invitation(conn, &lookup))
        .await?;
    let signed_in_employer =
        SessionUser::of(&req).is_some_and(|u| u.role == crate::auth::model::Role::Employer);
    render(&JoinPage {
        ctx,
        company,
        token,
        signed_in_employer,
    })
}

#[post("/employer/team/join")]
async fn join_submit(
    Employer(user): Employer,
    state: web::Data<AppState>,
    form: web::Form<JoinForm>,
) -> Result<HttpResponse, AppError> {
    let token = form.into_inner().token;
    let (user_id, email) = (user.id, user.email.clone());
    state
        .db
        .run(move |conn| service::join(conn, user_id, &email, &token))
        .await?;
    flash::success("hiring_flash.team_joined");
    Ok(redirect("/employer"))
}
