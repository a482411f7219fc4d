DROP TABLE totp_recovery_codes;
DROP TABLE user_totp;
ALTER TABLE refresh_tokens DROP COLUMN session_started_at;
