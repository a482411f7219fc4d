-- Issue 15, items 4, 5, 6: message templates for bulk triage, interview slots and calendar
-- invitations, company team seats.

-- An employer's reusable messages to applicants ("position filled", …).
CREATE TABLE message_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    employer_id BIGINT NOT NULL REFERENCES employer_profiles(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT uq_message_templates_title UNIQUE (employer_id, title)
);

-- An invitation's calendar (RFC 5545 text) travels with its email as a text/calendar part.
ALTER TABLE email_outbox ADD COLUMN calendar_ics TEXT;

-- Calendar invitations: SEQUENCE grows with every change; the student's answer other than
-- confirming (declined, or asked for another time) with a note.
ALTER TABLE interviews ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interviews ADD COLUMN response TEXT;
ALTER TABLE interviews ADD COLUMN response_note TEXT;

-- Interview slots an employer publishes for a posting; a shortlisted student books one. A slot
-- holds at most one application and an application at most one slot (both unique), so two
-- students clicking at once cannot both get it.
CREATE TABLE interview_slots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    starts_at TIMESTAMP NOT NULL,
    duration_minutes INTEGER NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('online', 'onsite', 'phone')),
    location_or_link TEXT,
    application_id BIGINT UNIQUE REFERENCES applications(id) ON DELETE SET NULL,
    interview_id BIGINT REFERENCES interviews(id) ON DELETE SET NULL,
    booked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT uq_interview_slots_time UNIQUE (internship_id, starts_at)
);

-- Colleagues of a company: invited by email (only the token's hash is kept), joined when they
-- follow the link signed in as an employer with that address.
CREATE TABLE employer_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    employer_id BIGINT NOT NULL REFERENCES employer_profiles(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    user_id BIGINT UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    joined_at TIMESTAMP,
    CONSTRAINT uq_employer_members_email UNIQUE (employer_id, email)
);
