-- A message the hub posted in a party's name by a rule the parties agreed (the short-notice
-- warning): 'hub', else null. It is plain even on an end-to-end encrypted channel, since the hub
-- cannot seal, and says only what the hub already holds; views mark it hub-attested.
ALTER TABLE channel_messages ADD COLUMN posted_by VARCHAR(16);
