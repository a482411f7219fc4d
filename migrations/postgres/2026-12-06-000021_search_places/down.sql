DROP TRIGGER internship_places_update ON internship_search;
DROP TRIGGER internship_places_insert ON internship_search;
DROP FUNCTION internship_places_copy();
DROP TABLE internship_places;
