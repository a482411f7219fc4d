//! The two filters that decide which students an institute sees, over `student_profiles` joined
//! to `users`: shared by the roster (`students_store.rs`) and the placement figures
//! (`placement_store.rs`), so that both count the same students. Macros, not functions: a boxed
//! Diesel filter would have to name every join it is used in.

/// Students of institute `$id` whose link it confirmed (and whose email is verified).
macro_rules! confirmed_of {
    ($id:expr) => {
        $crate::db::schema::student_profiles::institute_id
            .eq($id)
            .and($crate::db::schema::student_profiles::institute_confirmed_at.is_not_null())
            .and($crate::db::schema::users::email_verified_at.is_not_null())
    };
}

/// Students linked to institute `$id`, confirmed or not, whose email is verified: an unverified
/// account is not shown to anyone.
macro_rules! linked_to {
    ($id:expr) => {
        $crate::db::schema::student_profiles::institute_id
            .eq($id)
            .and($crate::db::schema::users::email_verified_at.is_not_null())
    };
}

pub(super) use {confirmed_of, linked_to};
