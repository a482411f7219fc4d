DROP TRIGGER internship_search_skill_link ON internship_skills;
CREATE TRIGGER internship_search_skill_link
    AFTER INSERT OR DELETE ON internship_skills
    FOR EACH ROW EXECUTE FUNCTION internship_search_on_skill_link();

DROP TRIGGER internship_search_internship ON internships;
CREATE TRIGGER internship_search_internship
    AFTER INSERT OR UPDATE OF title, description, location, employer_id ON internships
    FOR EACH ROW EXECUTE FUNCTION internship_search_on_internship();

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
    ON CONFLICT (internship_id) DO UPDATE SET doc = EXCLUDED.doc, place = EXCLUDED.place;
$$;
