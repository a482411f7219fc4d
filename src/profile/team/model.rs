//! Types of team seats.

use crate::db::schema::employer_members;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

/// A row of `employer_members`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = employer_members)]
pub struct Member {
    pub id: i64,
    pub employer_id: i64,
    pub email: String,
    pub user_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub joined_at: Option<NaiveDateTime>,
}

impl Member {
    pub fn has_joined(&self) -> bool {
        self.joined_at.is_some()
    }
}

/// `POST /employer/team/invite`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
}

/// `GET,POST /employer/team/join`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct JoinForm {
    pub token: String,
}

/// What `/employer/team` shows.
#[derive(Debug, Clone)]
pub struct TeamView {
    pub company: String,
    pub owner_email: String,
    pub is_owner: bool,
    pub members: Vec<Member>,
}
