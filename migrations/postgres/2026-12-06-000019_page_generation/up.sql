-- An internship's public page is kept in memory per search generation
-- (internship/search/pages.rs): every change the page shows must bump the generation. The
-- posting, its skills, its company (name, verification, logo) and the account's suspension
-- already do (migration 000012); its screening questions now do too.
CREATE CONSTRAINT TRIGGER search_generation_questions AFTER INSERT OR UPDATE OR DELETE ON screening_questions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_generation_bump();
