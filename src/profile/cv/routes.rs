//! HTTP layer of the CV: the page to print and the PDF, for the signed-in student only (her own
//! data: the CV is always the one of the session's user).

use super::model::Cv;
use super::service::{self, CvError};
use crate::state::AppState;
use crate::web::guards::Student;
use crate::web::page::render_status;
use crate::web::{AppError, PageCtx, SessionUser, render};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, Charset, ContentDisposition, DispositionParam, ExtendedValue};
use actix_web::{HttpResponse, get, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(print_page).service(pdf);
}

#[derive(Template)]
#[template(path = "profile/cv_print.html")]
struct CvPage {
    ctx: PageCtx,
    cv: Cv,
}

/// Said instead of the PDF when the server lacks its fonts (the operator finds why in the log).
#[derive(Template)]
#[template(path = "profile/cv_unavailable.html")]
struct Unavailable {
    ctx: PageCtx,
}

async fn cv_of(ctx: &PageCtx, user: SessionUser, state: &AppState) -> Result<Cv, AppError> {
    let lang = ctx.lang;
    Ok(state
        .db
        .run(move |conn| service::cv_of(conn, user.id, &user.full_name, &user.email, lang))
        .await?)
}

#[get("/resume/print")]
async fn print_page(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let cv = cv_of(&ctx, user, &state).await?;
    render(&CvPage { ctx, cv })
}

#[get("/resume/cv.pdf")]
async fn pdf(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let cv = cv_of(&ctx, user, &state).await?;
    let name = cv.name.clone();
    match service::pdf(state.settings.font_dir.clone(), cv, ctx.lang).await {
        Ok(bytes) => Ok(HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header(file_name(&name))
            .insert_header((header::CACHE_CONTROL, "private, no-store"))
            .body(bytes)),
        Err(CvError::Fonts(e)) => {
            tracing::error!(error = %e, "the CV's PDF cannot be made without its fonts");
            render_status(StatusCode::SERVICE_UNAVAILABLE, &Unavailable { ctx })
        }
        Err(e) => Err(AppError::internal(e)),
    }
}

/// "CV - Asha Verma.pdf" (a Hindi name in the UTF-8 form of the header, `_` in the plain one).
fn file_name(name: &str) -> ContentDisposition {
    let full = format!("CV - {}.pdf", name.chars().take(80).collect::<String>());
    let plain: String = full
        .chars()
        .map(|c| match c {
            '"' | '\\' | '/' => '_',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '_',
        })
        .collect();
    ContentDisposition {
        disposition: header::DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(plain),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: full.replace(['"', '\\', '/'], "_").into_bytes(),
            }),
        ],
    }
}
