-- A member's consent to a channel without end-to-end encryption ("encryption": "none"). A party
-- that has published keys may be a member of such a channel, and anyone may post on it, only
-- once it has consented; its channel.plain statement and signature are kept here and in the
-- channel.plain.consent ledger entry. A party without keys (no node) cannot encrypt, so it needs
-- none; if it consents anyway, statement and signature are null (hub-attested).
CREATE TABLE channel_plain_consents (
  channel_id VARCHAR(36) NOT NULL REFERENCES channels (id),
  party VARCHAR(255) NOT NULL,
  consented_ms BIGINT NOT NULL,
  statement TEXT,
  signature TEXT,
  PRIMARY KEY (channel_id, party)
);
