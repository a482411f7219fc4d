-- Issue 10 (hardening).
-- A page view counts once per student and internship: the database says so, so two views at
-- once cannot both be recorded.
DELETE FROM match_feedback
WHERE kind = 'view'
  AND id NOT IN (
    SELECT MIN(id) FROM match_feedback WHERE kind = 'view' GROUP BY student_id, internship_id
  );
CREATE UNIQUE INDEX uq_match_feedback_view ON match_feedback (student_id, internship_id)
    WHERE kind = 'view';

-- An email with a secret link (verification, password reset) is stored and shown redacted;
-- the deliverable bodies wait here, sealed under a key derived from the server secret, until
-- the message is sent, and are erased then.
ALTER TABLE email_outbox ADD COLUMN sealed_body TEXT;
