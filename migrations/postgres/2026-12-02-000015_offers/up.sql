-- Issue 15: offers with terms and a reply-by date, and the statuses every page, email and CSV
-- shows: submitted, viewed, shortlisted, interview, offered, accepted, declined, not_selected,
-- withdrawn, expired. Today's pending becomes submitted and rejected becomes not_selected.
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
UPDATE applications SET status = CASE status WHEN 'pending' THEN 'submitted' WHEN 'rejected' THEN 'not_selected' ELSE status END;
ALTER TABLE applications ALTER COLUMN status SET DEFAULT 'submitted';
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN ('submitted', 'viewed', 'shortlisted', 'interview', 'offered', 'accepted', 'declined', 'not_selected', 'withdrawn', 'expired'));
CREATE INDEX idx_applications_student_status ON applications (student_id, status);

UPDATE application_events SET from_status = 'submitted' WHERE from_status = 'pending';
UPDATE application_events SET from_status = 'not_selected' WHERE from_status = 'rejected';
UPDATE application_events SET to_status = 'submitted' WHERE to_status = 'pending';
UPDATE application_events SET to_status = 'not_selected' WHERE to_status = 'rejected';

-- One offer per application: its terms, the date the student must answer by (extendable once)
-- and where it stands.
CREATE TABLE offers (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    stipend_amount INTEGER,
    start_date DATE,
    location TEXT,
    note TEXT,
    reply_by DATE NOT NULL,
    extended BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'closed')),
    made_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    answered_at TIMESTAMP,
    CONSTRAINT uq_offers_application UNIQUE (application_id)
);
CREATE INDEX idx_offers_status_reply_by ON offers (status, reply_by);
