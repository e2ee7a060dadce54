-- The optional address of an RMI entitlement or VDAB registration row
-- (docs/formats.md: the optional columns street and house_number). Identity
-- data, kept beside the names and never in the fact tables; '' when the
-- delivery has none (rows imported before this migration, older deliveries).
ALTER TABLE rmi_identity ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE rmi_identity ADD COLUMN house_number TEXT NOT NULL DEFAULT '';
ALTER TABLE vdab_identity ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE vdab_identity ADD COLUMN house_number TEXT NOT NULL DEFAULT '';
