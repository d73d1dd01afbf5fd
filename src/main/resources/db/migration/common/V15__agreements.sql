-- Agreements (the deconfliction memorandum as code): each agreement, its versions (the first
-- proposal and each amendment, with the document as proposed) and each party's acceptance of a
-- version. Times are epoch milliseconds. The same DDL serves SQLite and PostgreSQL.

CREATE TABLE agreements (
  id VARCHAR(36) PRIMARY KEY,
  proposed_by VARCHAR(255) NOT NULL,
  created_ms BIGINT NOT NULL,
  latest_version INTEGER NOT NULL,
  withdrawn_by VARCHAR(255),
  withdrawn_ms BIGINT,
  -- Leaf hashes (base64) of the ledger entries behind each step, so figures can cite them.
  withdraw_leaf VARCHAR(64)
);

CREATE TABLE agreement_versions (
  agreement_id VARCHAR(36) NOT NULL REFERENCES agreements (id),
  version INTEGER NOT NULL,
  document TEXT NOT NULL,
  document_sha256 VARCHAR(64) NOT NULL,
  proposed_by VARCHAR(255) NOT NULL,
  proposed_ms BIGINT NOT NULL,
  -- Set when the last party accepted this version.
  in_force_ms BIGINT,
  propose_leaf VARCHAR(64) NOT NULL,
  PRIMARY KEY (agreement_id, version)
);

CREATE TABLE agreement_parties (
  agreement_id VARCHAR(36) NOT NULL REFERENCES agreements (id),
  version INTEGER NOT NULL,
  party VARCHAR(255) NOT NULL,
  accepted_ms BIGINT,
  accept_leaf VARCHAR(64),
  PRIMARY KEY (agreement_id, version, party)
);
CREATE INDEX agreement_parties_party ON agreement_parties (party);

-- How far the short-notice rule has read the ledger: the index of the next entry to look at.
CREATE TABLE agreement_cursor (
  name VARCHAR(32) PRIMARY KEY,
  next_index BIGINT NOT NULL
);

-- Operation notices the short-notice rule has assessed, so that reading the ledger again
-- (another instance, a lost cursor) never judges a declaration against a later airspace.
CREATE TABLE agreement_assessed (
  notice_id VARCHAR(64) PRIMARY KEY,
  assessed_ms BIGINT NOT NULL
);
