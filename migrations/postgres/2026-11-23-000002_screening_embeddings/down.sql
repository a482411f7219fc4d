DELETE FROM embeddings WHERE entity_type IN ('screening_answer', 'model_answer');
ALTER TABLE embeddings DROP CONSTRAINT embeddings_entity_type_check;
ALTER TABLE embeddings ADD CONSTRAINT embeddings_entity_type_check
    CHECK (entity_type IN ('student', 'internship'));
