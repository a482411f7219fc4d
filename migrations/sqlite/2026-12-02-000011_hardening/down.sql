ALTER TABLE email_outbox DROP COLUMN sealed_body;
DROP INDEX uq_match_feedback_view;
