-- A party is a JWT sub, which has no length limit; a long one must not turn a write into a 503.
ALTER TABLE ledger_entries ALTER COLUMN party TYPE TEXT;
