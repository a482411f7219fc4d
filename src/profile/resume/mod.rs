//! The student's structured resume and the resume file (PDF or DOCX) they upload: the form, the
//! file kept under a random name outside `static/`, its text for matching, and who may download it.

pub mod extract;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
