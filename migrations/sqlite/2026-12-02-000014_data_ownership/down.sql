DROP TABLE data_exports;
DROP TABLE search_alert_days;
DROP TABLE saved_searches;
DROP TABLE consents;
ALTER TABLE student_profiles DROP COLUMN share_with_institute;
ALTER TABLE users DROP COLUMN deleted_at;
ALTER TABLE users DROP COLUMN preferred_lang;
