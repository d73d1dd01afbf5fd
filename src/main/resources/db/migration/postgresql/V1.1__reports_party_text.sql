-- A report's party is the token's sub, which has no length limit: VARCHAR(255) made PostgreSQL
-- refuse the insert, and the reporter got a 503. SQLite never enforced the length.
ALTER TABLE reports ALTER COLUMN party TYPE TEXT;
