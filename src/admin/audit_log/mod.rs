//! `/admin/audit`: the audit log with who did each thing (name and role), filtered by actor,
//! action and date.

pub mod model;
pub mod routes;
mod store;
