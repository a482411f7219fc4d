//! Employers who answer: per posting, the funnel (applied → viewed → shortlisted → interview →
//! offered → accepted) and the median time to a first answer; "usually answers within N days"
//! once there is enough history; applications waiting too long flagged to the employer.

pub mod model;
pub mod service;
pub mod store;
