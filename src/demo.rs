//! `praktiki seed-demo`: a small, believable platform to click through after a fresh install —
//! an administrator, verified companies with open internships in several fields, a verified
//! institute, students with profiles (two of them confirmed by the institute), and applications
//! at different stages so that the employer's, student's and institute's pages have something
//! to show. Everything goes through the modules' own services (validation, skills,
//! embedding jobs), so demo data looks exactly like data typed into the forms. Seeding twice
//! changes nothing: accounts that already exist are left alone.

use crate::application::model::{ApplyForm, StatusForm};
use crate::auth::model::Role;
use crate::auth::service::{AuthError, create_demo_user};
use crate::db::{DbConnection, DbError};
use crate::institute::model::InstituteProfileForm;
use crate::internship::model::InternshipForm;
use crate::profile::model::{EmployerProfileForm, StudentProfileForm};
use crate::web::SessionUser;

mod data;
use data::*;

/// Every demo account's address ends with this (a reserved domain: mail to it goes nowhere).
pub const DEMO_DOMAIN: &str = "demo.praktiki.invalid";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo password: {0}")]
    Password(String),
    #[error("{what}: {message}")]
    Invalid { what: String, message: String },
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<AuthError> for DemoError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Db(e) => DemoError::Db(e),
            other => DemoError::Invalid {
                what: "account".into(),
                message: other.to_string(),
            },
        }
    }
}

/// What seeding made (accounts that existed already are not counted).
#[derive(Debug, Default)]
pub struct SeedReport {
    pub accounts: usize,
    pub internships: usize,
    pub applications: usize,
}

/// Seeds the demo platform. `password` is every demo account's password (it must pass the
/// password policy); an administrator `admin@DEMO_DOMAIN` approves the companies.
pub fn seed(
    conn: &mut DbConnection,
    pepper: &crate::auth::password::Pepper,
    password: &str,
) -> Result<SeedReport, DemoError> {
    if let Some(problem) =
        crate::auth::password::policy_violation(password, &[&format!("user@{DEMO_DOMAIN}")])
    {
        return Err(DemoError::Password(problem.to_string()));
    }
    let hash = crate::auth::password::hash(pepper, password)
        .map_err(|e| DemoError::Password(e.to_string()))?;
    let mut report = SeedReport::default();
    let email = |key: &str| format!("{key}@{DEMO_DOMAIN}");
    let admin = match create_demo_user(conn, &email("admin"), &hash, "Demo Admin", Role::Admin)? {
        Some(id) => {
            report.accounts += 1;
            id
        }
        None => match crate::auth::service::find_user_by_email(conn, &email("admin"))? {
            Some(user) => user.id,
            None => return Err(DemoError::Db(DbError::Pool("demo admin vanished".into()))),
        },
    };
    // (title, internship id, employer user id) of the postings made now.
    let mut postings: Vec<(&str, i64, i64)> = Vec::new();
    for company in COMPANIES {
        let Some(user_id) = create_demo_user(
            conn,
            &email(company.key),
            &hash,
            "Priya Menon",
            Role::Employer,
        )?
        else {
            continue;
        };
        report.accounts += 1;
        for (title, id) in seed_company(conn, admin, user_id, company)? {
            postings.push((title, id, user_id));
        }
    }
    report.internships = postings.len();
    let institute = seed_institute(conn, &hash, admin, &email(INSTITUTE_KEY))?;
    report.accounts += usize::from(institute.is_some());
    let mut new_students = Vec::new();
    for student in STUDENTS {
        let Some(user_id) = create_demo_user(
            conn,
            &email(student.key),
            &hash,
            student.name,
            Role::Student,
        )?
        else {
            continue;
        };
        report.accounts += 1;
        let form = StudentProfileForm {
            current_city: student.city.into(),
            university_name: student.university.into(),
            degree: student.degree.into(),
            department: student.department.into(),
            year: student.year.to_string(),
            skills: student.skills.into(),
            interests: student.interests.into(),
            projects: student.projects.into(),
            work_mode: student.mode.into(),
            aishe_code: if student.at_institute {
                INSTITUTE_AISHE.into()
            } else {
                String::new()
            },
            ..Default::default()
        };
        crate::profile::service::save_student(conn, user_id, &form)
            .map_err(|e| invalid(student.name, e))?;
        new_students.push((student.key, user_id));
    }
    if let Some(institute) = &institute {
        confirm_students(conn, institute, &new_students)?;
    }
    report.applications = seed_applications(conn, &new_students, &postings)?;
    Ok(report)
}

/// The demo institute, verified by the administrator (`None` when it exists already).
fn seed_institute(
    conn: &mut DbConnection,
    hash: &str,
    admin: i64,
    address: &str,
) -> Result<Option<SessionUser>, DemoError> {
    let Some(user_id) = create_demo_user(conn, address, hash, "Anjali Rao", Role::Institute)?
    else {
        return Ok(None);
    };
    let user = SessionUser {
        id: user_id,
        email: address.to_string(),
        full_name: "Anjali Rao".into(),
        role: Role::Institute,
        email_verified: true,
    };
    let form = InstituteProfileForm {
        institute_name: INSTITUTE_NAME.into(),
        aishe_code: INSTITUTE_AISHE.into(),
        contact_number: "020 2567 1234".into(),
        city: "Pune".into(),
        state: "Maharashtra".into(),
        website_url: String::new(),
    };
    crate::institute::service::save_profile(conn, &user, &form)
        .map_err(|e| invalid(INSTITUTE_NAME, e))?;
    let institute = crate::institute::service::by_user(conn, user_id)?
        .ok_or_else(|| invalid(INSTITUTE_NAME, "profile not saved"))?;
    crate::admin::service::decide_institute(conn, admin, institute.id, true, None, "")?;
    Ok(Some(user))
}

/// The institute confirms the new demo students who linked to it.
fn confirm_students(
    conn: &mut DbConnection,
    institute: &SessionUser,
    students: &[(&str, i64)],
) -> Result<(), DemoError> {
    for (key, user_id) in students {
        let linked = STUDENTS.iter().any(|s| s.key == *key && s.at_institute);
        let Some(profile) = crate::profile::service::student_by_user(conn, *user_id)? else {
            continue;
        };
        if linked {
            crate::institute::service::confirm_student(conn, institute, profile.id)
                .map_err(|e| invalid(key, e))?;
        }
    }
    Ok(())
}

/// The demo applications of the new demo students, moved on by their employers as listed.
fn seed_applications(
    conn: &mut DbConnection,
    students: &[(&str, i64)],
    postings: &[(&str, i64, i64)],
) -> Result<usize, DemoError> {
    let mut made = 0;
    for (key, title, answer, status) in APPLICATIONS {
        let Some((_, user_id)) = students.iter().find(|(k, _)| k == key) else {
            continue;
        };
        let Some(&(_, internship_id, employer_user)) = postings.iter().find(|p| p.0 == *title)
        else {
            continue;
        };
        let form = ApplyForm {
            cover_letter: "I would love to learn from your team this summer.".into(),
            answer_1: answer.to_string(),
            ..Default::default()
        };
        let application =
            crate::application::service::apply(conn, *user_id, true, internship_id, &form, "")
                .map_err(|e| invalid(title, e))?;
        made += 1;
        let steps: &[&str] = match *status {
            "shortlisted" => &["shortlisted"],
            "offered" => &["shortlisted", "offered"],
            _ => &[],
        };
        for step in steps {
            let form = StatusForm {
                status: step.to_string(),
                ..Default::default()
            };
            let (_, moved) = crate::application::service::change_status(
                conn,
                employer_user,
                application,
                &form,
                "",
            )
            .map_err(|e| invalid(title, e))?;
            moved.map_err(|why| invalid(title, why))?;
        }
    }
    Ok(made)
}

fn seed_company(
    conn: &mut DbConnection,
    admin: i64,
    user_id: i64,
    company: &'static DemoCompany,
) -> Result<Vec<(&'static str, i64)>, DemoError> {
    let profile = EmployerProfileForm {
        company_name: company.name.into(),
        contact_number: "98765 43210".into(),
        designation: "HR Manager".into(),
        city: company.city.into(),
        industry: company.industry.into(),
        ..Default::default()
    };
    let (employer_id, _) = crate::profile::service::save_employer(conn, user_id, &profile)
        .map_err(|e| invalid(company.name, e))?;
    crate::admin::service::decide_employer(conn, admin, employer_id, true, None, None)?;
    let deadline = crate::internship::service::today() + chrono::Duration::days(45);
    let mut made = Vec::new();
    for posting in company.internships {
        let form = InternshipForm {
            title: posting.title.into(),
            description: posting.description.into(),
            location: posting.location.into(),
            mode: posting.mode.into(),
            duration_weeks: posting.weeks.to_string(),
            stipend_amount: posting.stipend.to_string(),
            openings: "2".into(),
            deadline: deadline.to_string(),
            skills: posting.skills.into(),
            question_1: posting.question.into(),
            ..Default::default()
        };
        let id = crate::internship::service::create(conn, user_id, true, &form)
            .map_err(|e| invalid(posting.title, e))?;
        made.push((posting.title, id));
    }
    Ok(made)
}

fn invalid(what: &str, e: impl std::fmt::Debug) -> DemoError {
    DemoError::Invalid {
        what: what.to_string(),
        message: format!("{e:?}"),
    }
}
