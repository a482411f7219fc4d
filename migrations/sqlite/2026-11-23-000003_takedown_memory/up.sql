-- What a posting was before an administrator took it down, so that restoring it gives back
-- exactly that (a closed posting stays closed).
ALTER TABLE internships ADD COLUMN status_before_takedown TEXT;
