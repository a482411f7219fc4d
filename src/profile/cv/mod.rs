//! The printable CV: the student's profile and resume as one A4 document, as a page to print
//! (`/resume/print`) and as a PDF made on the server (`/resume/cv.pdf`) with fonts that carry
//! Devanagari, shaped so that Hindi names and text come out right and read back as text.

pub mod assemble;
pub mod fonts;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod routes;
pub mod service;
pub mod text;
