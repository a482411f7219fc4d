-- The postings of a place, read apart from their documents. A search in a city first reads
-- which postings are there (`store::in_place`); from `internship_search` that visits the row of
-- every one of them, each ~1.9 KB wide with its document: 23,000 pages for the whole table at
-- 100,000 postings, "Remote" (25,046 postings) 88 ms and Bangalore 5–12 ms. A table of the
-- places alone is 6 MB: 9 and 3 ms. The first searches after a start read a dozen places at
-- once, and were waiting for them: 16 new searches in eight places took 450 ms on PostgreSQL
-- against 100 on SQLite, whose full-text index answers a place from itself.
-- `internship_search.place` stays (a word read in a place joins both of its indexes); this
-- copy is kept in step with it by a trigger.
CREATE TABLE internship_places (
    internship_id BIGINT PRIMARY KEY REFERENCES internships(id) ON DELETE CASCADE,
    place tsvector NOT NULL
);
INSERT INTO internship_places (internship_id, place)
    SELECT internship_id, place FROM internship_search;
CREATE INDEX idx_internship_places_place ON internship_places USING GIN (place);

CREATE FUNCTION internship_places_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO internship_places (internship_id, place) VALUES (NEW.internship_id, NEW.place)
    ON CONFLICT (internship_id) DO UPDATE SET place = EXCLUDED.place;
    RETURN NULL;
END $$;
CREATE TRIGGER internship_places_insert AFTER INSERT ON internship_search
    FOR EACH ROW EXECUTE FUNCTION internship_places_copy();
CREATE TRIGGER internship_places_update AFTER UPDATE OF place ON internship_search
    FOR EACH ROW WHEN (OLD.place IS DISTINCT FROM NEW.place)
    EXECUTE FUNCTION internship_places_copy();
