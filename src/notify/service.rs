//! Queuing and sending email.

use super::mailer::Mailer;
use super::model::Email;
use super::{secrets, store};
use crate::db::Db;
use crate::db::{DbConnection, DbError};
use crate::jobs;

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::store::{delete_sent, recent};

pub const SEND_EMAIL: &str = "send_email";

/// Puts a message in the outbox and queues its delivery, in the caller's transaction: it is sent
/// only if the caller's change commits, and never inside the request.
/// A message with a secret link is stored redacted, its deliverable bodies sealed
/// (`notify::secrets`).
pub fn queue_email(conn: &mut DbConnection, email: &Email) -> Result<i64, DbError> {
    let stored = Email {
        text: secrets::redact(&email.text),
        html: email.html.as_deref().map(secrets::redact),
        ..email.clone()
    };
    let sealed = if stored.text != email.text || stored.html != email.html {
        let bodies = secrets::Bodies {
            text: email.text.clone(),
            html: email.html.clone(),
        };
        // Without a key the message goes out redacted (useless, but never readable at rest).
        match secrets::seal(&bodies) {
            Ok(sealed) => Some(sealed),
            Err(e) => {
                tracing::error!(error = %e, "email with a secret link queued without it");
                None
            }
        }
    } else {
        None
    };
    let id = store::insert(
        conn,
        &stored,
        sealed.as_deref(),
        chrono::Utc::now().naive_utc(),
    )?;
    jobs::enqueue(
        conn,
        SEND_EMAIL,
        serde_json::json!({ "outbox_id": id }),
        None,
    )?;
    Ok(id)
}

/// The `send_email` job: deliver one outbox message and record the outcome.
pub async fn send_job(db: &Db, mailer: &Mailer, payload: serde_json::Value) -> Result<(), String> {
    let id = payload["outbox_id"]
        .as_i64()
        .ok_or("payload lacks outbox_id")?;
    let Some(mut email) = db
        .run(move |conn| store::find(conn, id))
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(()); // deleted meanwhile: nothing to send
    };
    if email.status == "sent" {
        return Ok(());
    }
    if let Some(sealed) = email.sealed_body.take() {
        let bodies = secrets::open(&sealed).map_err(|e| e.to_string())?;
        email.body_text = bodies.text;
        email.body_html = bodies.html;
    }
    match mailer.deliver(&email).await {
        Ok(path) => {
            let now = chrono::Utc::now().naive_utc();
            db.run(move |conn| store::mark_sent(conn, id, path.as_deref(), now))
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(outbox = id, "email delivered");
            Ok(())
        }
        Err(error) => {
            // The job system retries; the outbox shows the attempt.
            let final_failure = email.attempts + 1 >= jobs_max_attempts();
            let recorded = error.clone();
            db.run(move |conn| store::mark_failed_attempt(conn, id, &recorded, final_failure))
                .await
                .map_err(|e| e.to_string())?;
            Err(error)
        }
    }
}

/// Attempts a job gets by default (the `jobs.max_attempts` column default).
fn jobs_max_attempts() -> i32 {
    5
}

/// Tells a user something in the app (shown on `/notifications`), in the caller's transaction.
/// `link` is a path inside the app.
pub fn notify_user(
    conn: &mut DbConnection,
    user_id: i64,
    kind: &str,
    message: &str,
    link: Option<&str>,
) -> Result<(), DbError> {
    store::insert_notification(
        conn,
        user_id,
        kind,
        message,
        link,
        chrono::Utc::now().naive_utc(),
    )
}

/// Like [`notify_user`], unless the user already has a notification of this kind with this
/// link; returns whether it was sent.
pub fn notify_user_once(
    conn: &mut DbConnection,
    user_id: i64,
    kind: &str,
    message: &str,
    link: &str,
) -> Result<bool, DbError> {
    if store::has_notification(conn, user_id, kind, link)? {
        return Ok(false);
    }
    notify_user(conn, user_id, kind, message, Some(link))?;
    Ok(true)
}
