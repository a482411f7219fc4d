-- A posting's search document (`doc`, ~1.7 KB of tsvector at 100,000 postings) is read whole for
-- every posting holding a searched word: ts_rank needs the word's positions. One document in
-- eight passed PostgreSQL's 2 KB threshold and was moved out of line into the TOAST table (not
-- compressed: a tsvector barely compresses), so reading a common word's matches followed an index
-- lookup and a second page per such row: "learning" (64,304 postings) took 125 ms, 70 ms with
-- every document in its row. Documents now stay in the row unless the row would pass 8 KB
-- (`toast_tuple_target`; MAIN storage keeps them in line as long as they fit).
ALTER TABLE internship_search SET (toast_tuple_target = 8160);
ALTER TABLE internship_search ALTER COLUMN doc SET STORAGE MAIN;
-- The documents already stored out of line are written again, now in their rows (the others are
-- left as they are, so the table does not double in size until vacuum).
UPDATE internship_search SET doc = doc || ''::tsvector WHERE pg_column_size(doc) > 1900;
