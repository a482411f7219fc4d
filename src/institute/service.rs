//! Rules of the institute module: a valid profile and AISHE code, which institute may see its
//! students' data, the placement figures. Its students are handled in `roster.rs`, the student's
//! link in `linking.rs`, the CSV export in `csv_export.rs`.

use super::model::*;
use super::{placement_store, store};
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::web::i18n::Msg;
use crate::web::{FieldErrors, SessionUser};

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::csv_export::*;
pub use super::link_store::link_of_user;
pub use super::linking::*;
pub use super::roster::confirm_student;
pub use super::store::{by_status, by_user, set_status};

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

pub(super) const AISHE_FORMAT: &str = "err.aishe_format";

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
    let (confirmed, awaiting) = placement_store::student_counts(conn, institute_id)?;
    Ok(PlacementStats {
        confirmed,
        awaiting,
        applied: placement_store::students_with_applications(conn, institute_id, &[])?,
        applications: placement_store::application_count(conn, institute_id)?,
        in_process: placement_store::students_with_applications(
            conn,
            institute_id,
            &["shortlisted", "interview", "offered"],
        )?,
        placed: placement_store::students_with_applications(conn, institute_id, &["accepted"])?,
        top_companies: placement_store::top_companies(conn, institute_id, TOP)?,
        top_skills: placement_store::top_skills(conn, institute_id, TOP)?,
    })
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
