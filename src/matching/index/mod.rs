//! Index: the live catalogue of listed internships and the vector scan over it.

pub mod live;
pub mod vectors;
