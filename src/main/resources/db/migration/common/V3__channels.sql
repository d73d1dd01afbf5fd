-- Standing channels: the party directory, channels and their membership history, messages, one
-- delivery row per recipient, and the event log that clients follow. Times are epoch
-- milliseconds. The same DDL serves SQLite and PostgreSQL; a vendor difference would move the
-- table concerned into a vendor folder.

CREATE TABLE channel_parties (
  party VARCHAR(255) PRIMARY KEY,
  display_name VARCHAR(255),
  base_url VARCHAR(2048),
  public_key TEXT,
  language VARCHAR(16) NOT NULL,
  heartbeat_interval_ms BIGINT NOT NULL,
  last_heartbeat_ms BIGINT,
  -- Set when the hub declared the party silent (Down); cleared by its next heartbeat.
  silent_since_ms BIGINT,
  -- The availability last announced as an event, to notice changes made elsewhere.
  announced_availability VARCHAR(16) NOT NULL,
  unresponsive_since_ms BIGINT,
  updated_ms BIGINT NOT NULL
);

CREATE TABLE channels (
  id VARCHAR(36) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  escalation VARCHAR(32) NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  created_ms BIGINT NOT NULL,
  suspended_by VARCHAR(255),
  suspended_ms BIGINT,
  -- The sequence number of the channel's latest message; 0 before the first.
  last_seq BIGINT NOT NULL
);

-- One row per membership period. A member sees messages from from_seq on.
CREATE TABLE channel_memberships (
  channel_id VARCHAR(36) NOT NULL REFERENCES channels (id),
  party VARCHAR(255) NOT NULL,
  joined_event BIGINT NOT NULL,
  joined_ms BIGINT NOT NULL,
  from_seq BIGINT NOT NULL,
  added_by VARCHAR(255) NOT NULL,
  left_ms BIGINT,
  removed_by VARCHAR(255),
  PRIMARY KEY (channel_id, party, joined_event)
);
CREATE UNIQUE INDEX channel_memberships_current ON channel_memberships (channel_id, party) WHERE left_ms IS NULL;
CREATE INDEX channel_memberships_party ON channel_memberships (party);

CREATE TABLE channel_messages (
  id VARCHAR(36) PRIMARY KEY,
  channel_id VARCHAR(36) NOT NULL REFERENCES channels (id),
  seq BIGINT NOT NULL,
  sender VARCHAR(255) NOT NULL,
  client_id VARCHAR(128) NOT NULL,
  -- SHA-256 of the request, so a retry with the same client id but other content is refused.
  request_sha256 VARCHAR(64) NOT NULL,
  priority VARCHAR(32) NOT NULL,
  body TEXT,
  phrase_type VARCHAR(64),
  phrase_params TEXT,
  notices TEXT NOT NULL,
  ack_deadline_ms BIGINT,
  posted_ms BIGINT NOT NULL,
  receipt TEXT NOT NULL,
  UNIQUE (channel_id, seq),
  UNIQUE (channel_id, sender, client_id)
);

CREATE TABLE channel_deliveries (
  message_id VARCHAR(36) NOT NULL REFERENCES channel_messages (id),
  recipient VARCHAR(255) NOT NULL,
  state VARCHAR(16) NOT NULL,
  sent_ms BIGINT NOT NULL,
  delivered_ms BIGINT,
  read_ms BIGINT,
  acknowledged_ms BIGINT,
  reply TEXT,
  ack_receipt TEXT,
  ack_deadline_ms BIGINT,
  escalated_ms BIGINT,
  PRIMARY KEY (message_id, recipient)
);
CREATE INDEX channel_deliveries_due ON channel_deliveries (ack_deadline_ms)
  WHERE acknowledged_ms IS NULL AND escalated_ms IS NULL AND ack_deadline_ms IS NOT NULL;
CREATE INDEX channel_deliveries_recipient ON channel_deliveries (recipient, state);

-- The event log. seq comes from channel_counters inside the writing transaction, so events
-- commit in seq order and a reader that resumes after seq N misses nothing.
CREATE TABLE channel_events (
  seq BIGINT PRIMARY KEY,
  type VARCHAR(32) NOT NULL,
  channel_id VARCHAR(36),
  message_id VARCHAR(36),
  time_ms BIGINT NOT NULL,
  payload TEXT NOT NULL
);
-- Who may see each event; '*' is everyone.
CREATE TABLE channel_event_audience (
  party VARCHAR(255) NOT NULL,
  event_seq BIGINT NOT NULL REFERENCES channel_events (seq),
  PRIMARY KEY (party, event_seq)
);

CREATE TABLE channel_counters (name VARCHAR(32) PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO channel_counters (name, value) VALUES ('events', 0);
