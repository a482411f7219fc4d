//! Who is told what after a review decision: the employer learns the fate of their posting, the
//! student who reported it learns what was done.

use super::model::{Decision, PostingReview};
use super::store;
use crate::db::{DbConnection, DbError};
use crate::notify::notify;
use crate::web::i18n::Msg;

pub fn tell(
    conn: &mut DbConnection,
    review: &PostingReview,
    decision: Decision,
    reason: &str,
) -> Result<(), DbError> {
    let Some((title, employer_user)) = store::owner(conn, review.internship_id)? else {
        return Ok(());
    };
    let link = format!("/internships/{}", review.internship_id);
    // The administrator's reason, when one was given, follows the decision.
    let note = |key: &str| {
        if reason.is_empty() {
            Msg::new(key.to_string()).with("title", &title)
        } else {
            Msg::new(format!("{key}_reason"))
                .with("title", &title)
                .with("reason", reason)
        }
    };
    match decision {
        Decision::Approve => notify(
            conn,
            employer_user,
            "internship",
            &Msg::new("review_notice.approved").with("title", &title),
            Some(&link),
        )?,
        Decision::RequestEdit => notify(
            conn,
            employer_user,
            "internship",
            &note("review_notice.edit_requested"),
            Some(&format!(
                "/employer/internships/{}/edit",
                review.internship_id
            )),
        )?,
        Decision::Reject | Decision::TakeDown => notify(
            conn,
            employer_user,
            "internship",
            &note("review_notice.taken_down"),
            Some("/employer/internships"),
        )?,
        Decision::Keep => {}
    }
    if let Some(reporter) = review.reporter_user_id {
        let outcome = match decision {
            Decision::Keep => "review_notice.report_kept",
            Decision::RequestEdit => "review_notice.report_edit",
            Decision::TakeDown => "review_notice.report_taken_down",
            Decision::Approve | Decision::Reject => return Ok(()),
        };
        notify(
            conn,
            reporter,
            "report",
            &Msg::new(outcome).with("title", &title),
            Some("/notifications"),
        )?;
    }
    Ok(())
}
