-- PostgreSQL only (where its search documents are stored); SQLite's full-text index keeps its
-- own pages.
SELECT 1;
