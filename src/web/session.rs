//! The signed-in user as the rest of the web layer sees it. The auth middleware resolves the
//! session cookies and leaves a [`SessionUser`] in the request extensions. The [`Role`] lives here
//! because navigation and every route guard read it; `auth` stores and checks it.

use crate::web::AppError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload};
use serde::{Deserialize, Serialize};
use std::future::{Ready, ready};

/// What a user is on the platform; decides navigation and every route guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Student,
    Employer,
    Institute,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Student => "student",
            Role::Employer => "employer",
            Role::Institute => "institute",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "student" => Some(Role::Student),
            "employer" => Some(Role::Employer),
            "institute" => Some(Role::Institute),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Where a freshly signed-in user of this role lands.
    pub fn dashboard(self) -> &'static str {
        match self {
            Role::Student => "/dashboard",
            Role::Employer => "/employer",
            Role::Institute => "/institute",
            Role::Admin => "/admin",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub email_verified: bool,
}

impl SessionUser {
    pub fn of(req: &HttpRequest) -> Option<SessionUser> {
        req.extensions().get::<SessionUser>().cloned()
    }
}

/// Extractor for handlers that need a signed-in user of any role.
impl FromRequest for SessionUser {
    type Error = AppError;
    type Future = Ready<Result<SessionUser, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(SessionUser::of(req).ok_or_else(|| AppError::login_required(req)))
    }
}

/// The session a signed-in request belongs to (its refresh-token family id): CSRF tokens are bound
/// to it, and the sessions page marks "this device" with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentSession(pub String);

impl CurrentSession {
    pub fn of(req: &HttpRequest) -> Option<CurrentSession> {
        req.extensions().get::<CurrentSession>().cloned()
    }
}

/// Present on requests of an administrator who has enrolled a second factor.
#[derive(Debug, Clone, Copy)]
pub struct SecondFactor;
