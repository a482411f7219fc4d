-- PostgreSQL only (a version for each search document); SQLite's scores move with every
-- change and are read again.
SELECT 1;
