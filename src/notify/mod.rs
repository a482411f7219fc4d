//! TEMPORARY stand-in until the notify branch lands (same API).
pub mod model;
pub mod service;
