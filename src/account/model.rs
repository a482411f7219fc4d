//! Types of the account module: the rows a data export holds (each serialised as JSON in the
//! ZIP), prepared exports and consents.

use crate::db::schema::{
    application_events, applications, consents, data_exports, employer_profiles,
    institute_profiles, interviews, notifications, saved_searches, student_profiles,
    student_resumes, uploaded_files, users,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

/// The account itself (never the password hash).
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct AccountExport {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub role: String,
    pub preferred_lang: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = student_profiles)]
pub struct StudentProfileExport {
    pub id: i64,
    pub institute_id: Option<i64>,
    pub institute_confirmed_at: Option<NaiveDateTime>,
    pub phone_number: Option<String>,
    pub current_city: Option<String>,
    pub pincode: Option<String>,
    pub district: Option<String>,
    pub state: Option<String>,
    pub university_name: Option<String>,
    pub degree: Option<String>,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub cgpa: Option<f64>,
    pub interests: Option<String>,
    pub projects: Option<String>,
    pub work_mode: String,
    pub preferred_location: Option<String>,
    pub willing_to_relocate: bool,
    pub apaar_id: Option<String>,
    pub share_with_institute: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = student_resumes)]
pub struct ResumeExport {
    pub headline: Option<String>,
    pub career_objective: Option<String>,
    pub education: Option<String>,
    pub work_experience: Option<String>,
    pub projects: Option<String>,
    pub certifications: Option<String>,
    pub extra_curricular: Option<String>,
    pub linkedin_url: Option<String>,
    pub github_url: Option<String>,
    pub file_id: Option<i64>,
    pub extracted_text: Option<String>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: i64,
    pub internship_id: i64,
    pub status: String,
    pub cover_letter: Option<String>,
    pub applied_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = application_events)]
pub struct EventExport {
    pub application_id: i64,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = interviews)]
pub struct InterviewExport {
    pub application_id: i64,
    pub scheduled_at: NaiveDateTime,
    pub duration_minutes: i32,
    pub mode: String,
    pub location_or_link: Option<String>,
    pub status: String,
}

/// A screening answer with its question.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerExport {
    pub application_id: i64,
    pub question: String,
    pub answer: String,
}

/// An application with the internship's title and company, its history, answers and interviews.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationExport {
    #[serde(flatten)]
    pub application: ApplicationRow,
    pub internship_title: String,
    pub company: String,
    pub history: Vec<EventExport>,
    pub answers: Vec<AnswerExport>,
    pub interviews: Vec<InterviewExport>,
}

/// A saved internship.
#[derive(Debug, Clone, Serialize)]
pub struct SavedExport {
    pub internship_id: i64,
    pub title: String,
    pub saved_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = saved_searches)]
pub struct SavedSearchExport {
    pub name: String,
    pub query: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub kind: String,
    pub message: String,
    pub link: Option<String>,
    pub read_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A notification as the user read it (in her language).
#[derive(Debug, Clone, Serialize)]
pub struct NotificationExport {
    pub kind: String,
    pub text: String,
    pub link: Option<String>,
    pub read_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = consents)]
pub struct ConsentExport {
    pub purpose: String,
    pub version: String,
    pub granted: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = uploaded_files)]
pub struct FileExport {
    pub id: i64,
    pub purpose: String,
    #[serde(skip)]
    pub stored_name: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = employer_profiles)]
pub struct EmployerProfileExport {
    pub company_name: String,
    pub contact_number: String,
    pub designation: Option<String>,
    pub organization_description: Option<String>,
    pub city: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<String>,
    pub website_url: Option<String>,
    pub verification_status: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = institute_profiles)]
pub struct InstituteProfileExport {
    pub institute_name: String,
    pub aishe_code: String,
    pub contact_number: String,
    pub city: Option<String>,
    pub state: Option<String>,
    pub website_url: Option<String>,
    pub verification_status: String,
    pub created_at: NaiveDateTime,
}

/// Everything held about one user, as `data.json` of the export.
#[derive(Debug, Clone, Serialize)]
pub struct DataExport {
    pub exported_at: NaiveDateTime,
    pub account: AccountExport,
    pub student_profile: Option<StudentProfileExport>,
    pub skills: Vec<String>,
    pub resume: Option<ResumeExport>,
    pub applications: Vec<ApplicationExport>,
    pub saved_internships: Vec<SavedExport>,
    pub saved_searches: Vec<SavedSearchExport>,
    pub notifications: Vec<NotificationExport>,
    pub consents: Vec<ConsentExport>,
    pub files: Vec<FileExport>,
    pub employer_profile: Option<EmployerProfileExport>,
    pub institute_profile: Option<InstituteProfileExport>,
}

/// A row of `data_exports`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = data_exports)]
pub struct ExportRow {
    pub id: i64,
    pub user_id: i64,
    pub token_hash: String,
    pub status: String,
    pub stored_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

impl ExportRow {
    pub fn is_ready(&self) -> bool {
        self.status == "ready"
    }
}
