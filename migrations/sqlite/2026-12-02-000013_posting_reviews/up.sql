-- The review queue of postings: a posting held back by the posting rules (it asks for money,
-- pays below the minimum, or is one of a new company's first postings), or reported by a student.
CREATE TABLE posting_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    internship_id BIGINT NOT NULL REFERENCES internships(id) ON DELETE CASCADE,
    -- 'rules' (held back when posted or edited) or 'report' (a student's report)
    kind TEXT NOT NULL,
    -- rules: the rule codes that held it back, comma-separated; report: the reason chosen
    reasons TEXT NOT NULL,
    note TEXT,
    reporter_user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
    -- open, then approved | rejected (rules) or kept | edit_requested | taken_down (reports)
    status TEXT NOT NULL DEFAULT 'open',
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    decision_note TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    decided_at TIMESTAMP
);
CREATE INDEX idx_posting_reviews_open ON posting_reviews (status, created_at);
CREATE INDEX idx_posting_reviews_internship ON posting_reviews (internship_id);
-- One report per student and posting, however often (or however fast) they press the button.
CREATE UNIQUE INDEX uq_posting_reviews_reporter ON posting_reviews (internship_id, reporter_user_id)
    WHERE kind = 'report';
-- At most one open rules review per posting (an edit while waiting updates it).
CREATE UNIQUE INDEX uq_posting_reviews_open_rules ON posting_reviews (internship_id)
    WHERE kind = 'rules' AND status = 'open';
