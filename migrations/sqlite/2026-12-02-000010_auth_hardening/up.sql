-- When the sign-in that started a session happened: every rotated refresh token of the family
-- carries it, so a session ends 30 days after sign-in however busy it is. NULL on tokens issued
-- before this column existed (their own created_at stands in).
ALTER TABLE refresh_tokens ADD COLUMN session_started_at TIMESTAMP;

-- An administrator's TOTP second factor (RFC 6238). The secret must be readable to check codes;
-- confirmed_at is set once the user proved they copied it; last_used_step refuses a replayed code.
CREATE TABLE user_totp (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    confirmed_at TIMESTAMP,
    last_used_step BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- One-time recovery codes, stored as SHA-256 (they are long random strings, not passwords).
CREATE TABLE totp_recovery_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_totp_recovery_codes_user ON totp_recovery_codes (user_id);
