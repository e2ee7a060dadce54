-- The audit log becomes a hash chain: every row appended from now on holds
-- row_hash = SHA-256 of the previous row's row_hash and its own id and fields
-- (SqlStore::append_audits; the exact text is in src/lap/store/sql/audit_chain.h).
-- An edited, deleted or inserted row breaks the chain at that row, even when the
-- append-only triggers were dropped for the change and restored afterwards;
-- `lap audit verify` recomputes it. Rows from before this migration keep a NULL
-- row_hash: the chain starts after them, and `lap audit verify` counts them.
ALTER TABLE audit_log ADD COLUMN row_hash text;
