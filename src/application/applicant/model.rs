//! What the applicant page shows.

use crate::application::model::{Applicant, Event};
use crate::application::offers::model::Offer;
use crate::internship::model::Internship;

/// One applicant in full, for the employer whose posting it is.
#[derive(Debug, Clone)]
pub struct ApplicantView {
    pub applicant: Applicant,
    pub internship: Internship,
    pub events: Vec<Event>,
    pub offer: Option<Offer>,
}
