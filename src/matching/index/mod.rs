//! Index: the live catalogue of listed internships, the vector scan over it, and the semantic
//! side of the public search.

pub mod live;
pub mod search;
pub mod vectors;
