//! Types of interview calendars and slots.

use crate::application::model::Interview;
use crate::db::schema::interview_slots;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

/// An interview with everyone it concerns.
#[derive(Debug, Clone)]
pub struct InterviewParties {
    pub interview: Interview,
    pub internship_id: i64,
    pub employer_id: i64,
    pub title: String,
    pub company: String,
    /// The company owner's account: the organizer of the invitation.
    pub owner_user_id: i64,
    pub organizer_email: String,
    pub student_user_id: i64,
    pub student_name: String,
    pub student_email: String,
}

/// A row of `interview_slots`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interview_slots)]
pub struct Slot {
    pub id: i64,
    pub internship_id: i64,
    pub starts_at: NaiveDateTime,
    pub duration_minutes: i32,
    pub mode: String,
    pub location_or_link: Option<String>,
    pub application_id: Option<i64>,
    pub booked_at: Option<NaiveDateTime>,
}

impl Slot {
    /// The time in Indian Standard Time, as typed by the employer.
    pub fn when(&self) -> String {
        self.starts_at.format("%d %b %Y, %H:%M IST").to_string()
    }
    pub fn is_free(&self) -> bool {
        self.application_id.is_none()
    }
}

/// The student's "ask for another time" and "decline" forms.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResponseForm {
    pub note: String,
}
