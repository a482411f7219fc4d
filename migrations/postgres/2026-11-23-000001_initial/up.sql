-- The whole Praktiki schema (DESIGN §3). Times are UTC TIMESTAMPs, dates are DATEs,
-- enumerations are TEXT with CHECK constraints, every uniqueness rule is a constraint.

-- Every account: students, employers, institutes and admins.
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'student' CHECK (role IN ('student', 'employer', 'institute', 'admin')),
    email_verified_at TIMESTAMP,
    is_suspended BOOLEAN NOT NULL DEFAULT FALSE,
    suspended_reason TEXT,
    locked_until TIMESTAMP,
    failed_login_count INTEGER NOT NULL DEFAULT 0,
    last_login_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_users_role ON users (role);

-- Previous password hashes (no reuse of the last five).
CREATE TABLE password_history (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_password_history_user ON password_history (user_id, created_at);

-- Single-use emailed links (verification, password reset); only hashes are stored.
CREATE TABLE email_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_email_tokens_user ON email_tokens (user_id, purpose);

-- Rotating refresh tokens, hashed; a family is one sign-in.
CREATE TABLE refresh_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at TIMESTAMP,
    rotated_at TIMESTAMP,
    revoked_at TIMESTAMP,
    revoke_reason TEXT,
    user_agent TEXT,
    ip TEXT
);
CREATE INDEX idx_refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX idx_refresh_tokens_family ON refresh_tokens (family_id);

-- Every login attempt, for lockout and forensics.
CREATE TABLE login_attempts (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    ip TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_login_attempts_email ON login_attempts (email, created_at);
CREATE INDEX idx_login_attempts_ip ON login_attempts (ip, created_at);

-- Fixed-window rate-limit counters shared by every instance.
CREATE TABLE rate_limit_counters (
    id BIGSERIAL PRIMARY KEY,
    bucket TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT uq_rate_limit_bucket_window UNIQUE (bucket, window_start)
);
CREATE INDEX idx_rate_limit_window ON rate_limit_counters (window_start);

-- Security events: who, what, from where, when, outcome.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    actor_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    actor_email TEXT,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id BIGINT,
    ip TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    detail TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_audit_log_created ON audit_log (created_at);
CREATE INDEX idx_audit_log_actor ON audit_log (actor_user_id);
CREATE INDEX idx_audit_log_action ON audit_log (action);

-- Every email: queued, sent or failed; the .eml path when written to disk.
CREATE TABLE email_outbox (
    id BIGSERIAL PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    eml_path TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at TIMESTAMP
);
CREATE INDEX idx_email_outbox_status ON email_outbox (status, created_at);

-- Background jobs, claimed safely by one instance at a time and retried with back-off.
CREATE TABLE jobs (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    run_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    locked_at TIMESTAMP,
    locked_by TEXT,
    last_error TEXT,
    dedupe_key TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_jobs_due ON jobs (status, run_at);

-- Metadata of uploaded files (stored under random names outside static/).
CREATE TABLE uploaded_files (
    id BIGSERIAL PRIMARY KEY,
    owner_user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('resume', 'logo', 'license')),
    stored_name TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_uploaded_files_owner ON uploaded_files (owner_user_id);

-- Colleges, identified by their AISHE code (verified by an admin).
CREATE TABLE institute_profiles (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    institute_name TEXT NOT NULL,
    aishe_code TEXT NOT NULL UNIQUE CHECK (length(aishe_code) BETWEEN 5 AND 20),
    contact_number TEXT NOT NULL,
    city TEXT,
    state TEXT,
    website_url TEXT,
    verification_status TEXT NOT NULL DEFAULT 'pending' CHECK (verification_status IN ('pending', 'approved', 'rejected')),
    rejection_reason TEXT,
    verified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- A student's profile (one per user).
CREATE TABLE student_profiles (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    institute_id BIGINT REFERENCES institute_profiles(id) ON DELETE SET NULL,
    institute_confirmed_at TIMESTAMP,
    phone_number TEXT,
    current_city TEXT,
    pincode TEXT,
    district TEXT,
    state TEXT,
    university_name TEXT,
    degree TEXT,
    department TEXT,
    year INTEGER,
    cgpa DOUBLE PRECISION CHECK (cgpa IS NULL OR (cgpa >= 0 AND cgpa <= 10)),
    interests TEXT,
    projects TEXT,
    work_mode TEXT NOT NULL DEFAULT 'any' CHECK (work_mode IN ('remote', 'onsite', 'hybrid', 'any')),
    preferred_location TEXT,
    willing_to_relocate BOOLEAN NOT NULL DEFAULT FALSE,
    apaar_id TEXT UNIQUE CHECK (apaar_id IS NULL OR length(apaar_id) = 12),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_student_profiles_institute ON student_profiles (institute_id);

-- The structured resume of a student, and the text extracted from an uploaded file.
CREATE TABLE student_resumes (
    id BIGSERIAL PRIMARY KEY,
    student_id BIGINT NOT NULL UNIQUE REFERENCES student_profiles(id) ON DELETE CASCADE,
    headline TEXT,
    career_objective TEXT,
    education TEXT,
    work_experience TEXT,
    projects TEXT,
    certifications TEXT,
    extra_curricular TEXT,
    linkedin_url TEXT,
    github_url TEXT,
    file_id BIGINT REFERENCES uploaded_files(id) ON DELETE SET NULL,
    extracted_text TEXT,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Companies (verified by an admin before they can post).
CREATE TABLE employer_profiles (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    company_name TEXT NOT NULL,
    contact_number TEXT NOT NULL,
    designation TEXT,
    organization_description TEXT,
    city TEXT,
    industry TEXT,
    employee_count TEXT,
    website_url TEXT,
    logo_file_id BIGINT REFERENCES uploaded_files(id) ON DELETE SET NULL,
    license_file_id BIGINT REFERENCES uploaded_files(id) ON DELETE SET NULL,
    verification_status TEXT NOT NULL DEFAULT 'pending' CHECK (verification_status IN ('pending', 'approved', 'rejected')),
    rejection_reason TEXT,
    verified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Internships posted by employers.
CREATE TABLE internships (
    id BIGSERIAL PRIMARY KEY,
    employer_id BIGINT NOT NULL REFERENCES employer_profiles(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT NOT NULL,
    pincode TEXT,
    mode TEXT NOT NULL CHECK (mode IN ('remote', 'onsite', 'hybrid')),
    duration_weeks INTEGER NOT NULL CHECK (duration_weeks > 0),
    stipend_amount INTEGER CHECK (stipend_amount IS NULL OR stipend_amount >= 0),
    openings INTEGER NOT NULL DEFAULT 1 CHECK (openings > 0),
    start_date DATE,
    deadline DATE,
    qualifications TEXT,
    benefits TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'closed', 'taken_down')),
    takedown_reason TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_internships_status_deadline ON internships (status, deadline);
CREATE INDEX idx_internships_employer ON internships (employer_id);

-- Normalised skills (canonical lower-case key and display name).
CREATE TABLE skills (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Skills a student lists.
CREATE TABLE student_skills (
    student_id BIGINT NOT NULL REFERENCES student_profiles(id) ON DELETE CASCADE,
    skill_id BIGINT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    PRIMARY KEY (student_id, skill_id)
);
CREATE INDEX idx_student_skills_skill ON student_skills (skill_id);

-- Skills an internship asks for.
CREATE TABLE internship_skills (
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    skill_id BIGINT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    PRIMARY KEY (internship_id, skill_id)
);
CREATE INDEX idx_internship_skills_skill ON internship_skills (skill_id);

-- Up to five screening questions per internship, with an optional model answer.
CREATE TABLE screening_questions (
    id BIGSERIAL PRIMARY KEY,
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    question TEXT NOT NULL,
    model_answer TEXT,
    CONSTRAINT uq_screening_questions_position UNIQUE (internship_id, position)
);

-- One application per student and internship.
CREATE TABLE applications (
    id BIGSERIAL PRIMARY KEY,
    student_id BIGINT NOT NULL REFERENCES student_profiles(id) ON DELETE CASCADE,
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'shortlisted', 'interview', 'accepted', 'rejected', 'withdrawn')),
    cover_letter TEXT,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_applications_student_internship UNIQUE (student_id, internship_id)
);
CREATE INDEX idx_applications_internship_status ON applications (internship_id, status);

-- Every status change of an application: who, when, why.
CREATE TABLE application_events (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    reason TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_application_events_application ON application_events (application_id);

-- A student's answers to an internship's screening questions.
CREATE TABLE screening_answers (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES screening_questions(id) ON DELETE CASCADE,
    answer TEXT NOT NULL,
    CONSTRAINT uq_screening_answers_question UNIQUE (application_id, question_id)
);

-- Interviews scheduled for applications.
CREATE TABLE interviews (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    scheduled_at TIMESTAMP NOT NULL,
    duration_minutes INTEGER NOT NULL DEFAULT 30,
    mode TEXT NOT NULL CHECK (mode IN ('online', 'onsite', 'phone')),
    location_or_link TEXT,
    notes TEXT,
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'cancelled', 'completed')),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_interviews_application ON interviews (application_id);

-- In-app notifications.
CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    link TEXT,
    read_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_notifications_user ON notifications (user_id, created_at);

-- Internships a student saved for later.
CREATE TABLE saved_internships (
    student_id BIGINT NOT NULL REFERENCES student_profiles(id) ON DELETE CASCADE,
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (student_id, internship_id)
);

-- Sentence embeddings of profiles and internships (little-endian f32).
CREATE TABLE embeddings (
    id BIGSERIAL PRIMARY KEY,
    entity_type TEXT NOT NULL CHECK (entity_type IN ('student', 'internship')),
    entity_id BIGINT NOT NULL,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BYTEA NOT NULL,
    content_hash TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_embeddings_entity_model UNIQUE (entity_type, entity_id, model)
);

-- Students' reactions to recommendations.
CREATE TABLE match_feedback (
    id BIGSERIAL PRIMARY KEY,
    student_id BIGINT NOT NULL REFERENCES student_profiles(id) ON DELETE CASCADE,
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('like', 'dismiss', 'view', 'apply')),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_match_feedback_student ON match_feedback (student_id, internship_id);
CREATE INDEX idx_match_feedback_internship ON match_feedback (internship_id, kind);

-- Every served recommendation list: scores, rank, model version.
CREATE TABLE match_log (
    id BIGSERIAL PRIMARY KEY,
    list_id TEXT NOT NULL,
    student_id BIGINT NOT NULL REFERENCES student_profiles(id) ON DELETE CASCADE,
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    parts TEXT NOT NULL,
    model_version TEXT NOT NULL,
    served_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_match_log_student ON match_log (student_id, served_at);
CREATE INDEX idx_match_log_list ON match_log (list_id);

-- Trained rerankers, versioned; one is active.
CREATE TABLE reranker_models (
    id BIGSERIAL PRIMARY KEY,
    version TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    trained_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    samples INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    weights BYTEA NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT FALSE
);

-- Settings tuned by admins at run time (matching weights…).
CREATE TABLE app_settings (
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (key)
);
