//! Helpers of the hiring-loop tests (bulk triage, calendars, slots, team seats, answer times):
//! applicants made straight in the database (the bulk tests need thirty), and reading the
//! outbox, the audit log and the stored `.eml` files.

use crate::helpers::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use praktiki::db::DbError;
use praktiki::db::schema::{
    application_events, applications, audit_log, email_outbox, notifications, student_profiles,
    users,
};
use std::time::Duration;

/// A student who applied: application id, the student's user id and email.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub application_id: i64,
    pub user_id: i64,
    pub email: String,
}

/// `n` students who applied to the internship at `applied_at`, made in the database directly
/// (signing up thirty students through the forms would only test signing up, slowly).
pub async fn seed_applicants(
    app: &TestApp,
    internship_id: i64,
    n: usize,
    applied_at: NaiveDateTime,
) -> Vec<Seeded> {
    let tag = uuid::Uuid::new_v4().simple().to_string()[..6].to_string();
    app.app_state
        .db
        .run(move |conn| {
            let mut out = Vec::new();
            for i in 0..n {
                let email = format!("seeded-{tag}-{i}@example.in");
                let user_id: i64 = diesel::insert_into(users::table)
                    .values((
                        users::email.eq(&email),
                        users::password_hash.eq("not-a-login"),
                        users::full_name.eq(format!("Student {i}")),
                        users::role.eq("student"),
                        users::email_verified_at.eq(Some(applied_at)),
                        users::created_at.eq(applied_at),
                        users::updated_at.eq(applied_at),
                    ))
                    .returning(users::id)
                    .get_result(conn)?;
                let student_id: i64 = diesel::insert_into(student_profiles::table)
                    .values((
                        student_profiles::user_id.eq(user_id),
                        student_profiles::current_city.eq(Some("Pune")),
                        student_profiles::created_at.eq(applied_at),
                        student_profiles::updated_at.eq(applied_at),
                    ))
                    .returning(student_profiles::id)
                    .get_result(conn)?;
                let application_id: i64 = diesel::insert_into(applications::table)
                    .values((
                        applications::student_id.eq(student_id),
                        applications::internship_id.eq(internship_id),
                        applications::status.eq("submitted"),
                        applications::applied_at.eq(applied_at),
                        applications::updated_at.eq(applied_at),
                    ))
                    .returning(applications::id)
                    .get_result(conn)?;
                diesel::insert_into(application_events::table)
                    .values((
                        application_events::application_id.eq(application_id),
                        application_events::to_status.eq("submitted"),
                        application_events::actor_user_id.eq(Some(user_id)),
                        application_events::created_at.eq(applied_at),
                    ))
                    .execute(conn)?;
                out.push(Seeded {
                    application_id,
                    user_id,
                    email,
                });
            }
            Ok::<_, DbError>(out)
        })
        .await
        .expect("applicants seeded")
}

pub async fn status_of(app: &TestApp, id: i64) -> String {
    app.app_state
        .db
        .run(move |conn| {
            applications::table
                .find(id)
                .select(applications::status)
                .first::<String>(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("application exists")
}

/// In-app notification texts of a user.
pub async fn notices_of(app: &TestApp, user_id: i64) -> Vec<String> {
    app.app_state
        .db
        .run(move |conn| {
            notifications::table
                .filter(notifications::user_id.eq(user_id))
                .select(notifications::message)
                .load::<String>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// Audit entries of `action` about an application: their target ids.
pub async fn audited(app: &TestApp, action: &'static str) -> Vec<i64> {
    app.app_state
        .db
        .run(move |conn| {
            audit_log::table
                .filter(audit_log::action.eq(action))
                .filter(audit_log::target_type.eq("application"))
                .select(audit_log::target_id)
                .load::<Option<i64>>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
        .into_iter()
        .flatten()
        .collect()
}

/// Outbox rows to `to` that carry a calendar, oldest first: (id, calendar text).
pub async fn calendars_to(app: &TestApp, to: &str) -> Vec<(i64, String)> {
    let to = to.to_string();
    app.app_state
        .db
        .run(move |conn| {
            email_outbox::table
                .filter(email_outbox::to_address.eq(to))
                .filter(email_outbox::calendar_ics.is_not_null())
                .order(email_outbox::id.asc())
                .select((email_outbox::id, email_outbox::calendar_ics))
                .load::<(i64, Option<String>)>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
        .into_iter()
        .filter_map(|(id, ics)| Some((id, ics?)))
        .collect()
}

/// The `.eml` the send job wrote for an outbox row (polled: the job runs in the background).
pub async fn eml_of(app: &TestApp, outbox_id: i64) -> String {
    for _ in 0..300 {
        let path = app
            .app_state
            .db
            .run(move |conn| {
                email_outbox::table
                    .find(outbox_id)
                    .select(email_outbox::eml_path)
                    .first::<Option<String>>(conn)
                    .map_err(DbError::from)
            })
            .await
            .unwrap();
        if let Some(path) = path {
            return std::fs::read_to_string(path).expect("eml readable");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("outbox {outbox_id} was never written");
}

/// The `text/calendar` part of a message (base64, as the mailer writes it), decoded.
pub fn calendar_part(eml: &str) -> (String, String) {
    use base64::Engine;
    let start = eml
        .find("Content-Type: text/calendar")
        .unwrap_or_else(|| panic!("no calendar part in:\n{eml}"));
    let part = &eml[start..];
    let header_end = part.find("\r\n\r\n").expect("part headers end");
    let headers = part[..header_end].to_string();
    let body: String = part[header_end + 4..]
        .lines()
        .take_while(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .concat();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .expect("base64 calendar");
    (headers, String::from_utf8(bytes).expect("utf-8 calendar"))
}

/// The `value="…"` of the first `<option>` whose label is `label`.
pub fn option_value(html: &str, label: &str) -> String {
    let end = html
        .find(&format!(">{label}</option>"))
        .unwrap_or_else(|| panic!("no option {label}"));
    let start = html[..end].rfind("value=\"").expect("option value") + 7;
    html[start..end].trim_end_matches('"').to_string()
}
