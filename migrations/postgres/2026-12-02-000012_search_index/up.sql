-- Full-text search over postings (issue 12): one tsvector per internship (title A, skills and
-- company B, location C, description D) plus its place alone, GIN-indexed, kept in step by
-- triggers and filled from what exists. The 'simple' configuration: words match as words
-- ("ml" does not find "html"), no stemming and no stop words ("IT" stays a word), as on SQLite.
CREATE TABLE internship_search (
    internship_id BIGINT PRIMARY KEY REFERENCES internships(id) ON DELETE CASCADE,
    doc tsvector NOT NULL,
    place tsvector NOT NULL
);
CREATE INDEX idx_internship_search_doc ON internship_search USING GIN (doc);
CREATE INDEX idx_internship_search_place ON internship_search USING GIN (place);

CREATE FUNCTION internship_search_refresh(target BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO internship_search (internship_id, doc, place)
    SELECT i.id,
           setweight(to_tsvector('simple', i.title), 'A')
           || setweight(to_tsvector('simple', COALESCE((
                  SELECT string_agg(k.display_name, ' ')
                    FROM internship_skills s JOIN skills k ON k.id = s.skill_id
                   WHERE s.internship_id = i.id), '')), 'B')
           || setweight(to_tsvector('simple', COALESCE(e.company_name, '')), 'B')
           || setweight(to_tsvector('simple', i.location), 'C')
           || setweight(to_tsvector('simple', i.description), 'D'),
           to_tsvector('simple', i.location)
      FROM internships i LEFT JOIN employer_profiles e ON e.id = i.employer_id
     WHERE i.id = target
    ON CONFLICT (internship_id) DO UPDATE SET doc = EXCLUDED.doc, place = EXCLUDED.place;
$$;

SELECT internship_search_refresh(id) FROM internships;

CREATE FUNCTION internship_search_on_internship() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM internship_search_refresh(NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER internship_search_internship
    AFTER INSERT OR UPDATE OF title, description, location, employer_id ON internships
    FOR EACH ROW EXECUTE FUNCTION internship_search_on_internship();

CREATE FUNCTION internship_search_on_skill_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM internship_search_refresh(OLD.internship_id);
    ELSE
        PERFORM internship_search_refresh(NEW.internship_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER internship_search_skill_link
    AFTER INSERT OR DELETE ON internship_skills
    FOR EACH ROW EXECUTE FUNCTION internship_search_on_skill_link();

CREATE FUNCTION internship_search_on_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM internship_search_refresh(id) FROM internships WHERE employer_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER internship_search_company
    AFTER UPDATE OF company_name ON employer_profiles
    FOR EACH ROW EXECUTE FUNCTION internship_search_on_company();

CREATE FUNCTION internship_search_on_skill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM internship_search_refresh(internship_id) FROM internship_skills WHERE skill_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER internship_search_skill
    AFTER UPDATE OF display_name ON skills
    FOR EACH ROW EXECUTE FUNCTION internship_search_on_skill();

-- A search's words as one tsquery: groups (one per word of the search) separated by newlines,
-- each a tab-separated list of ways to write it (a city's other names); every group must match,
-- any spelling of it may. Each spelling goes through the same parser as the documents.
CREATE AGGREGATE internship_tsquery_and(tsquery) (SFUNC = tsquery_and, STYPE = tsquery);
CREATE AGGREGATE internship_tsquery_or(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);
CREATE FUNCTION internship_search_query(groups TEXT) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
    SELECT internship_tsquery_and(g.q) FROM (
        SELECT (SELECT internship_tsquery_or(phraseto_tsquery('simple', spelling))
                  FROM unnest(string_to_array(grp, E'\t')) AS spelling) AS q
          FROM unnest(string_to_array(groups, E'\n')) AS grp) g
$$;

-- A counter bumped by every change that can change a search's results (postings, their skills,
-- companies, suspensions): the search keeps recent pages and counts in memory for as long as
-- it has not moved (`src/internship/search/cache.rs`). Bumped at commit (deferred): the row is
-- locked only for the last instant of a writing transaction, so writers never deadlock on it.
CREATE TABLE search_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);
INSERT INTO search_generation (id, n) VALUES (1, 0);
CREATE FUNCTION search_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER search_generation_internships AFTER INSERT OR UPDATE OR DELETE ON internships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_generation_bump();
CREATE CONSTRAINT TRIGGER search_generation_skill_links AFTER INSERT OR DELETE ON internship_skills
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_generation_bump();
CREATE CONSTRAINT TRIGGER search_generation_skills AFTER UPDATE ON skills
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_generation_bump();
CREATE CONSTRAINT TRIGGER search_generation_companies AFTER UPDATE OR DELETE ON employer_profiles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_generation_bump();
CREATE CONSTRAINT TRIGGER search_generation_users AFTER UPDATE OF is_suspended OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_generation_bump();

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
