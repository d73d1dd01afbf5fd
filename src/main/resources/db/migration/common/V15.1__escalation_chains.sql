-- The steps of an agreement's escalation chain taken for each overdue delivery, so that each is
-- taken once. chain is the agreement id, step the index in its escalation list; epoch ms.
CREATE TABLE channel_chain_steps (
  message_id VARCHAR(36) NOT NULL REFERENCES channel_messages (id),
  recipient VARCHAR(255) NOT NULL,
  chain VARCHAR(64) NOT NULL,
  step INTEGER NOT NULL,
  fired_ms BIGINT NOT NULL,
  PRIMARY KEY (message_id, recipient, chain, step)
);
