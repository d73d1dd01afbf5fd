-- Many hub instances over one database (docs/decisions/0005-many-instances.md).
--
-- A writer locks the stripes its change may touch (rows of dss_stripes, in sorted order), catches
-- its in-memory index up from dss_changes, checks the key, writes, then takes the next sequence
-- number from dss_log_head and appends its change to dss_changes. The head row is held until
-- commit, so sequence numbers commit in order and the log has no gaps: an instance that has read
-- up to N has seen every change numbered N or less.
CREATE TABLE dss_stripes (stripe INTEGER PRIMARY KEY);
INSERT INTO dss_stripes (stripe) SELECT generate_series(0, 4095);

CREATE TABLE dss_log_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL);
INSERT INTO dss_log_head (id, seq) VALUES (1, 0);

CREATE TABLE dss_changes (
  seq BIGINT PRIMARY KEY,
  doc TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The ledger sequencer: one instance at a time holds this lease and assigns indexes.
CREATE TABLE ledger_lease (id INTEGER PRIMARY KEY, holder VARCHAR(64), expires_at TIMESTAMPTZ NOT NULL);
INSERT INTO ledger_lease (id, holder, expires_at) VALUES (1, NULL, TIMESTAMPTZ '1970-01-01 00:00:00+00');
