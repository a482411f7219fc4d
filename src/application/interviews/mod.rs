//! Interviews in calendars (iCalendar invitations with every change, `.ics` downloads), the
//! student's answers (confirm, decline, ask for another time), the employer's changes
//! (reschedule, cancel), and interview slots students book themselves (`slots`, `slot_routes`,
//! `slot_store`).

pub mod calendar;
pub mod changes;
pub mod form;
pub mod ics;
pub mod model;
pub mod routes;
mod slot_routes;
mod slot_store;
pub mod slots;
pub mod store;
