//! A company's documents on its profile: the logo (public once the company is verified) and the
//! registration or licence document that only its employer and admins may download. The bytes
//! are kept by `crate::files`, like resumes.

pub mod routes;
pub mod service;
pub mod store;
