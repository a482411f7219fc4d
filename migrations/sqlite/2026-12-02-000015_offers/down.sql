PRAGMA foreign_keys = OFF;
BEGIN;
DROP TABLE offers;
CREATE TABLE applications_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student_id BIGINT NOT NULL REFERENCES student_profiles(id) ON DELETE CASCADE,
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'shortlisted', 'interview', 'accepted', 'rejected', 'withdrawn')),
    cover_letter TEXT,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_applications_student_internship UNIQUE (student_id, internship_id)
);
-- The old statuses know no offers: an open offer reads as interview, an answered one as decided.
INSERT INTO applications_old (id, student_id, internship_id, status, cover_letter, applied_at, updated_at)
SELECT id, student_id, internship_id,
       CASE status WHEN 'submitted' THEN 'pending' WHEN 'viewed' THEN 'pending'
                   WHEN 'offered' THEN 'interview' WHEN 'not_selected' THEN 'rejected'
                   WHEN 'declined' THEN 'withdrawn' WHEN 'expired' THEN 'rejected' ELSE status END,
       cover_letter, applied_at, updated_at
FROM applications;
DROP TABLE applications;
ALTER TABLE applications_old RENAME TO applications;
CREATE INDEX idx_applications_internship_status ON applications (internship_id, status);
UPDATE application_events SET from_status = 'pending' WHERE from_status IN ('submitted', 'viewed');
UPDATE application_events SET from_status = 'rejected' WHERE from_status = 'not_selected';
UPDATE application_events SET to_status = 'pending' WHERE to_status IN ('submitted', 'viewed');
UPDATE application_events SET to_status = 'rejected' WHERE to_status = 'not_selected';
COMMIT;
PRAGMA foreign_keys = ON;
