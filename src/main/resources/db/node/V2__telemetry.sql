-- Positions of aircraft: this party's own operations as its operators reported them, and other
-- parties' off-nominal operations as their nodes served them. One row per measurement time.
CREATE TABLE telemetry (
  entity_id VARCHAR(36) NOT NULL,
  manager VARCHAR(255) NOT NULL,
  measured_ms BIGINT NOT NULL,
  doc TEXT NOT NULL,
  received_ms BIGINT NOT NULL,
  PRIMARY KEY (entity_id, measured_ms)
);
-- The first time each peer asked for (or was given) an operation's telemetry, and the hub's
-- answer to the report that put that moment on its ledger.
CREATE TABLE telemetry_marks (
  entity_id VARCHAR(36) NOT NULL,
  peer VARCHAR(255) NOT NULL,
  mark VARCHAR(16) NOT NULL,
  at_ms BIGINT NOT NULL,
  status INTEGER NOT NULL,
  hub_report TEXT,
  PRIMARY KEY (entity_id, peer, mark)
);
