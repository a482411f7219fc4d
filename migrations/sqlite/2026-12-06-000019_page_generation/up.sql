-- An internship's public page is kept in memory per search generation
-- (internship/search/pages.rs): every change the page shows must bump the generation. The
-- posting, its skills, its company (name, verification, logo) and the account's suspension
-- already do (migration 000012); its screening questions now do too.
CREATE TRIGGER search_generation_question_insert AFTER INSERT ON screening_questions BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_question_update AFTER UPDATE ON screening_questions BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_question_delete AFTER DELETE ON screening_questions BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
