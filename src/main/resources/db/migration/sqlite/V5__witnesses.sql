-- Witnesses: each party may register one Ed25519 key with which its node cosigns the ledger's
-- checkpoints (C2SP tlog-cosignature). Cosignatures are kept per tree size, so the hub can serve
-- a checkpoint together with every witness line it has for it.
CREATE TABLE ledger_witnesses (
  party VARCHAR(255) PRIMARY KEY,
  vkey TEXT NOT NULL,
  registered_ms BIGINT NOT NULL
);
CREATE TABLE ledger_cosignatures (
  size BIGINT NOT NULL,
  party VARCHAR(255) NOT NULL,
  cosigned_at BIGINT NOT NULL,
  line TEXT NOT NULL,
  PRIMARY KEY (size, party)
);
-- Inquiries name an entry by its leaf hash (a receipt carries it): find its index without a scan.
CREATE INDEX ledger_entries_leaf_hash ON ledger_entries (leaf_hash);
