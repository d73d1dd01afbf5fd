-- End-to-end encryption. A channel's encryption is "e2e" (bodies are sealed by the sender for
-- each member; the hub holds ciphertext only) or "none" (plain text, for parties without nodes).
-- Channels made before this migration stay "none", as they were.
ALTER TABLE channels ADD COLUMN encryption VARCHAR(16) NOT NULL DEFAULT 'none';
-- The sealed body (the envelope JSON of docs/channels.md) of an end-to-end encrypted message;
-- such a message has no body, phrase_type or phrase_params.
ALTER TABLE channel_messages ADD COLUMN sealed TEXT;
