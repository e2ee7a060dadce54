-- Row hashes become keyed (issue: a plain BLAKE2b of a row's text, which holds
-- the INSZ, could be recomputed by trying the INSZ of one birth date). The new
-- stored value is HMAC-SHA-256(key, "lap row hash:" || content hash), first 16
-- bytes (src/lap/link/pseudonym.h). The key is not available to a migration,
-- so this one only marks a database that already holds rows; the next command
-- that has the key (`lap migrate`, `lap import`) rewrites every row_hash in one
-- transaction and removes the mark (SqlStore::key_row_hashes).
INSERT INTO setting (name, value)
SELECT 'row_hashes_unkeyed', '1'
WHERE EXISTS (SELECT 1 FROM rmi_identity) OR EXISTS (SELECT 1 FROM vdab_identity)
   OR EXISTS (SELECT 1 FROM rmi_entitlement) OR EXISTS (SELECT 1 FROM vdab_registration)
   OR EXISTS (SELECT 1 FROM work_span) OR EXISTS (SELECT 1 FROM activation_measure)
   OR EXISTS (SELECT 1 FROM podmi_count) OR EXISTS (SELECT 1 FROM identifier_change);
