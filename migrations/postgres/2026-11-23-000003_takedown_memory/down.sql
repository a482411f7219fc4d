ALTER TABLE internships DROP COLUMN status_before_takedown;
