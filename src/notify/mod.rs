//! Telling people things. Email: queued in the outbox inside the caller's transaction, sent by a
//! background job over SMTP (STARTTLS) or, without SMTP, written as `.eml` files under
//! `OUTBOX_DIR`. In-app notifications: rows shown on `/notifications`.
//!
//! Other modules use this one through `service` only (its public face); `store` is its own
//! (ARCHITECTURE.md).

pub mod mailer;
pub mod message;
pub mod model;
pub mod routes;
pub mod secrets;
pub mod service;
pub mod store;
pub mod tell;

pub use tell::{
    Letter, Notice, email_user, email_user_unsubscribable, notify, recipient, tell, tell_once,
};
