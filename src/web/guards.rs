//! Role guards as extractors: a handler that takes `Student` only runs for a signed-in student.
//! Signed out → redirect to the login page; another role → 403.

use super::session::Role;
use super::session::SecondFactor;
use super::{AppError, SessionUser};
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload};
use std::future::{Ready, ready};

fn require(req: &HttpRequest, role: Role) -> Result<SessionUser, AppError> {
    let user = SessionUser::of(req).ok_or_else(|| AppError::login_required(req))?;
    if user.role != role {
        return Err(AppError::forbidden(""));
    }
    // The admin area opens only once a second factor is enrolled.
    if role == Role::Admin && req.extensions().get::<SecondFactor>().is_none() {
        return Err(AppError::SecondFactorSetup);
    }
    Ok(user)
}

macro_rules! role_guard {
    ($(#[$doc:meta])* $name:ident, $role:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub SessionUser);

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Ready<Result<Self, AppError>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                ready(require(req, $role).map($name))
            }
        }
    };
}

role_guard!(/// A signed-in student.
    Student, Role::Student);
role_guard!(/// A signed-in employer.
    Employer, Role::Employer);
role_guard!(/// A signed-in institute.
    Institute, Role::Institute);
role_guard!(/// A signed-in administrator.
    Admin, Role::Admin);

impl SessionUser {
    /// Unverified users may look around but not apply, post or be listed.
    pub fn require_verified(&self) -> Result<(), AppError> {
        if self.email_verified {
            Ok(())
        } else {
            Err(AppError::forbidden("err.verify_email_first"))
        }
    }
}
