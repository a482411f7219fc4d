-- PostgreSQL only (a table of the postings' places beside their documents).
SELECT 1;
