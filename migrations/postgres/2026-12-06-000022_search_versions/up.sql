-- A version for each posting's search document, moved on by every change to it (its text,
-- skills, company name or place), kept beside its place (migration 000021). The search keeps
-- each word's scores in memory until any listing changes; ts_rank scores a word from the
-- document alone, so a word read before a change holds for every posting whose version did not
-- move, and only the others are read again (`src/internship/search/carried.rs`).
ALTER TABLE internship_places ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

CREATE OR REPLACE FUNCTION internship_places_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO internship_places (internship_id, place) VALUES (NEW.internship_id, NEW.place)
    ON CONFLICT (internship_id)
        DO UPDATE SET place = EXCLUDED.place, version = internship_places.version + 1;
    RETURN NULL;
END $$;
DROP TRIGGER internship_places_update ON internship_search;
CREATE TRIGGER internship_places_update AFTER UPDATE ON internship_search
    FOR EACH ROW WHEN (OLD.doc IS DISTINCT FROM NEW.doc OR OLD.place IS DISTINCT FROM NEW.place)
    EXECUTE FUNCTION internship_places_copy();
