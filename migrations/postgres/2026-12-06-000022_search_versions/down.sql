DROP TRIGGER internship_places_update ON internship_search;
CREATE OR REPLACE FUNCTION internship_places_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO internship_places (internship_id, place) VALUES (NEW.internship_id, NEW.place)
    ON CONFLICT (internship_id) DO UPDATE SET place = EXCLUDED.place;
    RETURN NULL;
END $$;
CREATE TRIGGER internship_places_update AFTER UPDATE OF place ON internship_search
    FOR EACH ROW WHEN (OLD.place IS DISTINCT FROM NEW.place)
    EXECUTE FUNCTION internship_places_copy();
ALTER TABLE internship_places DROP COLUMN version;
