DROP TABLE posting_reviews;
