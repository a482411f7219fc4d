//! Ranking: skills (through the crate's `taxonomy`) and places as people write them, the lexical
//! signal, the hybrid score and its explanations (`places`, `location`, `lexical`, `score`, `explain`: pure functions
//! over plain structs, shared by the web app and `praktiki eval`), the two rankings over live data:
//! a student's recommendations (`recommend`) and an internship's applicants (`applicants`), and
//! the stage's queries (`store`).

pub mod applicants;
pub mod boilerplate;
pub mod cohort;
pub mod coldstart;
pub mod context;
pub mod devanagari;
pub mod explain;
pub mod features;
pub mod lexical;
pub mod lexicon;
pub mod location;
pub mod normalise;
pub mod places;
pub mod recent;
pub mod recommend;
pub mod reloads;
pub mod score;
pub mod store;
pub mod studies;
pub mod suggest;
