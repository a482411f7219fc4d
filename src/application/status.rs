//! Where an application stands, and the one table of the moves allowed from there.

/// Where an application stands. Open: `submitted → viewed → shortlisted → interview → offered`;
/// closed: `accepted` or `declined` by the student (an offer), `not_selected` by the employer,
/// `withdrawn` by the student, `expired` (an offer not answered in time). Every move is checked
/// by [`Status::may_move`], the one table of allowed transitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Submitted,
    Viewed,
    Shortlisted,
    Interview,
    Offered,
    Accepted,
    Declined,
    NotSelected,
    Withdrawn,
    Expired,
}

/// Who moves an application: the company, the student, or Praktiki itself (opening the
/// applicant's page, an offer's deadline passing, another offer accepted, a suspension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Employer,
    Student,
    Platform,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Submitted,
        Status::Viewed,
        Status::Shortlisted,
        Status::Interview,
        Status::Offered,
        Status::Accepted,
        Status::Declined,
        Status::NotSelected,
        Status::Withdrawn,
        Status::Expired,
    ];

    /// The statuses of an application still under way.
    pub const OPEN: [Status; 5] = [
        Status::Submitted,
        Status::Viewed,
        Status::Shortlisted,
        Status::Interview,
        Status::Offered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Viewed => "viewed",
            Status::Shortlisted => "shortlisted",
            Status::Interview => "interview",
            Status::Offered => "offered",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::NotSelected => "not_selected",
            Status::Withdrawn => "withdrawn",
            Status::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// The stored names of the open statuses (for queries).
    pub fn open_names() -> [&'static str; 5] {
        Status::OPEN.map(Status::as_str)
    }

    /// Closed applications never move again.
    pub fn is_final(self) -> bool {
        !Status::OPEN.contains(&self)
    }

    /// The one table of allowed transitions.
    pub fn may_move(self, to: Status, by: Actor) -> bool {
        use Status::*;
        match by {
            Actor::Employer => self.employer_moves().contains(&to),
            // Offers are answered with accept or decline; anything else open may be withdrawn.
            Actor::Student => match self {
                Offered => matches!(to, Accepted | Declined),
                from => !from.is_final() && to == Withdrawn,
            },
            Actor::Platform => match (self, to) {
                (Submitted, Viewed) => true,
                (Offered, Expired) => true,
                // Another offer accepted: offers are declined, the rest withdrawn.
                (Offered, Declined) => true,
                (from, Withdrawn) => !from.is_final() && from != Offered,
                // The company was suspended: whatever was open is closed.
                (from, NotSelected) => !from.is_final(),
                _ => false,
            },
        }
    }

    /// The moves an employer may make from here (the status form's choices).
    pub fn employer_moves(self) -> &'static [Status] {
        match self {
            Status::Submitted | Status::Viewed => &[Status::Shortlisted, Status::NotSelected],
            Status::Shortlisted => &[Status::Interview, Status::Offered, Status::NotSelected],
            Status::Interview => &[Status::Offered, Status::NotSelected],
            _ => &[],
        }
    }

    /// The moves an employer may make on an application to a posting an administrator took
    /// down: it can only be declined, so the student is not left waiting on a dead posting.
    pub fn employer_moves_on(self, posting_status: &str) -> &'static [Status] {
        let moves = self.employer_moves();
        if posting_status != "taken_down" {
            moves
        } else if moves.contains(&Status::NotSelected) {
            &[Status::NotSelected]
        } else {
            &[]
        }
    }

    /// A student may confirm a proposed interview only while the application is at that stage.
    pub fn may_confirm_interview(self) -> bool {
        self == Status::Interview
    }

    /// A student may withdraw an application that is still open (an offer is declined instead).
    pub fn may_withdraw(self) -> bool {
        self.may_move(Status::Withdrawn, Actor::Student)
    }

    /// Translation key of the status name.
    pub fn label_key(self) -> &'static str {
        match self {
            Status::Submitted => "status.submitted",
            Status::Viewed => "status.viewed",
            Status::Shortlisted => "status.shortlisted",
            Status::Interview => "status.interview",
            Status::Offered => "status.offered",
            Status::Accepted => "status.accepted",
            Status::Declined => "status.declined",
            Status::NotSelected => "status.not_selected",
            Status::Withdrawn => "status.withdrawn",
            Status::Expired => "status.expired",
        }
    }
}

/// Templates hold statuses by value or through references (loops add one); labels take any.
pub trait AsStatus {
    fn status(&self) -> Status;
}

impl AsStatus for Status {
    fn status(&self) -> Status {
        *self
    }
}

impl<T: AsStatus> AsStatus for &T {
    fn status(&self) -> Status {
        (*self).status()
    }
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
