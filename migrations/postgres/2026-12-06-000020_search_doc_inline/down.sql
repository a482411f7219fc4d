ALTER TABLE internship_search ALTER COLUMN doc SET STORAGE EXTENDED;
ALTER TABLE internship_search RESET (toast_tuple_target);
