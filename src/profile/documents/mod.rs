//! A company's documents on its profile: the logo (public once the company is verified) and the
//! registration or licence document that only its employer and admins may download. The bytes
//! are kept by `crate::files`, like resumes; who may see them is `serving`.

pub mod routes;
pub mod service;
mod serving;
pub mod store;
