//! Accounts, sessions and the rules that keep them safe.

pub mod model;
pub mod tokens;
