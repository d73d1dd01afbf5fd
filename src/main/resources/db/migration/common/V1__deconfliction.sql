-- References the hub keeps. Each row holds the entity as a JSON document; the in-memory index is
-- rebuilt from these rows at start.
CREATE TABLE operational_intents (id VARCHAR(36) PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE constraint_refs (id VARCHAR(36) PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE subscriptions (id VARCHAR(36) PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE uss_availability (party VARCHAR(255) PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE reports (id VARCHAR(36) PRIMARY KEY, party VARCHAR(255) NOT NULL, doc TEXT NOT NULL);
CREATE TABLE settings (name VARCHAR(255) PRIMARY KEY, value TEXT NOT NULL);
