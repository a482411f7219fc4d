//! Rules of the institute module: a valid profile and AISHE code, who may see which student, the
//! placement figures and the CSV export.

use super::csv::CsvWriter;
use super::model::*;
use super::store;
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError, skills};
use crate::notify::{Notice, notify};
use crate::web::i18n::Msg;
use crate::web::pagination::Pagination;
use crate::web::{FieldErrors, SessionUser};

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::store::{by_status, by_user, link_of_user, set_status};

#[derive(Debug, thiserror::Error)]
pub enum InstituteError {
    /// Not one of this institute's students (never "forbidden": ids must not be probed).
    #[error("not found")]
    NotFound,
    /// The institute may not see student data yet; the message says why.
    #[error("{0}")]
    NotAllowed(&'static str),
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for InstituteError {
    fn from(e: diesel::result::Error) -> Self {
        InstituteError::Db(e.into())
    }
}

/// How many companies and skills the dashboard lists.
const TOP: i64 = 5;

/// An AISHE code in its stored form: `C-`, `U-` or `S-` (college, university, standalone
/// institution) and 3 to 7 digits, upper case. Spaces around it are ignored.
pub fn normalise_aishe(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    let (kind, digits) = code.split_once('-')?;
    let valid = matches!(kind, "C" | "U" | "S")
        && (3..=7).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit());
    valid.then_some(code)
}

const AISHE_FORMAT: &str = "err.aishe_format";

/// Trimmed, `None` when empty; records an error when longer than `max` characters.
fn text(errors: &mut FieldErrors, field: &'static str, value: &str, max: usize) -> Option<String> {
    let value = value.trim();
    if value.chars().count() > max {
        errors.add(field, Msg::new("err.max_chars").with("max", max));
    }
    (!value.is_empty()).then(|| value.to_string())
}

pub fn profile_changes(
    form: &InstituteProfileForm,
) -> Result<InstituteProfileChanges, FieldErrors> {
    let mut e = FieldErrors::default();
    let institute_name = text(&mut e, "institute_name", &form.institute_name, 200);
    if institute_name.is_none() {
        e.add("institute_name", "err.institute_name");
    }
    let aishe_code = match form.aishe_code.trim() {
        "" => {
            e.add("aishe_code", "err.aishe_required");
            None
        }
        raw => normalise_aishe(raw).or_else(|| {
            e.add("aishe_code", AISHE_FORMAT);
            None
        }),
    };
    let contact_number =
        crate::profile::service::phone(&mut e, "contact_number", &form.contact_number, true);
    let website_url = text(&mut e, "website_url", &form.website_url, 200);
    if let Some(url) = &website_url
        && (!(url.starts_with("https://") || url.starts_with("http://"))
            || url::Url::parse(url).is_err())
    {
        e.add("website_url", "err.institute_website");
    }
    let changes = InstituteProfileChanges {
        institute_name: institute_name.unwrap_or_default(),
        aishe_code: aishe_code.unwrap_or_default(),
        contact_number: contact_number.unwrap_or_default(),
        city: text(&mut e, "city", &form.city, 80),
        state: text(&mut e, "state", &form.state, 80),
        website_url,
        updated_at: chrono::Utc::now().naive_utc(),
    };
    if e.is_empty() { Ok(changes) } else { Err(e) }
}

/// Saves the institute's profile. A new AISHE code or a new name on a decided profile sends it
/// back to the admins (an approval vouches for the code and the name it saw); returns whether
/// that happened.
pub fn save_profile(
    conn: &mut DbConnection,
    user: &SessionUser,
    form: &InstituteProfileForm,
) -> Result<bool, InstituteError> {
    let changes = profile_changes(form).map_err(InstituteError::Invalid)?;
    let result = crate::db::transaction(conn, |conn| {
        let before = store::by_user(conn, user.id)?;
        let reverify = before.as_ref().is_some_and(|p| {
            p.verification_status != "pending"
                && (p.aishe_code != changes.aishe_code
                    || crate::profile::service::name_key(&p.institute_name)
                        != crate::profile::service::name_key(&changes.institute_name))
        });
        let id = store::save(conn, user.id, &changes, reverify)?;
        if let (true, Some(before)) = (reverify, &before) {
            let detail = format!(
                "{} ({}) → {} ({})",
                before.institute_name,
                before.aishe_code,
                changes.institute_name,
                changes.aishe_code
            );
            audit::record(
                conn,
                Event::new("institute_identity_changed", Outcome::Success)
                    .actor(Some(user.id), &user.email)
                    .target("institute", id)
                    .detail(&detail),
            )?;
        }
        Ok::<_, InstituteError>(reverify)
    });
    match result {
        Err(InstituteError::Db(e)) if e.is_unique_violation_of("aishe_code") => {
            let mut errors = FieldErrors::default();
            errors.add("aishe_code", "err.aishe_taken");
            Err(InstituteError::Invalid(errors))
        }
        other => other,
    }
}

/// The profile of an institute allowed to see its students' data: a verified email address and
/// a profile an administrator approved.
pub fn verified_institute(
    conn: &mut DbConnection,
    user: &SessionUser,
) -> Result<InstituteProfile, InstituteError> {
    if !user.email_verified {
        return Err(InstituteError::NotAllowed("err.institute_verify_email"));
    }
    let profile = store::by_user(conn, user.id)?;
    match (Standing::of(profile.as_ref()), profile) {
        (Standing::Approved, Some(profile)) => Ok(profile),
        (Standing::Rejected, _) => Err(InstituteError::NotAllowed("err.institute_declined")),
        (Standing::Pending, _) => Err(InstituteError::NotAllowed("err.institute_pending")),
        _ => Err(InstituteError::NotAllowed("err.institute_incomplete")),
    }
}

/// What the dashboard shows: the profile (if any) and, for a verified institute, its figures.
pub fn dashboard(
    conn: &mut DbConnection,
    user: &SessionUser,
) -> Result<(Option<InstituteProfile>, Option<PlacementStats>), InstituteError> {
    match verified_institute(conn, user) {
        Ok(profile) => {
            let stats = placement_stats(conn, profile.id)?;
            Ok((Some(profile), Some(stats)))
        }
        Err(InstituteError::NotAllowed(_)) => Ok((store::by_user(conn, user.id)?, None)),
        Err(e) => Err(e),
    }
}

/// Placement figures of an institute's confirmed students.
pub fn placement_stats(
    conn: &mut DbConnection,
    institute_id: i64,
) -> Result<PlacementStats, DbError> {
    let (confirmed, awaiting) = store::student_counts(conn, institute_id)?;
    Ok(PlacementStats {
        confirmed,
        awaiting,
        applied: store::students_with_applications(conn, institute_id, &[])?,
        applications: store::application_count(conn, institute_id)?,
        in_process: store::students_with_applications(
            conn,
            institute_id,
            &["shortlisted", "interview", "offered"],
        )?,
        placed: store::students_with_applications(conn, institute_id, &["accepted"])?,
        top_companies: store::top_companies(conn, institute_id, TOP)?,
        top_skills: store::top_skills(conn, institute_id, TOP)?,
    })
}

/// One page of the institute's students (waiting for confirmation first) and their number.
pub fn students(
    conn: &mut DbConnection,
    user: &SessionUser,
    page: Pagination,
) -> Result<(Vec<LinkedStudent>, i64), InstituteError> {
    let institute = verified_institute(conn, user)?;
    Ok(store::linked_students(
        conn,
        institute.id,
        page.limit(),
        page.offset(),
    )?)
}

/// One of the institute's students: name and email while unconfirmed; profile, skills and
/// applications once confirmed. Anyone else's student is "not found".
pub fn student(
    conn: &mut DbConnection,
    user: &SessionUser,
    student_id: i64,
) -> Result<StudentView, InstituteError> {
    let institute = verified_institute(conn, user)?;
    let student =
        store::linked_student(conn, institute.id, student_id)?.ok_or(InstituteError::NotFound)?;
    let record = match store::confirmed_record(conn, institute.id, student_id)? {
        Some(record) => {
            let skills = skills::student_skill_names(conn, student_id)?;
            let applications = store::confirmed_applications(conn, institute.id, Some(student_id))?;
            Some((record, skills, applications))
        }
        None => None,
    };
    Ok(StudentView { student, record })
}

/// The institute confirms that a linked student studies there; the student is told in the app.
/// Returns the student's name.
pub fn confirm_student(
    conn: &mut DbConnection,
    user: &SessionUser,
    student_id: i64,
) -> Result<String, InstituteError> {
    decide_student(conn, user, student_id, true)
}

/// The institute says a linked student is not its student: the link is removed (the student
/// may link again with the right code). Returns the student's name.
pub fn reject_student(
    conn: &mut DbConnection,
    user: &SessionUser,
    student_id: i64,
) -> Result<String, InstituteError> {
    decide_student(conn, user, student_id, false)
}

fn decide_student(
    conn: &mut DbConnection,
    user: &SessionUser,
    student_id: i64,
    confirm: bool,
) -> Result<String, InstituteError> {
    let institute = verified_institute(conn, user)?;
    crate::db::transaction(conn, |conn| {
        let student = store::linked_student(conn, institute.id, student_id)?
            .ok_or(InstituteError::NotFound)?;
        if confirm && student.confirmed() {
            return Ok(student.name);
        }
        let now = chrono::Utc::now().naive_utc();
        let changed = if confirm {
            store::confirm(conn, institute.id, student_id, now)?
        } else {
            store::unlink(conn, institute.id, student_id)?
        };
        if changed == 0 {
            return Err(InstituteError::NotFound);
        }
        let (action, message) = if confirm {
            (
                "institute_student_confirmed",
                Msg::new("notice.student_confirmed").with("institute", &institute.institute_name),
            )
        } else {
            (
                "institute_student_rejected",
                Msg::new("notice.student_not_confirmed")
                    .with("institute", &institute.institute_name),
            )
        };
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(user.id), &user.email)
                .target("student", student_id),
        )?;
        if let Some((student_user, _, _)) =
            crate::application::service::student_user(conn, student_id)?
        {
            notify(conn, student_user, "institute", &message, Some("/profile"))?;
        }
        Ok(student.name)
    })
}

/// Header of the CSV export.
pub const CSV_HEADER: [&str; 12] = [
    "student name",
    "email",
    "degree",
    "department",
    "year",
    "cgpa",
    "internship title",
    "company",
    "status",
    "applied date",
    "last change",
    "apaar id",
];

/// The confirmed students and their applications as CSV: one row per application, and one row
/// with empty application cells for a student without any.
pub fn export_csv(conn: &mut DbConnection, user: &SessionUser) -> Result<String, InstituteError> {
    let institute = verified_institute(conn, user)?;
    let students = store::confirmed_records(conn, institute.id)?;
    let applications = store::confirmed_applications(conn, institute.id, None)?;
    let mut by_student: std::collections::HashMap<i64, Vec<&StudentApplication>> =
        std::collections::HashMap::new();
    for a in &applications {
        by_student.entry(a.student_id).or_default().push(a);
    }
    let mut csv = CsvWriter::new();
    csv.row(&CSV_HEADER);
    let date = |d: &chrono::NaiveDateTime| d.format("%Y-%m-%d").to_string();
    for s in &students {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let person = [
            s.name.clone(),
            s.email.clone(),
            opt(&s.degree),
            opt(&s.department),
            s.year.map(|y| y.to_string()).unwrap_or_default(),
            s.cgpa.map(|c| format!("{c:.2}")).unwrap_or_default(),
        ];
        match by_student.get(&s.student_id) {
            Some(list) => {
                for a in list {
                    let mut row = person.to_vec();
                    row.extend([
                        a.title.clone(),
                        a.company.clone(),
                        // The words the pages show, so the export reads the same.
                        crate::web::i18n::t(crate::web::i18n::Lang::En, a.status.label_key()),
                        date(&a.applied_at),
                        date(&a.updated_at),
                        opt(&s.apaar_id),
                    ]);
                    csv.row(&row);
                }
            }
            None => {
                let mut row = person.to_vec();
                row.extend(std::iter::repeat_n(String::new(), 5));
                row.push(opt(&s.apaar_id));
                csv.row(&row);
            }
        }
    }
    Ok(csv.finish())
}

// ---- students linking to an institute (called by the profile module) ----

const UNKNOWN_CODE: &str = "err.aishe_unknown";

/// The verified institute named by the AISHE code a student typed (`None` when left empty), or
/// the message for the form.
pub fn institute_for_code(
    conn: &mut DbConnection,
    raw: &str,
) -> Result<Result<Option<InstituteRef>, &'static str>, DbError> {
    if raw.trim().is_empty() {
        return Ok(Ok(None));
    }
    let Some(code) = normalise_aishe(raw) else {
        return Ok(Err(AISHE_FORMAT));
    };
    Ok(store::approved_by_code(conn, &code)?
        .map(Some)
        .ok_or(UNKNOWN_CODE))
}

/// Links a student to `institute` (or to none). A new institute has not confirmed the student
/// yet, so any earlier confirmation is cleared; the same institute keeps it.
pub fn link_student(
    conn: &mut DbConnection,
    student_id: i64,
    institute: Option<InstituteRef>,
) -> Result<(), DbError> {
    let (current, _) = store::link_of(conn, student_id)?;
    let wanted = institute.map(|i| i.id);
    if current != wanted {
        store::set_link(conn, student_id, wanted)?;
    }
    Ok(())
}

/// Tells an institute an administrator's decision, in the app and by email (in the caller's
/// transaction).
pub fn tell_decision(
    conn: &mut DbConnection,
    institute_id: i64,
    approved: bool,
    reason: Option<&str>,
    base_url: &str,
) -> Result<(), DbError> {
    let Some((user_id, _, _, institute)) = store::contact(conn, institute_id)? else {
        return Ok(());
    };
    let (subject, headline) = if approved {
        (
            "notice.institute_verified_subject",
            "notice.institute_verified",
        )
    } else {
        (
            "notice.institute_declined_subject",
            "notice.institute_declined",
        )
    };
    let notice = Notice::new(
        "verification",
        Msg::new(headline).with("institute", institute),
    )
    .subject(Msg::new(subject))
    .note(reason.map(|text| Msg::new("notice.reason").with("text", text)))
    .link("/institute");
    crate::notify::tell(conn, user_id, &notice, base_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aishe_codes() {
        assert_eq!(normalise_aishe(" c-12345 ").as_deref(), Some("C-12345"));
        assert_eq!(normalise_aishe("U-0123").as_deref(), Some("U-0123"));
        assert_eq!(normalise_aishe("s-1234").as_deref(), Some("S-1234"));
        for bad in [
            "",
            "C12345",
            "X-12345",
            "C-12a45",
            "C-12",
            "C-12345678",
            "C--123",
            "CC-123",
        ] {
            assert_eq!(normalise_aishe(bad), None, "{bad}");
        }
    }

    #[test]
    fn profile_form_rules() {
        let errors = profile_changes(&InstituteProfileForm {
            aishe_code: "K-99".into(),
            contact_number: "12".into(),
            website_url: "college.ac.in".into(),
            ..Default::default()
        })
        .unwrap_err();
        for field in [
            "institute_name",
            "aishe_code",
            "contact_number",
            "website_url",
        ] {
            assert!(errors.has(field), "{field}");
        }
        let ok = profile_changes(&InstituteProfileForm {
            institute_name: "Government College, Pune".into(),
            aishe_code: "c-40123".into(),
            contact_number: "020 2553 1234".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.aishe_code, "C-40123");
    }

    #[test]
    fn placement_rate_rounds() {
        let stats = PlacementStats {
            confirmed: 3,
            placed: 2,
            ..Default::default()
        };
        assert_eq!(stats.placement_rate(), 67);
        assert_eq!(PlacementStats::default().placement_rate(), 0);
    }
}
