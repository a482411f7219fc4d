//! Types of the profile module.

use crate::application::model::{MyApplication, Status, UpcomingInterview};
use crate::db::schema::{employer_profiles, student_profiles};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Deserialize;

/// A row of `student_profiles`.
#[derive(Debug, Clone, Default, Queryable, Selectable)]
#[diesel(table_name = student_profiles)]
pub struct StudentProfile {
    pub id: i64,
    pub user_id: i64,
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
}

/// The values a student profile is saved with (already validated).
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = student_profiles, treat_none_as_null = true)]
pub struct StudentProfileChanges {
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
    pub updated_at: NaiveDateTime,
}

/// The student profile form as typed (every field a string, so it can be re-rendered as is).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StudentProfileForm {
    pub phone_number: String,
    pub current_city: String,
    pub pincode: String,
    pub district: String,
    pub state: String,
    pub university_name: String,
    pub degree: String,
    pub department: String,
    pub year: String,
    pub cgpa: String,
    pub skills: String,
    pub interests: String,
    pub projects: String,
    pub work_mode: String,
    pub preferred_location: String,
    pub willing_to_relocate: Option<String>,
    pub apaar_id: String,
    /// The AISHE code of the student's institute (links the profile to a verified institute).
    pub aishe_code: String,
}

impl StudentProfileForm {
    pub fn from_profile(p: &StudentProfile, skills: &[String]) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        StudentProfileForm {
            phone_number: s(&p.phone_number),
            current_city: s(&p.current_city),
            pincode: s(&p.pincode),
            district: s(&p.district),
            state: s(&p.state),
            university_name: s(&p.university_name),
            degree: s(&p.degree),
            department: s(&p.department),
            year: p.year.map(|y| y.to_string()).unwrap_or_default(),
            cgpa: p.cgpa.map(|c| c.to_string()).unwrap_or_default(),
            skills: skills.join(", "),
            interests: s(&p.interests),
            projects: s(&p.projects),
            work_mode: p.work_mode.clone(),
            preferred_location: s(&p.preferred_location),
            willing_to_relocate: p.willing_to_relocate.then(|| "on".to_string()),
            apaar_id: s(&p.apaar_id),
            // Filled from the linked institute by the caller (not a column of the profile).
            aishe_code: String::new(),
        }
    }

    pub fn relocate(&self) -> bool {
        self.willing_to_relocate.is_some()
    }
}

/// A row of `employer_profiles`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = employer_profiles)]
pub struct EmployerProfile {
    pub id: i64,
    pub user_id: i64,
    pub company_name: String,
    pub contact_number: String,
    pub designation: Option<String>,
    pub organization_description: Option<String>,
    pub city: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<String>,
    pub website_url: Option<String>,
    /// The company's logo (PNG, JPEG or WebP), shown once the company is verified.
    pub logo_file_id: Option<i64>,
    /// The registration or licence document admins check before verifying.
    pub license_file_id: Option<i64>,
    pub verification_status: String,
    pub rejection_reason: Option<String>,
}

impl EmployerProfile {
    pub fn is_approved(&self) -> bool {
        self.verification_status == "approved"
    }
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = employer_profiles, treat_none_as_null = true)]
pub struct EmployerProfileChanges {
    pub company_name: String,
    pub contact_number: String,
    pub designation: Option<String>,
    pub organization_description: Option<String>,
    pub city: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<String>,
    pub website_url: Option<String>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EmployerProfileForm {
    pub company_name: String,
    pub contact_number: String,
    pub designation: String,
    pub organization_description: String,
    pub city: String,
    pub industry: String,
    pub employee_count: String,
    pub website_url: String,
}

impl EmployerProfileForm {
    pub fn from_profile(p: &EmployerProfile) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        EmployerProfileForm {
            company_name: p.company_name.clone(),
            contact_number: p.contact_number.clone(),
            designation: s(&p.designation),
            organization_description: s(&p.organization_description),
            city: s(&p.city),
            industry: s(&p.industry),
            employee_count: s(&p.employee_count),
            website_url: s(&p.website_url),
        }
    }
}

/// One step towards a profile that matching can work with, for the dashboard's checklist.
#[derive(Debug, Clone)]
pub struct ProfileStep {
    /// Translation key of the step.
    pub key: &'static str,
    /// Where the student does it.
    pub link: &'static str,
    pub done: bool,
    /// Suggested but not counted in the strength (linking an institute is only possible when
    /// the student's institute is on Praktiki).
    pub optional: bool,
}

/// Everything a student's dashboard shows.
#[derive(Debug, Clone, Default)]
pub struct StudentOverview {
    pub has_profile: bool,
    pub steps: Vec<ProfileStep>,
    /// Applications per status (only statuses with any).
    pub counts: Vec<(Status, usize)>,
    /// The latest applications, newest first.
    pub recent: Vec<MyApplication>,
    pub interviews: Vec<UpcomingInterview>,
    /// Offers waiting for the student's answer, the soonest due first.
    pub offers: Vec<crate::application::offers::model::OpenOffer>,
    /// Saved internships closing soon: (id, title, deadline).
    pub closing: Vec<(i64, String, NaiveDate)>,
}

impl StudentOverview {
    /// Share of the checklist's counted steps done, in whole percent.
    pub fn percent_complete(&self) -> usize {
        let counted = self.steps.iter().filter(|s| !s.optional);
        match counted.clone().count() {
            0 => 0,
            n => counted.filter(|s| s.done).count() * 100 / n,
        }
    }

    pub fn steps_left(&self) -> Vec<&ProfileStep> {
        self.steps.iter().filter(|s| !s.done).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_step_is_suggested_but_not_counted() {
        let step = |done, optional| ProfileStep {
            key: "k",
            link: "/",
            done,
            optional,
        };
        let mut o = StudentOverview {
            steps: vec![step(true, false), step(false, false), step(false, true)],
            ..Default::default()
        };
        assert_eq!(o.percent_complete(), 50);
        assert_eq!(o.steps_left().len(), 2);
        o.steps[1].done = true;
        assert_eq!(o.percent_complete(), 100, "only the optional step is left");
        assert_eq!(StudentOverview::default().percent_complete(), 0);
    }
}
