DROP TABLE offers;
DROP INDEX idx_applications_student_status;
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
-- The old statuses know no offers: an open offer reads as interview, an answered one as decided.
UPDATE applications SET status = CASE status WHEN 'submitted' THEN 'pending' WHEN 'viewed' THEN 'pending'
    WHEN 'offered' THEN 'interview' WHEN 'not_selected' THEN 'rejected'
    WHEN 'declined' THEN 'withdrawn' WHEN 'expired' THEN 'rejected' ELSE status END;
ALTER TABLE applications ALTER COLUMN status SET DEFAULT 'pending';
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN ('pending', 'shortlisted', 'interview', 'accepted', 'rejected', 'withdrawn'));
UPDATE application_events SET from_status = 'pending' WHERE from_status IN ('submitted', 'viewed');
UPDATE application_events SET from_status = 'rejected' WHERE from_status = 'not_selected';
UPDATE application_events SET to_status = 'pending' WHERE to_status IN ('submitted', 'viewed');
UPDATE application_events SET to_status = 'rejected' WHERE to_status = 'not_selected';
