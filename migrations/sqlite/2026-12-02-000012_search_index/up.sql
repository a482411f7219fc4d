-- Full-text search over postings (issue 12): an FTS5 index of each internship's title, skills,
-- company, location and description, kept in step by triggers and filled from what exists.
-- Contentless (the text stays in `internships`), rows deleted by rowid = the internship's id.
-- Words match as words ("ml" does not find "html"); no stemming, so both backends agree.
CREATE VIRTUAL TABLE internship_fts USING fts5(
    title, skills, company, location, description,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- What the index holds for one internship.
CREATE VIEW internship_search_source AS
SELECT i.id AS id,
       i.employer_id AS employer_id,
       i.title AS title,
       COALESCE((SELECT group_concat(k.display_name, ' ')
                   FROM internship_skills s JOIN skills k ON k.id = s.skill_id
                  WHERE s.internship_id = i.id), '') AS skills,
       COALESCE(e.company_name, '') AS company,
       i.location AS location,
       i.description AS description
  FROM internships i LEFT JOIN employer_profiles e ON e.id = i.employer_id;

INSERT INTO internship_fts (rowid, title, skills, company, location, description)
    SELECT id, title, skills, company, location, description FROM internship_search_source;

CREATE TRIGGER internship_fts_insert AFTER INSERT ON internships BEGIN
    INSERT INTO internship_fts (rowid, title, skills, company, location, description)
        SELECT id, title, skills, company, location, description
          FROM internship_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER internship_fts_update AFTER UPDATE OF title, description, location, employer_id ON internships BEGIN
    DELETE FROM internship_fts WHERE rowid = OLD.id;
    INSERT INTO internship_fts (rowid, title, skills, company, location, description)
        SELECT id, title, skills, company, location, description
          FROM internship_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER internship_fts_delete AFTER DELETE ON internships BEGIN
    DELETE FROM internship_fts WHERE rowid = OLD.id;
END;

CREATE TRIGGER internship_fts_skill_added AFTER INSERT ON internship_skills BEGIN
    DELETE FROM internship_fts WHERE rowid = NEW.internship_id;
    INSERT INTO internship_fts (rowid, title, skills, company, location, description)
        SELECT id, title, skills, company, location, description
          FROM internship_search_source WHERE id = NEW.internship_id;
END;

CREATE TRIGGER internship_fts_skill_removed AFTER DELETE ON internship_skills BEGIN
    DELETE FROM internship_fts WHERE rowid = OLD.internship_id;
    INSERT INTO internship_fts (rowid, title, skills, company, location, description)
        SELECT id, title, skills, company, location, description
          FROM internship_search_source WHERE id = OLD.internship_id;
END;

CREATE TRIGGER internship_fts_company_renamed AFTER UPDATE OF company_name ON employer_profiles BEGIN
    DELETE FROM internship_fts WHERE rowid IN (SELECT id FROM internships WHERE employer_id = NEW.id);
    INSERT INTO internship_fts (rowid, title, skills, company, location, description)
        SELECT id, title, skills, company, location, description
          FROM internship_search_source WHERE employer_id = NEW.id;
END;

CREATE TRIGGER internship_fts_skill_renamed AFTER UPDATE OF display_name ON skills BEGIN
    DELETE FROM internship_fts
     WHERE rowid IN (SELECT internship_id FROM internship_skills WHERE skill_id = NEW.id);
    INSERT INTO internship_fts (rowid, title, skills, company, location, description)
        SELECT id, title, skills, company, location, description
          FROM internship_search_source
         WHERE id IN (SELECT internship_id FROM internship_skills WHERE skill_id = NEW.id);
END;

-- A counter bumped by every change that can change a search's results (postings, their skills,
-- companies, suspensions): the search keeps recent pages and counts in memory for as long as
-- it has not moved (`src/internship/search/cache.rs`).
CREATE TABLE search_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);
INSERT INTO search_generation (id, n) VALUES (1, 0);
CREATE TRIGGER search_generation_internship_insert AFTER INSERT ON internships BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_internship_update AFTER UPDATE ON internships BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_internship_delete AFTER DELETE ON internships BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_skill_link_insert AFTER INSERT ON internship_skills BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_skill_link_delete AFTER DELETE ON internship_skills BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_skill_update AFTER UPDATE ON skills BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_company_update AFTER UPDATE ON employer_profiles BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_company_delete AFTER DELETE ON employer_profiles BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_user_suspended AFTER UPDATE OF is_suspended ON users BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_user_delete AFTER DELETE ON users BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;

-- Sorts and filters of the public search walk indexes, not the table.
-- Counting the listed postings reads this index alone (status, deadline, company).
CREATE INDEX idx_internships_listed ON internships (status, deadline, employer_id);
CREATE INDEX idx_internships_status_created ON internships (status, created_at);
CREATE INDEX idx_internships_status_stipend ON internships (status, stipend_amount);
CREATE INDEX idx_internships_status_weeks ON internships (status, duration_weeks);
CREATE INDEX idx_internships_status_mode ON internships (status, mode, created_at);
-- The catalogue refresh (every few seconds) asks for postings, vectors and companies changed
-- since its last run.
CREATE INDEX idx_internships_updated ON internships (updated_at);
CREATE INDEX idx_embeddings_updated ON embeddings (updated_at);
CREATE INDEX idx_employer_profiles_updated ON employer_profiles (updated_at);
-- Recommendation logs age out by date (the hourly clean-up).
CREATE INDEX idx_match_log_served ON match_log (served_at);
