-- PostgreSQL only (a table of the postings' places beside their documents); SQLite's full-text
-- index answers a place from itself.
SELECT 1;
