DROP TABLE data_exports;
DROP TABLE search_alert_days;
ALTER TABLE email_outbox DROP COLUMN list_unsubscribe;
DROP TABLE saved_searches;
DROP TABLE consents;
ALTER TABLE student_profiles DROP COLUMN share_with_institute;
ALTER TABLE users DROP COLUMN deleted_at;
ALTER TABLE users DROP COLUMN preferred_lang;
