-- Screening answers and employers' model answers are embedded too (answer closeness hints).
ALTER TABLE embeddings DROP CONSTRAINT embeddings_entity_type_check;
ALTER TABLE embeddings ADD CONSTRAINT embeddings_entity_type_check
    CHECK (entity_type IN ('student', 'internship', 'screening_answer', 'model_answer'));
