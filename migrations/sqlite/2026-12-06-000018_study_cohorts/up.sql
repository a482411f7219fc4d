-- Students of the same course (degree and department, case folded): a cold start's list learns
-- from what they liked, saved and applied to (matching/ranking/cohort.rs).
CREATE INDEX idx_student_profiles_studies ON student_profiles (lower(degree), lower(department));
