//! Administrators' second factor: TOTP (RFC 6238) codes from an authenticator app, enrolled with
//! a QR code, plus one-time recovery codes. An administrator without a confirmed second factor
//! cannot open the admin area; one with it gives a code at every sign-in.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
