use super::model::Email;
use crate::db::schema::email_outbox;
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;
pub fn queue_email(conn: &mut DbConnection, email: &Email) -> Result<i64, DbError> {
    let now = chrono::Utc::now().naive_utc();
    Ok(diesel::insert_into(email_outbox::table)
        .values((
            email_outbox::to_address.eq(&email.to),
            email_outbox::subject.eq(&email.subject),
            email_outbox::body_text.eq(&email.text),
            email_outbox::body_html.eq(&email.html),
            email_outbox::status.eq("queued"),
            email_outbox::attempts.eq(0),
            email_outbox::created_at.eq(now),
        ))
        .returning(email_outbox::id)
        .get_result(conn)?)
}
