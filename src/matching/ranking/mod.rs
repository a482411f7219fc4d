//! Ranking: skills and places as people write them, the lexical signal, the hybrid score and its
//! explanations. Pure functions over plain structs, shared by the web app and `praktiki eval`.

pub mod lexical;
pub mod places;
pub mod score;
pub mod skills;
