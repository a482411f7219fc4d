//! Index: the generic vector scan (`vectors`), the catalogue of listed internships built on it
//! and the recommendation path over that (`catalogue`), the live copy each instance keeps fresh
//! (`live`, reading its changes through `changes`), the market demand tallied beside it
//! (`demand`), the semantic side of the public search (`search`, with the rows of a place kept
//! in `scope_rows` and the full scans shared by the searches waiting at once in `together`), and the stage's queries (`store`: what is listed, what changed, the
//! crowd's reactions).

pub mod catalogue;
pub mod changes;
pub mod demand;
pub mod live;
mod scope_rows;
pub mod search;
pub mod store;
mod together;
pub mod vectors;
