-- Students own their data (issue 14): the language every email and notification is written in,
-- erased accounts, consents, saved searches with alerts, and prepared data exports.

-- 'en' or 'hi': set at sign-up from the page's language and on every language switch.
ALTER TABLE users ADD COLUMN preferred_lang TEXT NOT NULL DEFAULT 'en' CHECK (preferred_lang IN ('en', 'hi'));
-- Set when the owner erased the account: the row stays (without personal data) so that what
-- others rely on (an employer's applicant list) keeps its shape.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP;

-- Whether a student lets her institute see her applications (the profile link stays either way).
ALTER TABLE student_profiles ADD COLUMN share_with_institute BOOLEAN NOT NULL DEFAULT 1;

-- Consents given or withdrawn: which notice, which version, when.
CREATE TABLE consents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    version TEXT NOT NULL,
    granted BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_consents_user ON consents (user_id, purpose, created_at);

-- A student's saved searches: the search page's own query string, alerted daily.
CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    -- Postings published after this were not yet alerted.
    checked_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, query)
);

-- A mailing-list email's one-click unsubscribe address (List-Unsubscribe, RFC 8058).
ALTER TABLE email_outbox ADD COLUMN list_unsubscribe TEXT;

-- One alert email per user and day (the key makes two runners at once send one).
CREATE TABLE search_alert_days (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day DATE NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- Data exports: prepared by a job, downloadable by a link (only its hash is kept) for 24 hours.
CREATE TABLE data_exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ready', 'failed')),
    stored_name TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX idx_data_exports_user ON data_exports (user_id);
