CREATE INDEX idx_internships_status_deadline ON internships (status, deadline);
