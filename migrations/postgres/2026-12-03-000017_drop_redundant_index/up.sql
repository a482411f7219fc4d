-- (status, deadline) is the prefix of idx_internships_listed (status, deadline, employer_id),
-- which serves every query it served: one index less to keep up on every posting write.
DROP INDEX idx_internships_status_deadline;
