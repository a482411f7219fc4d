// The database schema, shared by both backends (portable SQL types only). Keep in step with
// migrations/sqlite and migrations/postgres: column order matches the CREATE TABLE order.

diesel::table! {
    /// Every account: students, employers, institutes and admins.
    users (id) {
        id -> BigInt,
        email -> Text,
        password_hash -> Text,
        full_name -> Text,
        role -> Text,
        email_verified_at -> Nullable<Timestamp>,
        is_suspended -> Bool,
        suspended_reason -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        failed_login_count -> Integer,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        preferred_lang -> Text,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Previous password hashes (no reuse of the last five).
    password_history (id) {
        id -> BigInt,
        user_id -> BigInt,
        password_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Single-use emailed links (verification, password reset); only hashes are stored.
    email_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Rotating refresh tokens, hashed; a family is one sign-in.
    refresh_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        rotated_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        revoke_reason -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        ip -> Nullable<Text>,
        session_started_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Every login attempt, for lockout and forensics.
    login_attempts (id) {
        id -> BigInt,
        email -> Text,
        user_id -> Nullable<BigInt>,
        ip -> Text,
        succeeded -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Fixed-window rate-limit counters shared by every instance.
    rate_limit_counters (id) {
        id -> BigInt,
        bucket -> Text,
        window_start -> Timestamp,
        count -> Integer,
    }
}

diesel::table! {
    /// Security events: who, what, from where, when, outcome.
    audit_log (id) {
        id -> BigInt,
        actor_user_id -> Nullable<BigInt>,
        actor_email -> Nullable<Text>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<BigInt>,
        ip -> Nullable<Text>,
        outcome -> Text,
        detail -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Every email: queued, sent or failed; the .eml path when written to disk.
    email_outbox (id) {
        id -> BigInt,
        to_address -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        eml_path -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        /// The unredacted bodies, sealed, until the message is sent (issue 10).
        sealed_body -> Nullable<Text>,
        calendar_ics -> Nullable<Text>,
        list_unsubscribe -> Nullable<Text>,
    }
}

diesel::table! {
    /// Background jobs, claimed safely by one instance at a time and retried with back-off.
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        max_attempts -> Integer,
        run_at -> Timestamp,
        locked_at -> Nullable<Timestamp>,
        locked_by -> Nullable<Text>,
        last_error -> Nullable<Text>,
        dedupe_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Metadata of uploaded files (stored under random names outside static/).
    uploaded_files (id) {
        id -> BigInt,
        owner_user_id -> BigInt,
        purpose -> Text,
        stored_name -> Text,
        original_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Colleges, identified by their AISHE code (verified by an admin).
    institute_profiles (id) {
        id -> BigInt,
        user_id -> BigInt,
        institute_name -> Text,
        aishe_code -> Text,
        contact_number -> Text,
        city -> Nullable<Text>,
        state -> Nullable<Text>,
        website_url -> Nullable<Text>,
        verification_status -> Text,
        rejection_reason -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// A student's profile (one per user).
    student_profiles (id) {
        id -> BigInt,
        user_id -> BigInt,
        institute_id -> Nullable<BigInt>,
        institute_confirmed_at -> Nullable<Timestamp>,
        phone_number -> Nullable<Text>,
        current_city -> Nullable<Text>,
        pincode -> Nullable<Text>,
        district -> Nullable<Text>,
        state -> Nullable<Text>,
        university_name -> Nullable<Text>,
        degree -> Nullable<Text>,
        department -> Nullable<Text>,
        year -> Nullable<Integer>,
        cgpa -> Nullable<Double>,
        interests -> Nullable<Text>,
        projects -> Nullable<Text>,
        work_mode -> Text,
        preferred_location -> Nullable<Text>,
        willing_to_relocate -> Bool,
        apaar_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        share_with_institute -> Bool,
    }
}

diesel::table! {
    /// The structured resume of a student, and the text extracted from an uploaded file.
    student_resumes (id) {
        id -> BigInt,
        student_id -> BigInt,
        headline -> Nullable<Text>,
        career_objective -> Nullable<Text>,
        education -> Nullable<Text>,
        work_experience -> Nullable<Text>,
        projects -> Nullable<Text>,
        certifications -> Nullable<Text>,
        extra_curricular -> Nullable<Text>,
        linkedin_url -> Nullable<Text>,
        github_url -> Nullable<Text>,
        file_id -> Nullable<BigInt>,
        extracted_text -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Companies (verified by an admin before they can post).
    employer_profiles (id) {
        id -> BigInt,
        user_id -> BigInt,
        company_name -> Text,
        contact_number -> Text,
        designation -> Nullable<Text>,
        organization_description -> Nullable<Text>,
        city -> Nullable<Text>,
        industry -> Nullable<Text>,
        employee_count -> Nullable<Text>,
        website_url -> Nullable<Text>,
        logo_file_id -> Nullable<BigInt>,
        license_file_id -> Nullable<BigInt>,
        verification_status -> Text,
        rejection_reason -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Internships posted by employers.
    internships (id) {
        id -> BigInt,
        employer_id -> BigInt,
        title -> Text,
        description -> Text,
        location -> Text,
        pincode -> Nullable<Text>,
        mode -> Text,
        duration_weeks -> Integer,
        stipend_amount -> Nullable<Integer>,
        openings -> Integer,
        start_date -> Nullable<Date>,
        deadline -> Nullable<Date>,
        qualifications -> Nullable<Text>,
        benefits -> Nullable<Text>,
        status -> Text,
        takedown_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        status_before_takedown -> Nullable<Text>,
    }
}

diesel::table! {
    /// Normalised skills (canonical lower-case key and display name).
    skills (id) {
        id -> BigInt,
        name -> Text,
        display_name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Skills a student lists.
    student_skills (student_id, skill_id) {
        student_id -> BigInt,
        skill_id -> BigInt,
    }
}

diesel::table! {
    /// Skills an internship asks for.
    internship_skills (internship_id, skill_id) {
        internship_id -> BigInt,
        skill_id -> BigInt,
    }
}

diesel::table! {
    /// Up to five screening questions per internship, with an optional model answer.
    screening_questions (id) {
        id -> BigInt,
        internship_id -> BigInt,
        position -> Integer,
        question -> Text,
        model_answer -> Nullable<Text>,
    }
}

diesel::table! {
    /// One application per student and internship.
    applications (id) {
        id -> BigInt,
        student_id -> BigInt,
        internship_id -> BigInt,
        status -> Text,
        cover_letter -> Nullable<Text>,
        applied_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Every status change of an application: who, when, why.
    application_events (id) {
        id -> BigInt,
        application_id -> BigInt,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_user_id -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// A student's answers to an internship's screening questions.
    screening_answers (id) {
        id -> BigInt,
        application_id -> BigInt,
        question_id -> BigInt,
        answer -> Text,
    }
}

diesel::table! {
    /// Interviews scheduled for applications.
    interviews (id) {
        id -> BigInt,
        application_id -> BigInt,
        scheduled_at -> Timestamp,
        duration_minutes -> Integer,
        mode -> Text,
        location_or_link -> Nullable<Text>,
        notes -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        sequence -> Integer,
        response -> Nullable<Text>,
        response_note -> Nullable<Text>,
    }
}

diesel::table! {
    /// In-app notifications.
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        message -> Text,
        link -> Nullable<Text>,
        read_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Internships a student saved for later.
    saved_internships (student_id, internship_id) {
        student_id -> BigInt,
        internship_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Sentence embeddings of profiles and internships (little-endian f32).
    embeddings (id) {
        id -> BigInt,
        entity_type -> Text,
        entity_id -> BigInt,
        model -> Text,
        dim -> Integer,
        vector -> Binary,
        content_hash -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Students' reactions to recommendations.
    match_feedback (id) {
        id -> BigInt,
        student_id -> BigInt,
        internship_id -> BigInt,
        kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Every served recommendation list: scores, rank, model version.
    match_log (id) {
        id -> BigInt,
        list_id -> Text,
        student_id -> BigInt,
        internship_id -> BigInt,
        rank -> Integer,
        score -> Double,
        parts -> Text,
        model_version -> Text,
        served_at -> Timestamp,
    }
}

diesel::table! {
    /// Trained rerankers, versioned; one is active.
    reranker_models (id) {
        id -> BigInt,
        version -> Text,
        kind -> Text,
        trained_at -> Timestamp,
        samples -> Integer,
        metrics -> Text,
        weights -> Binary,
        is_active -> Bool,
    }
}

diesel::table! {
    /// Settings tuned by admins at run time (matching weights…).
    app_settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
        updated_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    user_totp (user_id) {
        user_id -> BigInt,
        secret -> Text,
        confirmed_at -> Nullable<Timestamp>,
        last_used_step -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    totp_recovery_codes (id) {
        id -> BigInt,
        user_id -> BigInt,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(user_totp -> users (user_id));
diesel::joinable!(totp_recovery_codes -> users (user_id));

diesel::table! {
    /// An offer made on an application: its terms and the date the student answers by.
    offers (id) {
        id -> BigInt,
        application_id -> BigInt,
        stipend_amount -> Nullable<Integer>,
        start_date -> Nullable<Date>,
        location -> Nullable<Text>,
        note -> Nullable<Text>,
        reply_by -> Date,
        extended -> Bool,
        status -> Text,
        made_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(password_history -> users (user_id));
diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(login_attempts -> users (user_id));
diesel::joinable!(audit_log -> users (actor_user_id));
diesel::joinable!(uploaded_files -> users (owner_user_id));
diesel::joinable!(institute_profiles -> users (user_id));
diesel::joinable!(student_profiles -> users (user_id));
diesel::joinable!(student_profiles -> institute_profiles (institute_id));
diesel::joinable!(student_resumes -> student_profiles (student_id));
diesel::joinable!(student_resumes -> uploaded_files (file_id));
diesel::joinable!(employer_profiles -> users (user_id));
diesel::joinable!(employer_profiles -> uploaded_files (logo_file_id));
diesel::joinable!(internships -> employer_profiles (employer_id));
diesel::joinable!(student_skills -> student_profiles (student_id));
diesel::joinable!(student_skills -> skills (skill_id));
diesel::joinable!(internship_skills -> internships (internship_id));
diesel::joinable!(internship_skills -> skills (skill_id));
diesel::joinable!(screening_questions -> internships (internship_id));
diesel::joinable!(applications -> student_profiles (student_id));
diesel::joinable!(applications -> internships (internship_id));
diesel::joinable!(application_events -> applications (application_id));
diesel::joinable!(application_events -> users (actor_user_id));
diesel::joinable!(screening_answers -> applications (application_id));
diesel::joinable!(screening_answers -> screening_questions (question_id));
diesel::joinable!(interviews -> applications (application_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(saved_internships -> student_profiles (student_id));
diesel::joinable!(saved_internships -> internships (internship_id));
diesel::joinable!(match_feedback -> student_profiles (student_id));
diesel::joinable!(match_feedback -> internships (internship_id));
diesel::joinable!(match_log -> student_profiles (student_id));
diesel::joinable!(match_log -> internships (internship_id));
diesel::joinable!(app_settings -> users (updated_by));
diesel::joinable!(offers -> applications (application_id));

diesel::table! {
    /// An employer's reusable messages to applicants.
    message_templates (id) {
        id -> BigInt,
        employer_id -> BigInt,
        title -> Text,
        body -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Interview slots of a posting; `application_id` once a student booked it.
    interview_slots (id) {
        id -> BigInt,
        internship_id -> BigInt,
        starts_at -> Timestamp,
        duration_minutes -> Integer,
        mode -> Text,
        location_or_link -> Nullable<Text>,
        application_id -> Nullable<BigInt>,
        interview_id -> Nullable<BigInt>,
        booked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Colleagues of a company (team seats): invited by email, joined with a user.
    employer_members (id) {
        id -> BigInt,
        employer_id -> BigInt,
        email -> Text,
        user_id -> Nullable<BigInt>,
        token_hash -> Text,
        invited_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        joined_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(message_templates -> employer_profiles (employer_id));
diesel::joinable!(interview_slots -> internships (internship_id));
diesel::joinable!(employer_members -> employer_profiles (employer_id));

diesel::table! {
    /// Consents given or withdrawn (issue 14): which notice, which version, when.
    consents (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        version -> Text,
        granted -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// A student's saved searches (the search page's query string), alerted daily.
    saved_searches (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        query -> Text,
        checked_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// One search-alert email per user and day.
    search_alert_days (user_id, day) {
        user_id -> BigInt,
        day -> Date,
    }
}

diesel::table! {
    /// Data exports prepared by a job, downloadable for 24 hours.
    data_exports (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        status -> Text,
        stored_name -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(consents -> users (user_id));
diesel::joinable!(saved_searches -> users (user_id));
diesel::joinable!(search_alert_days -> users (user_id));
diesel::joinable!(data_exports -> users (user_id));

diesel::table! {
    /// The review queue of postings: held back by the posting rules, or reported by students.
    posting_reviews (id) {
        id -> BigInt,
        internship_id -> BigInt,
        kind -> Text,
        reasons -> Text,
        note -> Nullable<Text>,
        reporter_user_id -> Nullable<BigInt>,
        status -> Text,
        decided_by -> Nullable<BigInt>,
        decision_note -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(posting_reviews -> internships (internship_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    password_history,
    email_tokens,
    refresh_tokens,
    login_attempts,
    rate_limit_counters,
    audit_log,
    email_outbox,
    jobs,
    uploaded_files,
    institute_profiles,
    student_profiles,
    student_resumes,
    employer_profiles,
    internships,
    skills,
    student_skills,
    internship_skills,
    screening_questions,
    applications,
    application_events,
    screening_answers,
    interviews,
    notifications,
    saved_internships,
    embeddings,
    match_feedback,
    match_log,
    reranker_models,
    app_settings,
    user_totp,
    totp_recovery_codes,
    offers,
    message_templates,
    interview_slots,
    employer_members,
    consents,
    saved_searches,
    search_alert_days,
    data_exports,
    posting_reviews,
);
