-- PostgreSQL only (its search row is written once per posting and transaction); SQLite's
-- full-text index is kept by its own triggers.
SELECT 1;
