//! Who is told what after a review decision: the employer learns the fate of their posting, the
//! student who reported it learns what was done.

use super::model::{Decision, PostingReview};
use super::store;
use crate::db::{DbConnection, DbError};
use crate::notify::service::notify_user;

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
    let because = if reason.is_empty() {
        String::new()
    } else {
        format!(": {reason}")
    };
    match decision {
        Decision::Approve => notify_user(
            conn,
            employer_user,
            "internship",
            &format!("“{title}” passed review and is listed now."),
            Some(&link),
        )?,
        Decision::RequestEdit => notify_user(
            conn,
            employer_user,
            "internship",
            &format!("An administrator asks you to change “{title}”{because}"),
            Some(&format!(
                "/employer/internships/{}/edit",
                review.internship_id
            )),
        )?,
        Decision::Reject | Decision::TakeDown => notify_user(
            conn,
            employer_user,
            "internship",
            &format!("“{title}” was taken down by an administrator{because}"),
            Some("/employer/internships"),
        )?,
        Decision::Keep => {}
    }
    if let Some(reporter) = review.reporter_user_id {
        let outcome = match decision {
            Decision::Keep => "we looked into it and it stays listed",
            Decision::RequestEdit => "we asked the company to change it",
            Decision::TakeDown => "we took it down",
            Decision::Approve | Decision::Reject => return Ok(()),
        };
        notify_user(
            conn,
            reporter,
            "report",
            &format!("Thank you for reporting “{title}”: {outcome}."),
            Some("/notifications"),
        )?;
    }
    Ok(())
}
