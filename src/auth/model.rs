//! Types of the auth module.

use serde::{Deserialize, Serialize};

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
