//! The audit log of security events: who did what, from where, when, and how it ended. Never
//! passwords or tokens: `detail` is a short human sentence.

use crate::db::schema::audit_log;
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
}

/// One event to record.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub actor_user_id: Option<i64>,
    pub actor_email: Option<&'a str>,
    pub action: &'a str,
    pub target: Option<(&'a str, i64)>,
    pub ip: Option<&'a str>,
    pub outcome: Outcome,
    pub detail: Option<&'a str>,
}

impl<'a> Event<'a> {
    pub fn new(action: &'a str, outcome: Outcome) -> Self {
        Event {
            actor_user_id: None,
            actor_email: None,
            action,
            target: None,
            ip: None,
            outcome,
            detail: None,
        }
    }
    pub fn actor(mut self, id: Option<i64>, email: &'a str) -> Self {
        self.actor_user_id = id;
        self.actor_email = Some(email);
        self
    }
    pub fn target(mut self, kind: &'a str, id: i64) -> Self {
        self.target = Some((kind, id));
        self
    }
    pub fn ip(mut self, ip: &'a str) -> Self {
        self.ip = Some(ip);
        self
    }
    pub fn detail(mut self, detail: &'a str) -> Self {
        self.detail = Some(detail);
        self
    }
}

pub fn record(conn: &mut DbConnection, event: Event<'_>) -> Result<(), DbError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::actor_user_id.eq(event.actor_user_id),
            audit_log::actor_email.eq(event.actor_email),
            audit_log::action.eq(event.action),
            audit_log::target_type.eq(event.target.map(|t| t.0)),
            audit_log::target_id.eq(event.target.map(|t| t.1)),
            audit_log::ip.eq(event.ip),
            audit_log::outcome.eq(event.outcome.as_str()),
            audit_log::detail.eq(event.detail),
            audit_log::created_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}
