-- A party node's own database. The party's operations hold the only copy of their details
-- (purpose included); the outbox holds every notification still to deliver, so a restart resumes
-- them; the picture holds what other parties told us.
CREATE TABLE plans (id VARCHAR(36) PRIMARY KEY, doc TEXT NOT NULL, updated_ms BIGINT NOT NULL);
CREATE TABLE restrictions (id VARCHAR(36) PRIMARY KEY, doc TEXT NOT NULL, updated_ms BIGINT NOT NULL);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind VARCHAR(32) NOT NULL,
  entity_id VARCHAR(36) NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  status VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_ms BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  delivered_ms BIGINT,
  last_status INTEGER,
  last_error TEXT,
  hub_report TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_ms);
CREATE TABLE picture (
  id VARCHAR(36) PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  manager VARCHAR(255) NOT NULL,
  version BIGINT NOT NULL,
  deleted INTEGER NOT NULL,
  doc TEXT,
  received_ms BIGINT NOT NULL
);
CREATE TABLE reports (id VARCHAR(36) PRIMARY KEY, party VARCHAR(255) NOT NULL, doc TEXT NOT NULL, received_ms BIGINT NOT NULL);
