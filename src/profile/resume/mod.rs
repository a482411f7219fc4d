//! The student's structured resume and the resume file (PDF, DOCX or plain text) they upload: the
//! form, the file kept under a random name outside `static/` (`file`), its text for matching,
//! what was read from it (skills, degree, projects…) with a CV score, and who may download it.

pub mod extract;
pub mod file;
pub mod findings;
pub mod model;
pub mod reading;
pub mod routes;
pub mod score;
pub mod service;
pub mod store;
