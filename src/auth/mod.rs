//! Accounts, sessions and the rules that keep them safe (DESIGN §5): sign-up with email
//! verification, bcrypt passwords with a policy and history, short JWT access tokens with rotating
//! refresh tokens, lockout, database-counted rate limits.
//!
//! Other modules use this one through `service` only (its public face); `store` (users, attempts,
//! limits) and `token_store` (emailed links, refresh tokens) are its own (ARCHITECTURE.md).

pub mod accounts;
pub mod consent;
pub mod emails;
pub mod jwt;
pub mod limits;
pub mod middleware;
pub mod model;
pub mod password;
pub mod password_routes;
pub mod recovery;
pub mod rotation;
pub mod routes;
pub mod service;
pub mod sessions;
pub mod signup;
mod signup_routes;
pub mod store;
mod token_store;
pub mod tokens;
pub mod totp;
