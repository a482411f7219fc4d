//! Rules of the profile module: what a valid profile is, and saving it with its skills.

use super::model::*;
use super::store;
use crate::db::{DbConnection, DbError, skills};
use crate::web::FieldErrors;
use crate::web::i18n::Msg;

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::resume::store::{resume_of, view_of as resume_view_of};
pub use super::store::{
    employer_by_user, employers_by_status, set_employer_status, student_by_user, touch_employer_of,
};

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ProfileError {
    fn from(e: diesel::result::Error) -> Self {
        ProfileError::Db(e.into())
    }
}

/// Trimmed, `None` when empty; records an error when longer than `max` characters.
pub(crate) fn text(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max: usize,
) -> Option<String> {
    let value = value.trim();
    if value.chars().count() > max {
        errors.add(field, Msg::new("err.max_chars").with("max", max));
    }
    (!value.is_empty()).then(|| value.to_string())
}

/// An Indian mobile or landline number: 10 digits, optionally with +91 / 0 and spaces or dashes.
pub fn phone(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    required: bool,
) -> Option<String> {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let national = digits
        .strip_prefix("91")
        .filter(|d| d.len() == 10)
        .or_else(|| digits.strip_prefix('0'))
        .unwrap_or(&digits);
    if value.trim().is_empty() {
        if required {
            errors.add(field, "err.phone_required");
        }
        return None;
    }
    if national.len() != 10
        || value
            .chars()
            .any(|c| !(c.is_ascii_digit() || " +-()".contains(c)))
    {
        errors.add(field, "err.phone_format");
        return None;
    }
    Some(national.to_string())
}

pub fn student_changes(
    form: &StudentProfileForm,
) -> Result<(StudentProfileChanges, Vec<String>), FieldErrors> {
    let mut e = FieldErrors::default();
    let year = match form.year.trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) if (1..=6).contains(&y) => Some(y),
            _ => {
                e.add("year", "err.year");
                None
            }
        },
    };
    let cgpa = match form.cgpa.trim() {
        "" => None,
        c => match c.parse::<f64>() {
            Ok(c) if (0.0..=10.0).contains(&c) => Some(c),
            _ => {
                e.add("cgpa", "err.cgpa");
                None
            }
        },
    };
    // The card prints the APAAR ID in groups ("1234 5678 9012"): spaces and dashes are layout.
    let apaar: String = form
        .apaar_id
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let apaar_id = match apaar.as_str() {
        "" => None,
        id if id.len() == 12 && id.chars().all(|c| c.is_ascii_digit()) => Some(id.to_string()),
        _ => {
            e.add("apaar_id", "err.apaar_format");
            None
        }
    };
    let pincode = match form.pincode.trim() {
        "" => None,
        p if p.len() == 6 && p.chars().all(|c| c.is_ascii_digit()) && !p.starts_with('0') => {
            Some(p.to_string())
        }
        _ => {
            e.add("pincode", "err.pincode");
            None
        }
    };
    let work_mode = match form.work_mode.trim() {
        "" => "any".to_string(),
        m @ ("remote" | "onsite" | "hybrid" | "any") => m.to_string(),
        _ => {
            e.add("work_mode", "err.work_mode");
            "any".to_string()
        }
    };
    let changes = StudentProfileChanges {
        phone_number: phone(&mut e, "phone_number", &form.phone_number, false),
        current_city: text(&mut e, "current_city", &form.current_city, 80),
        pincode,
        district: text(&mut e, "district", &form.district, 80),
        state: text(&mut e, "state", &form.state, 80),
        university_name: text(&mut e, "university_name", &form.university_name, 150),
        degree: text(&mut e, "degree", &form.degree, 80),
        department: text(&mut e, "department", &form.department, 100),
        year,
        cgpa,
        interests: text(&mut e, "interests", &form.interests, 2000),
        projects: text(&mut e, "projects", &form.projects, 4000),
        work_mode,
        preferred_location: text(&mut e, "preferred_location", &form.preferred_location, 80),
        willing_to_relocate: form.relocate(),
        apaar_id,
        updated_at: chrono::Utc::now().naive_utc(),
    };
    let skills = skills::parse_list(&form.skills);
    if form.skills.trim().chars().count() > 2000 {
        e.add("skills", "err.skills_max");
    }
    if e.is_empty() {
        Ok((changes, skills))
    } else {
        Err(e)
    }
}

/// Saves a student's profile and skills; returns the profile id.
pub fn save_student(
    conn: &mut DbConnection,
    user_id: i64,
    form: &StudentProfileForm,
) -> Result<i64, ProfileError> {
    // The institute is looked up before anything is written, so that an unknown AISHE code is
    // reported together with the other fields' errors.
    let institute = crate::institute::service::institute_for_code(conn, &form.aishe_code)?;
    let (changes, skill_names, institute) = match (student_changes(form), institute) {
        (Ok((changes, skills)), Ok(institute)) => (changes, skills, institute),
        (checked, institute) => {
            let mut errors = checked.err().unwrap_or_default();
            if let Err(message) = institute {
                errors.add("aishe_code", message);
            }
            return Err(ProfileError::Invalid(errors));
        }
    };
    let result = crate::db::transaction(conn, |conn| {
        let id = store::save_student(conn, user_id, &changes)?;
        skills::set_student_skills(conn, id, &skill_names)?;
        crate::institute::service::link_student(conn, id, institute)?;
        crate::matching::service::profile_changed(conn, id)?;
        Ok::<_, ProfileError>(id)
    });
    match result {
        Err(ProfileError::Db(e)) if e.is_unique_violation_of("apaar_id") => {
            let mut errors = FieldErrors::default();
            errors.add("apaar_id", "err.apaar_taken");
            Err(ProfileError::Invalid(errors))
        }
        other => other,
    }
}

pub fn employer_changes(form: &EmployerProfileForm) -> Result<EmployerProfileChanges, FieldErrors> {
    let mut e = FieldErrors::default();
    let company_name = text(&mut e, "company_name", &form.company_name, 150);
    if company_name.is_none() {
        e.add("company_name", "err.company_name");
    }
    let contact_number = phone(&mut e, "contact_number", &form.contact_number, true);
    let website_url = text(&mut e, "website_url", &form.website_url, 200);
    if let Some(url) = &website_url
        && (!(url.starts_with("https://") || url.starts_with("http://"))
            || url::Url::parse(url).is_err())
    {
        e.add("website_url", "err.company_website");
    }
    let changes = EmployerProfileChanges {
        company_name: company_name.unwrap_or_default(),
        contact_number: contact_number.unwrap_or_default(),
        designation: text(&mut e, "designation", &form.designation, 80),
        organization_description: text(
            &mut e,
            "organization_description",
            &form.organization_description,
            4000,
        ),
        city: text(&mut e, "city", &form.city, 80),
        industry: text(&mut e, "industry", &form.industry, 80),
        employee_count: text(&mut e, "employee_count", &form.employee_count, 30),
        website_url,
        updated_at: chrono::Utc::now().naive_utc(),
    };
    if e.is_empty() { Ok(changes) } else { Err(e) }
}

/// An organisation's name as compared for re-verification (companies, institutes): case and
/// spacing don't count.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Saves the company profile; returns its id and whether it went back to the admins. An
/// administrator's decision vouches for the company name it saw: a decided company that takes
/// another name waits for verification again (audited), and its postings are hidden meanwhile,
/// as an institute that changes its AISHE code does.
pub fn save_employer(
    conn: &mut DbConnection,
    user_id: i64,
    form: &EmployerProfileForm,
) -> Result<(i64, bool), ProfileError> {
    let changes = employer_changes(form).map_err(ProfileError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        let before = store::employer_by_user(conn, user_id)?;
        let id = store::save_employer(conn, user_id, &changes)?;
        let Some(before) = before.filter(|p| {
            p.verification_status != "pending"
                && name_key(&p.company_name) != name_key(&changes.company_name)
        }) else {
            return Ok((id, false));
        };
        store::set_employer_status(conn, id, "pending", None)?;
        let detail = format!("{} → {}", before.company_name, changes.company_name);
        crate::audit::record(
            conn,
            crate::audit::Event::new("employer_renamed", crate::audit::Outcome::Success)
                .actor(Some(user_id), "")
                .target("employer", id)
                .detail(&detail),
        )?;
        Ok((id, true))
    })
}

/// Tells an employer, in the app and by email, what an administrator decided about its company.
pub fn tell_employer_decision(
    conn: &mut DbConnection,
    employer_id: i64,
    approved: bool,
    reason: Option<&str>,
    base_url: &str,
) -> Result<(), DbError> {
    let Some((user_id, _, _, company)) = store::employer_contact(conn, employer_id)? else {
        return Ok(());
    };
    let (subject, headline) = if approved {
        ("notice.company_verified_subject", "notice.company_verified")
    } else {
        ("notice.company_declined_subject", "notice.company_declined")
    };
    let notice = crate::notify::Notice::new(
        "verification",
        crate::web::i18n::Msg::new(headline).with("company", company),
    )
    .subject(crate::web::i18n::Msg::new(subject))
    .note(reason.map(|text| crate::web::i18n::Msg::new("notice.reason").with("text", text)))
    .link("/employer");
    crate::notify::tell(conn, user_id, &notice, base_url)
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
