-- Party keys (key transparency): every Ed25519 + X25519 key pair a party published, when, and
-- how its period ended (rotated or revoked). The ledger holds the same history with the party's
-- own signatures; this table is the hub's index of it. At most one row per party has no end.
CREATE TABLE party_keys (
  party VARCHAR(255) NOT NULL,
  -- 1 for the party's first key, then 2, 3…: the order of publication (times may tie).
  ordinal INTEGER NOT NULL,
  key_id VARCHAR(16) NOT NULL,
  ed25519 VARCHAR(64) NOT NULL,
  x25519 VARCHAR(64) NOT NULL,
  published_ms BIGINT NOT NULL,
  ended_ms BIGINT,
  ended_by VARCHAR(16),
  receipt TEXT NOT NULL,
  PRIMARY KEY (party, key_id)
);

-- A message's signed content: its canonical JSON as posted (without the signature), the
-- SHA-256 the sender's statement names, and the sender's statement with its signature (null
-- when the sender had no key: hub-attested only).
ALTER TABLE channel_messages ADD COLUMN content TEXT;
ALTER TABLE channel_messages ADD COLUMN content_sha256 VARCHAR(64);
ALTER TABLE channel_messages ADD COLUMN signature TEXT;
