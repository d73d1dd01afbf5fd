-- The append-only record. Entries are written in the transaction of the change they record;
-- the sequencer later gives each committed entry its dense index. No code path updates or
-- deletes rows of these tables.
CREATE TABLE ledger_entries (
  seq BIGSERIAL PRIMARY KEY,
  entry BYTEA NOT NULL,
  leaf_hash BYTEA NOT NULL,
  type VARCHAR(64) NOT NULL,
  party VARCHAR(255) NOT NULL,
  time_ms BIGINT NOT NULL
);
CREATE TABLE ledger_index (idx BIGINT PRIMARY KEY, seq BIGINT NOT NULL UNIQUE REFERENCES ledger_entries (seq));
CREATE TABLE ledger_checkpoints (size BIGINT PRIMARY KEY, note TEXT NOT NULL);
CREATE INDEX ledger_entries_party ON ledger_entries (party, time_ms);
CREATE INDEX ledger_entries_type ON ledger_entries (type, time_ms);
