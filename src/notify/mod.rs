//! Email: queued in the outbox inside the caller's transaction, sent by a background job over SMTP
//! (STARTTLS) or, without SMTP, written as `.eml` files under `OUTBOX_DIR`.

pub mod mailer;
pub mod model;
pub mod service;
pub mod store;
