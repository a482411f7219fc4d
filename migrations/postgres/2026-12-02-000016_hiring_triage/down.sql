DROP TABLE employer_members;
DROP TABLE interview_slots;
ALTER TABLE interviews DROP COLUMN response_note;
ALTER TABLE interviews DROP COLUMN response;
ALTER TABLE interviews DROP COLUMN sequence;
ALTER TABLE email_outbox DROP COLUMN calendar_ics;
DROP TABLE message_templates;
