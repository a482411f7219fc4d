-- Screening answers and employers' model answers are embedded too (answer closeness hints).
-- SQLite cannot alter a CHECK constraint: the table is rebuilt.
CREATE TABLE embeddings_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_type TEXT NOT NULL CHECK (entity_type IN ('student', 'internship', 'screening_answer', 'model_answer')),
    entity_id BIGINT NOT NULL,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    content_hash TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_embeddings_entity_model UNIQUE (entity_type, entity_id, model)
);
INSERT INTO embeddings_new (id, entity_type, entity_id, model, dim, vector, content_hash, updated_at)
    SELECT id, entity_type, entity_id, model, dim, vector, content_hash, updated_at FROM embeddings;
DROP TABLE embeddings;
ALTER TABLE embeddings_new RENAME TO embeddings;
