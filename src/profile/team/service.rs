//! Rules of team seats: who the company is for an employer account, who may manage the team.

use super::model::*;
use super::store;
use crate::audit::{self, Outcome};
use crate::db::{DbConnection, DbError};
use crate::profile::model::EmployerProfile;
use crate::web::i18n::{Lang, Msg};
use chrono::Utc;

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("{0}")]
    NotAllowed(Msg),
    /// A form error on the invite form's `email`.
    #[error("{0}")]
    Invalid(Msg),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for TeamError {
    fn from(e: diesel::result::Error) -> Self {
        TeamError::Db(e.into())
    }
}

/// The company this employer acts for: the one they own, else the one they joined as a member.
/// Every employer ownership check (postings, applicants, interviews) goes through this, so a
/// removed member loses access with the next request.
pub fn company_of(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<EmployerProfile>, DbError> {
    if let Some(own) = crate::profile::store::employer_by_user(conn, user_id)? {
        return Ok(Some(own));
    }
    store::joined_company(conn, user_id)
}

/// The company the user owns; members and others are refused.
fn owned_company(conn: &mut DbConnection, user_id: i64) -> Result<EmployerProfile, TeamError> {
    match crate::profile::store::employer_by_user(conn, user_id)? {
        Some(company) => Ok(company),
        None if store::joined_company(conn, user_id)?.is_some() => Err(TeamError::NotAllowed(
            Msg::new("hiring_err.team_owner_only"),
        )),
        None => Err(TeamError::NotAllowed(Msg::new("err.post_no_profile"))),
    }
}

/// The team page: the company, its owner and members, and whether the viewer manages it.
pub fn team(conn: &mut DbConnection, user_id: i64) -> Result<Option<TeamView>, TeamError> {
    let Some(company) = company_of(conn, user_id)? else {
        return Ok(None);
    };
    let owner_email = store::email_of(conn, company.user_id)?.unwrap_or_default();
    Ok(Some(TeamView {
        is_owner: company.user_id == user_id,
        members: store::members(conn, company.id)?,
        company: company.company_name,
        owner_email,
    }))
}

/// Most members a company may invite.
pub const MAX_MEMBERS: usize = 50;

/// The owner invites a colleague: a single-use link by email (only its hash is stored).
pub fn invite(
    conn: &mut DbConnection,
    user_id: i64,
    actor_email: &str,
    form: &InviteForm,
    base_url: &str,
) -> Result<(), TeamError> {
    let company = owned_company(conn, user_id)?;
    let email = form.email.trim().to_lowercase();
    let plausible = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if !plausible {
        return Err(TeamError::Invalid(Msg::new("err.email_format")));
    }
    if email == actor_email.trim().to_lowercase() {
        return Err(TeamError::Invalid(Msg::new("hiring_err.team_self")));
    }
    if store::members(conn, company.id)?.len() >= MAX_MEMBERS {
        return Err(TeamError::Invalid(
            Msg::new("hiring_err.team_full").with("max", MAX_MEMBERS),
        ));
    }
    let token = crate::auth::tokens::random_hex_token();
    let result = crate::db::transaction(conn, |conn| {
        let member_id = store::insert(
            conn,
            company.id,
            &email,
            &crate::auth::tokens::hash_token(&token),
            user_id,
            Utc::now().naive_utc(),
        )?;
        let link = format!("{base_url}/employer/team/join?token={token}");
        let headline = Msg::new("team.invite_email").with("company", &company.company_name);
        // The colleague may have no account yet: the invitation is in the inviter's language.
        let lang = crate::notify::recipient(conn, user_id)?
            .map(|inviter| inviter.lang)
            .unwrap_or(Lang::En);
        let letter = crate::notify::Letter::new(headline.clone())
            .line(headline)
            .link(link, Msg::new("mail.open_link"));
        crate::notify::message::queue(conn, &email, letter.render("", lang))?;
        audit::record(
            conn,
            audit::Event::new("team.invite", Outcome::Success)
                .actor(Some(user_id), actor_email)
                .target("employer_member", member_id)
                .detail("invited a colleague"),
        )?;
        Ok::<_, DbError>(())
    });
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.is_unique_violation() => Err(TeamError::Invalid(Msg::new(
            "hiring_err.team_already_invited",
        ))),
        Err(e) => Err(e.into()),
    }
}

/// The owner removes a member (or withdraws an invitation); the member's next request finds no
/// company.
pub fn remove(
    conn: &mut DbConnection,
    user_id: i64,
    actor_email: &str,
    member_id: i64,
) -> Result<(), TeamError> {
    let company = owned_company(conn, user_id)?;
    crate::db::transaction(conn, |conn| {
        let removed = store::delete(conn, company.id, member_id)?.ok_or(TeamError::NotFound)?;
        audit::record(
            conn,
            audit::Event::new("team.remove", Outcome::Success)
                .actor(Some(user_id), actor_email)
                .target("employer_member", removed.id)
                .detail("removed a colleague"),
        )?;
        if let Some(member_user) = removed.user_id {
            let message = Msg::new("team.removed").with("company", &company.company_name);
            crate::notify::notify(conn, member_user, "team", &message, None)?;
        }
        Ok(())
    })
}

/// The invitation behind a link, if it is still open: the company's name.
pub fn invitation(conn: &mut DbConnection, token: &str) -> Result<String, TeamError> {
    let member = store::by_token(conn, &crate::auth::tokens::hash_token(token.trim()))?
        .filter(|m| !m.has_joined())
        .ok_or(TeamError::NotFound)?;
    let company = crate::profile::documents::store::employer(conn, member.employer_id)?
        .ok_or(TeamError::NotFound)?;
    Ok(company.company_name)
}

/// A signed-in employer accepts an invitation sent to their own address.
pub fn join(
    conn: &mut DbConnection,
    user_id: i64,
    user_email: &str,
    token: &str,
) -> Result<(), TeamError> {
    let member = store::by_token(conn, &crate::auth::tokens::hash_token(token.trim()))?
        .filter(|m| !m.has_joined())
        .ok_or(TeamError::NotFound)?;
    if member.email != user_email.trim().to_lowercase() {
        return Err(TeamError::NotAllowed(Msg::new(
            "hiring_err.team_other_email",
        )));
    }
    if company_of(conn, user_id)?.is_some() {
        return Err(TeamError::NotAllowed(Msg::new(
            "hiring_err.team_has_company",
        )));
    }
    let joined = crate::db::transaction(conn, |conn| {
        if !store::accept(conn, member.id, user_id, Utc::now().naive_utc())? {
            return Ok(false);
        }
        audit::record(
            conn,
            audit::Event::new("team.join", Outcome::Success)
                .actor(Some(user_id), user_email)
                .target("employer_member", member.id)
                .detail("joined a company"),
        )?;
        Ok::<_, DbError>(true)
    });
    match joined {
        Ok(true) => Ok(()),
        Ok(false) => Err(TeamError::NotFound),
        Err(e) if e.is_unique_violation() => Err(TeamError::NotAllowed(Msg::new(
            "hiring_err.team_has_company",
        ))),
        Err(e) => Err(e.into()),
    }
}
