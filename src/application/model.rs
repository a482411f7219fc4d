//! Types of the application module: the status machine, rows, forms and what pages show.

use crate::db::schema::{applications, interviews};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

/// Where an application stands. `pending → shortlisted → interview → accepted | rejected`, or
/// `withdrawn` by the student while it is still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Pending,
    Shortlisted,
    Interview,
    Accepted,
    Rejected,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Pending,
        Status::Shortlisted,
        Status::Interview,
        Status::Accepted,
        Status::Rejected,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Shortlisted => "shortlisted",
            Status::Interview => "interview",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// Accepted, rejected and withdrawn applications are closed: nothing moves them any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Accepted | Status::Rejected | Status::Withdrawn
        )
    }

    /// The moves an employer may make from here.
    pub fn employer_moves(self) -> &'static [Status] {
        match self {
            Status::Pending => &[Status::Shortlisted, Status::Rejected],
            Status::Shortlisted => &[Status::Interview, Status::Accepted, Status::Rejected],
            Status::Interview => &[Status::Accepted, Status::Rejected],
            _ => &[],
        }
    }

    /// The moves an employer may make on an application to a posting an administrator took
    /// down: it can only be declined, so the student is not left waiting on a dead posting.
    pub fn employer_moves_on(self, posting_status: &str) -> &'static [Status] {
        let moves = self.employer_moves();
        if posting_status != "taken_down" {
            moves
        } else if moves.contains(&Status::Rejected) {
            &[Status::Rejected]
        } else {
            &[]
        }
    }

    /// A student may confirm a proposed interview only while the application is at that stage.
    pub fn may_confirm_interview(self) -> bool {
        self == Status::Interview
    }

    /// A student may withdraw an application that is still open.
    pub fn may_withdraw(self) -> bool {
        !self.is_final()
    }

    /// Translation key of the status name.
    pub fn label_key(self) -> &'static str {
        match self {
            Status::Pending => "status.pending",
            Status::Shortlisted => "status.shortlisted",
            Status::Interview => "status.interview",
            Status::Accepted => "status.accepted",
            Status::Rejected => "status.rejected",
            Status::Withdrawn => "status.withdrawn",
        }
    }
}

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
    /// The stored status; an unknown value (never written by this code) reads as pending.
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Pending)
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
    pub reason: String,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_final_ones_do_not_move() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("hired"), None);
        for s in [Status::Accepted, Status::Rejected, Status::Withdrawn] {
            assert!(s.employer_moves().is_empty());
            assert!(!s.may_withdraw());
        }
        assert!(!Status::Pending.employer_moves().contains(&Status::Accepted));
        assert!(
            Status::Interview
                .employer_moves()
                .contains(&Status::Accepted)
        );
    }

    #[test]
    fn a_taken_down_posting_only_lets_open_applications_be_declined() {
        assert_eq!(
            Status::Shortlisted.employer_moves_on("taken_down"),
            &[Status::Rejected]
        );
        assert_eq!(
            Status::Pending.employer_moves_on("active"),
            Status::Pending.employer_moves()
        );
        assert!(Status::Withdrawn.employer_moves_on("taken_down").is_empty());
    }
}
