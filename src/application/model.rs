//! Types of the application module: the status machine, rows, forms and what pages show.

use crate::db::schema::{applications, interviews};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

/// Where an application stands. Open: `submitted → viewed → shortlisted → interview → offered`;
/// closed: `accepted` or `declined` by the student (an offer), `not_selected` by the employer,
/// `withdrawn` by the student, `expired` (an offer not answered in time). Every move is checked
/// by [`Status::may_move`], the one table of allowed transitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Submitted,
    Viewed,
    Shortlisted,
    Interview,
    Offered,
    Accepted,
    Declined,
    NotSelected,
    Withdrawn,
    Expired,
}

/// Who moves an application: the company, the student, or Praktiki itself (opening the
/// applicant's page, an offer's deadline passing, another offer accepted, a suspension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Employer,
    Student,
    Platform,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Submitted,
        Status::Viewed,
        Status::Shortlisted,
        Status::Interview,
        Status::Offered,
        Status::Accepted,
        Status::Declined,
        Status::NotSelected,
        Status::Withdrawn,
        Status::Expired,
    ];

    /// The statuses of an application still under way.
    pub const OPEN: [Status; 5] = [
        Status::Submitted,
        Status::Viewed,
        Status::Shortlisted,
        Status::Interview,
        Status::Offered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Viewed => "viewed",
            Status::Shortlisted => "shortlisted",
            Status::Interview => "interview",
            Status::Offered => "offered",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::NotSelected => "not_selected",
            Status::Withdrawn => "withdrawn",
            Status::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// The stored names of the open statuses (for queries).
    pub fn open_names() -> [&'static str; 5] {
        Status::OPEN.map(Status::as_str)
    }

    /// Closed applications never move again.
    pub fn is_final(self) -> bool {
        !Status::OPEN.contains(&self)
    }

    /// The one table of allowed transitions.
    pub fn may_move(self, to: Status, by: Actor) -> bool {
        use Status::*;
        match by {
            Actor::Employer => self.employer_moves().contains(&to),
            // Offers are answered with accept or decline; anything else open may be withdrawn.
            Actor::Student => match self {
                Offered => matches!(to, Accepted | Declined),
                from => !from.is_final() && to == Withdrawn,
            },
            Actor::Platform => match (self, to) {
                (Submitted, Viewed) => true,
                (Offered, Expired) => true,
                // Another offer accepted: offers are declined, the rest withdrawn.
                (Offered, Declined) => true,
                (from, Withdrawn) => !from.is_final() && from != Offered,
                // The company was suspended: whatever was open is closed.
                (from, NotSelected) => !from.is_final(),
                _ => false,
            },
        }
    }

    /// The moves an employer may make from here (the status form's choices).
    pub fn employer_moves(self) -> &'static [Status] {
        match self {
            Status::Submitted | Status::Viewed => &[Status::Shortlisted, Status::NotSelected],
            Status::Shortlisted => &[Status::Interview, Status::Offered, Status::NotSelected],
            Status::Interview => &[Status::Offered, Status::NotSelected],
            _ => &[],
        }
    }

    /// The moves an employer may make on an application to a posting an administrator took
    /// down: it can only be declined, so the student is not left waiting on a dead posting.
    pub fn employer_moves_on(self, posting_status: &str) -> &'static [Status] {
        let moves = self.employer_moves();
        if posting_status != "taken_down" {
            moves
        } else if moves.contains(&Status::NotSelected) {
            &[Status::NotSelected]
        } else {
            &[]
        }
    }

    /// A student may confirm a proposed interview only while the application is at that stage.
    pub fn may_confirm_interview(self) -> bool {
        self == Status::Interview
    }

    /// A student may withdraw an application that is still open (an offer is declined instead).
    pub fn may_withdraw(self) -> bool {
        self.may_move(Status::Withdrawn, Actor::Student)
    }

    /// Translation key of the status name.
    pub fn label_key(self) -> &'static str {
        match self {
            Status::Submitted => "status.submitted",
            Status::Viewed => "status.viewed",
            Status::Shortlisted => "status.shortlisted",
            Status::Interview => "status.interview",
            Status::Offered => "status.offered",
            Status::Accepted => "status.accepted",
            Status::Declined => "status.declined",
            Status::NotSelected => "status.not_selected",
            Status::Withdrawn => "status.withdrawn",
            Status::Expired => "status.expired",
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
}

/// How well an applicant fits the internship, with the same explanations students see.
#[derive(Debug, Clone, Default)]
pub struct Fit {
    pub percent: i32,
    pub similar: i32,
    pub skills_covered: i32,
    pub matched_skills: Vec<String>,
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
        for s in Status::ALL.into_iter().filter(|s| s.is_final()) {
            assert!(s.employer_moves().is_empty());
            assert!(!s.may_withdraw());
            for to in Status::ALL {
                for by in [Actor::Employer, Actor::Student, Actor::Platform] {
                    assert!(!s.may_move(to, by), "{s:?} -> {to:?} by {by:?}");
                }
            }
        }
        assert!(!Status::Submitted.employer_moves().contains(&Status::Offered));
        assert!(Status::Interview.employer_moves().contains(&Status::Offered));
    }

    #[test]
    fn only_the_student_answers_an_offer_and_only_the_platform_marks_viewed() {
        assert!(Status::Offered.may_move(Status::Accepted, Actor::Student));
        assert!(Status::Offered.may_move(Status::Declined, Actor::Student));
        assert!(!Status::Offered.may_move(Status::Accepted, Actor::Employer));
        assert!(!Status::Offered.may_withdraw());
        assert!(Status::Submitted.may_move(Status::Viewed, Actor::Platform));
        assert!(!Status::Shortlisted.may_move(Status::Viewed, Actor::Platform));
        assert!(!Status::Submitted.may_move(Status::Viewed, Actor::Employer));
        assert!(Status::Offered.may_move(Status::Expired, Actor::Platform));
        assert!(!Status::Interview.may_move(Status::Expired, Actor::Platform));
    }

    #[test]
    fn a_taken_down_posting_only_lets_open_applications_be_declined() {
        assert_eq!(
            Status::Shortlisted.employer_moves_on("taken_down"),
            &[Status::NotSelected]
        );
        assert_eq!(
            Status::Submitted.employer_moves_on("active"),
            Status::Submitted.employer_moves()
        );
        assert!(Status::Withdrawn.employer_moves_on("taken_down").is_empty());
    }
}
