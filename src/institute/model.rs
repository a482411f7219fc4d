//! Types of the institute module.

use crate::application::model::Status;
use crate::db::schema::institute_profiles;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

/// A row of `institute_profiles`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = institute_profiles)]
pub struct InstituteProfile {
    pub id: i64,
    pub user_id: i64,
    pub institute_name: String,
    pub aishe_code: String,
    pub contact_number: String,
    pub city: Option<String>,
    pub state: Option<String>,
    pub website_url: Option<String>,
    pub verification_status: String,
    pub rejection_reason: Option<String>,
    pub verified_at: Option<NaiveDateTime>,
}

impl InstituteProfile {
    pub fn is_approved(&self) -> bool {
        self.verification_status == "approved"
    }
}

/// The values an institute profile is saved with (already validated).
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = institute_profiles, treat_none_as_null = true)]
pub struct InstituteProfileChanges {
    pub institute_name: String,
    pub aishe_code: String,
    pub contact_number: String,
    pub city: Option<String>,
    pub state: Option<String>,
    pub website_url: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// The institute profile form as typed (re-rendered as typed on errors).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InstituteProfileForm {
    pub institute_name: String,
    pub aishe_code: String,
    pub contact_number: String,
    pub city: String,
    pub state: String,
    pub website_url: String,
}

impl InstituteProfileForm {
    pub fn from_profile(p: &InstituteProfile) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        InstituteProfileForm {
            institute_name: p.institute_name.clone(),
            aishe_code: p.aishe_code.clone(),
            contact_number: p.contact_number.clone(),
            city: s(&p.city),
            state: s(&p.state),
            website_url: s(&p.website_url),
        }
    }
}

/// A student linked to an institute, as its list shows one.
#[derive(Debug, Clone, Queryable)]
pub struct LinkedStudent {
    pub student_id: i64,
    pub name: String,
    pub email: String,
    pub degree: Option<String>,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub confirmed_at: Option<NaiveDateTime>,
}

impl LinkedStudent {
    pub fn confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }
}

/// A confirmed student's profile as the institute sees it (read-only).
#[derive(Debug, Clone, Queryable)]
pub struct StudentRecord {
    pub student_id: i64,
    pub name: String,
    pub email: String,
    pub university_name: Option<String>,
    pub degree: Option<String>,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub cgpa: Option<f64>,
    pub current_city: Option<String>,
    pub interests: Option<String>,
    pub projects: Option<String>,
    /// The student's APAAR ID (12 digits), which the institute needs for its records.
    pub apaar_id: Option<String>,
}

/// One application of an institute's student: the internship, the company, where it stands.
#[derive(Debug, Clone)]
pub struct StudentApplication {
    pub student_id: i64,
    pub title: String,
    pub company: String,
    pub status: Status,
    pub applied_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Everything the page of one student shows.
#[derive(Debug, Clone)]
pub struct StudentView {
    pub student: LinkedStudent,
    /// Only for a confirmed student: profile, skills and applications.
    pub record: Option<(StudentRecord, Vec<String>, Vec<StudentApplication>)>,
}

/// Placement figures of an institute's confirmed students.
#[derive(Debug, Clone, Default)]
pub struct PlacementStats {
    pub confirmed: i64,
    /// Students waiting for the institute's confirmation.
    pub awaiting: i64,
    pub applied: i64,
    pub applications: i64,
    /// Students with an application shortlisted or at interview now.
    pub in_process: i64,
    /// Students with an accepted application.
    pub placed: i64,
    pub top_companies: Vec<(String, i64)>,
    pub top_skills: Vec<(String, i64)>,
}

impl PlacementStats {
    /// Placed students as a whole percentage of confirmed students (0 when there are none).
    pub fn placement_rate(&self) -> i64 {
        if self.confirmed == 0 {
            0
        } else {
            (self.placed * 100 + self.confirmed / 2) / self.confirmed
        }
    }
}

/// Where an institute stands, for the notice shown instead of student data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// No profile yet.
    NoProfile,
    Pending,
    Rejected,
    Approved,
}

impl Standing {
    pub fn of(profile: Option<&InstituteProfile>) -> Standing {
        match profile.map(|p| p.verification_status.as_str()) {
            None => Standing::NoProfile,
            Some("approved") => Standing::Approved,
            Some("rejected") => Standing::Rejected,
            Some(_) => Standing::Pending,
        }
    }
}

/// An approved institute a student may link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstituteRef {
    pub id: i64,
    pub user_id: i64,
}

/// The institute a student's profile links to, as the student's profile page shows it.
#[derive(Debug, Clone)]
pub struct StudentLink {
    pub aishe_code: String,
    pub institute_name: String,
    pub confirmed: bool,
}
