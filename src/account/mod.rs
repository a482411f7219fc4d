//! What a user controls about her own data (issue 14, DPDP Act 2023): the export of everything
//! held about her, erasure of the account, consent to the privacy notice, and the `/privacy`
//! page. Export and erasure must reach every table at once, so this module's stores
//! (`export_store`, `erase_store`) read and write the other modules' tables directly.

pub mod erase_store;
pub mod erasure;
pub mod export;
pub mod export_store;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
