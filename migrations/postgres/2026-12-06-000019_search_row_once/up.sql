-- A posting's search row was rewritten by every row a transaction touched: created with five
-- skills, it was written six times (the posting, then each skill link), each time a new 1.7 KB
-- version of the row. The dead versions are reclaimed by vacuum but the table keeps their space:
-- 100,000 postings seeded this way filled 830 MB instead of 160, and reading a common word's
-- postings (every page holding one) took 340 ms instead of 100. Now the triggers run at commit
-- (deferred), when the posting and all its skills are in place, and a refresh writes only when
-- the row changes: one version per posting and transaction.
CREATE OR REPLACE FUNCTION internship_search_refresh(target BIGINT) RETURNS void LANGUAGE sql AS $$
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
    ON CONFLICT (internship_id) DO UPDATE SET doc = EXCLUDED.doc, place = EXCLUDED.place
     WHERE internship_search.doc IS DISTINCT FROM EXCLUDED.doc
        OR internship_search.place IS DISTINCT FROM EXCLUDED.place;
$$;

DROP TRIGGER internship_search_internship ON internships;
CREATE CONSTRAINT TRIGGER internship_search_internship
    AFTER INSERT OR UPDATE OF title, description, location, employer_id ON internships
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION internship_search_on_internship();

DROP TRIGGER internship_search_skill_link ON internship_skills;
CREATE CONSTRAINT TRIGGER internship_search_skill_link
    AFTER INSERT OR DELETE ON internship_skills
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION internship_search_on_skill_link();
