//! Types of the application module: the status machine, rows, forms and what pages show.

use crate::db::schema::{applications, interviews};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

pub use super::status::{Actor, Status};

/// A row of `applications`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct Application {
    pub id: i64,
    pub student_id: i64,
    pub internship_id: i64,
    pub status: String,
    pub cover_letter: Option<String>,
    pub applied_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Application {
    /// The stored status; an unknown value (never written by this code) reads as submitted.
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Submitted)
    }
}

/// A row of `interviews`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interviews)]
pub struct Interview {
    pub id: i64,
    pub application_id: i64,
    pub scheduled_at: NaiveDateTime,
    pub duration_minutes: i32,
    pub mode: String,
    pub location_or_link: Option<String>,
    pub notes: Option<String>,
    pub status: String,
    /// Grows with every change (the calendar invitation's SEQUENCE).
    pub sequence: i32,
    /// The student's answer other than confirming: `declined` or `another_time`.
    pub response: Option<String>,
    pub response_note: Option<String>,
}

impl Interview {
    /// The time as typed by the employer, in Indian Standard Time.
    pub fn when(&self) -> String {
        self.scheduled_at.format("%d %b %Y, %H:%M IST").to_string()
    }
}

/// An interview still to come, with the title of the internship it is for.
#[derive(Debug, Clone)]
pub struct UpcomingInterview {
    pub interview: Interview,
    pub title: String,
}

/// The apply form as typed: a cover letter and one answer per screening question.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ApplyForm {
    pub cover_letter: String,
    pub answer_1: String,
    pub answer_2: String,
    pub answer_3: String,
    pub answer_4: String,
    pub answer_5: String,
}

impl ApplyForm {
    /// The answer typed for the question at `position` (1–5).
    pub fn answer(&self, position: &i32) -> &str {
        match *position {
            1 => &self.answer_1,
            2 => &self.answer_2,
            3 => &self.answer_3,
            4 => &self.answer_4,
            5 => &self.answer_5,
            _ => "",
        }
    }
}

/// A screening question as the apply form shows it.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: i64,
    pub position: i32,
    pub question: String,
    pub model_answer: Option<String>,
}

impl Question {
    /// The form field of this question's answer.
    pub fn field(&self) -> String {
        format!("answer_{}", self.position)
    }
}

/// `POST /employer/applications/{id}/status`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
    /// A note to the student (with an offer: the offer's note).
    pub reason: String,
    /// With `status=offered`: the offer's terms and the date to answer by (each may be left
    /// empty for the posting's own terms and a week).
    pub reply_by: String,
    pub stipend_amount: String,
    pub start_date: String,
    pub location: String,
}

/// `POST /employer/applications/{id}/interview`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InterviewForm {
    /// `YYYY-MM-DDTHH:MM` as a `datetime-local` input sends it.
    pub scheduled_at: String,
    pub duration_minutes: String,
    pub mode: String,
    pub location_or_link: String,
    pub notes: String,
}

/// What the student's list of applications shows per row.
#[derive(Debug, Clone)]
pub struct MyApplication {
    pub id: i64,
    pub internship_id: i64,
    pub title: String,
    pub company: String,
    pub status: Status,
    pub applied_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One status change as the pages show it.
#[derive(Debug, Clone)]
pub struct Event {
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub at: NaiveDateTime,
}

impl Event {
    /// Its note in `lang`: typed by a person, or a catalogue message Praktiki wrote.
    pub fn note(&self, lang: impl std::borrow::Borrow<crate::web::i18n::Lang>) -> Option<String> {
        let text = self.reason.as_deref()?;
        Some(crate::web::i18n::Msg::decode(text).text(*lang.borrow()))
    }

    /// When it happened, in Indian Standard Time.
    pub fn when(&self) -> String {
        (self.at + chrono::Duration::minutes(330))
            .format("%d %b %Y, %H:%M IST")
            .to_string()
    }
}

/// A screening answer with its question, and (for employers) how close it is to the model
/// answer, in percent.
#[derive(Debug, Clone)]
pub struct AnswerView {
    pub answer_id: i64,
    pub question_id: i64,
    pub question: String,
    /// The employer's model answer (never shown to students).
    pub model_answer: Option<String>,
    pub answer: String,
    pub closeness: Option<i32>,
}

/// One application in full, for the student who made it.
#[derive(Debug, Clone)]
pub struct ApplicationDetail {
    pub application: Application,
    pub title: String,
    pub company: String,
    pub answers: Vec<AnswerView>,
    pub events: Vec<Event>,
    pub interviews: Vec<Interview>,
    /// How many days the company usually takes to answer, when it has enough history.
    pub answers_within: Option<i64>,
    /// The offer made on this application, if any.
    pub offer: Option<super::offers::model::Offer>,
}

/// An applicant as the employer's list shows one.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub application: Application,
    pub student_id: i64,
    pub name: String,
    pub email: String,
    pub university: String,
    pub degree: String,
    pub city: String,
    pub skills: Vec<String>,
    /// Fit in percent and its reasons, when the matching engine could score it.
    pub fit: Option<Fit>,
    pub answers: Vec<AnswerView>,
    pub interviews: Vec<Interview>,
    /// The structured resume and the file's download link, when the student has a resume.
    pub resume: Option<crate::profile::resume::model::ResumeView>,
    /// The candidate deleted her account: no name, address or file is left to show.
    pub erased: bool,
}

/// How well an applicant fits the internship, with the same explanations students see.
#[derive(Debug, Clone, Default)]
pub struct Fit {
    pub percent: i32,
    pub similar: i32,
    pub skills_covered: i32,
    pub matched_skills: Vec<String>,
    /// Skills the applicant does not hold but has a close one for (never shown as held).
    pub related_skills: Vec<crate::matching::model::RelatedSkill>,
    pub missing_skills: Vec<String>,
    pub location_note: String,
}

impl From<&crate::matching::model::Recommendation> for Fit {
    fn from(rec: &crate::matching::model::Recommendation) -> Fit {
        let percent = |v: f32| (v.clamp(0.0, 1.0) * 100.0).round() as i32;
        let parts = &rec.explanation.parts;
        Fit {
            percent: percent(rec.score),
            similar: percent(parts.semantic),
            skills_covered: percent(parts.skills),
            matched_skills: rec.explanation.matched_skills.clone(),
            related_skills: rec.explanation.related_skills.clone(),
            missing_skills: rec.explanation.missing_skills.clone(),
            location_note: rec.explanation.location_note.to_string(),
        }
    }
}

/// Applications of one internship per status (for the employer's overview).
#[derive(Debug, Clone, Default)]
pub struct StatusCounts(pub Vec<(Status, i64)>);

impl StatusCounts {
    pub fn total(&self) -> i64 {
        self.0.iter().map(|(_, n)| n).sum()
    }
    pub fn of(&self, status: Status) -> i64 {
        self.0
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }
}
