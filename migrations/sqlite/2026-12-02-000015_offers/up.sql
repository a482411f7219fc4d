-- Issue 15: offers with terms and a reply-by date, and the statuses every page, email and CSV
-- shows: submitted, viewed, shortlisted, interview, offered, accepted, declined, not_selected,
-- withdrawn, expired. Today's pending becomes submitted and rejected becomes not_selected.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE applications_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student_id BIGINT NOT NULL REFERENCES student_profiles(id) ON DELETE CASCADE,
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'viewed', 'shortlisted', 'interview', 'offered', 'accepted', 'declined', 'not_selected', 'withdrawn', 'expired')),
    cover_letter TEXT,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_applications_student_internship UNIQUE (student_id, internship_id)
);
INSERT INTO applications_new (id, student_id, internship_id, status, cover_letter, applied_at, updated_at)
SELECT id, student_id, internship_id,
       CASE status WHEN 'pending' THEN 'submitted' WHEN 'rejected' THEN 'not_selected' ELSE status END,
       cover_letter, applied_at, updated_at
FROM applications;
DROP TABLE applications;
ALTER TABLE applications_new RENAME TO applications;
CREATE INDEX idx_applications_internship_status ON applications (internship_id, status);
CREATE INDEX idx_applications_student_status ON applications (student_id, status);

UPDATE application_events SET from_status = 'submitted' WHERE from_status = 'pending';
UPDATE application_events SET from_status = 'not_selected' WHERE from_status = 'rejected';
UPDATE application_events SET to_status = 'submitted' WHERE to_status = 'pending';
UPDATE application_events SET to_status = 'not_selected' WHERE to_status = 'rejected';

-- One offer per application: its terms, the date the student must answer by (extendable once)
-- and where it stands.
CREATE TABLE offers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    stipend_amount INTEGER,
    start_date DATE,
    location TEXT,
    note TEXT,
    reply_by DATE NOT NULL,
    extended BOOLEAN NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'closed')),
    made_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    answered_at TIMESTAMP,
    CONSTRAINT uq_offers_application UNIQUE (application_id)
);
CREATE INDEX idx_offers_status_reply_by ON offers (status, reply_by);
COMMIT;
PRAGMA foreign_keys = ON;
