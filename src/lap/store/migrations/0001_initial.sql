-- The first schema: data loads, the facts of the six imported sources, and the
-- identity data kept apart from them (domain.md §2, §6).
--
-- Conventions
--   * Dates are ISO 8601 text 'YYYY-MM-DD' (they compare and sort as text, and
--     SQLite's date functions read them); months are text 'YYYY-MM'. An empty
--     end date (a running period) is NULL.
--   * NIS codes and postcodes are integers; flags are 0/1; coded values are the
--     codes of docs/formats.md.
--   * person_ref is the pseudonym of a person: 32 hex characters, the keyed
--     hash of the INSZ (src/lap/link/pseudonym.h). Fact tables hold person_ref
--     only; the INSZ, names, birth date, sex and postcode are in the identity
--     tables (rmi_identity, vdab_identity, person_identifier).
--   * Every fact row has row_hash (BLAKE2b-128 of the row's canonical text, INSZ
--     included: src/lap/formats/exchange.h), first_load (the load that added
--     it) and retired_load (the load that removed it; NULL while current).
--     The snapshot of load L is the rows with
--       first_load <= L AND (retired_load IS NULL OR retired_load > L).
--     Among the current rows of a table a row_hash occurs at most once.
--   * Fact tables do not reference the identity tables: the facts stand on
--     their own and the identity tables can live apart, under stricter access
--     (domain.md §6). The import keeps them in step.
--   * Secondary indexes are plain CREATE INDEX statements (no inline UNIQUE or
--     PRIMARY KEY other than the rowid): the first import into an empty table
--     drops and rebuilds them, which is much faster than growing them row by row.

CREATE TABLE data_load (
  load_id      INTEGER PRIMARY KEY,
  started_at   TEXT NOT NULL,     -- ISO 8601 UTC
  finished_at  TEXT,              -- ISO 8601 UTC; set on commit
  source_dir   TEXT NOT NULL,
  files_json   TEXT NOT NULL,     -- [{file, source, sha256, rows, added, retired, unchanged}]
  rows_added   INTEGER NOT NULL DEFAULT 0,
  rows_retired INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Settings the database remembers, e.g. the fingerprint of the pseudonym key.
CREATE TABLE setting (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- ---- identity ------------------------------------------------------------

-- The national (or BIS) number behind each pseudonym.
CREATE TABLE person_identifier (
  id         INTEGER PRIMARY KEY,
  person_ref TEXT NOT NULL,
  insz       TEXT NOT NULL,  -- 11 digits
  first_load INTEGER NOT NULL REFERENCES data_load (load_id)
) STRICT;
CREATE UNIQUE INDEX person_identifier_ref ON person_identifier (person_ref);
CREATE UNIQUE INDEX person_identifier_insz ON person_identifier (insz);

-- Identity data of an RMI entitlement row, found by the row's hash.
CREATE TABLE rmi_identity (
  id         INTEGER PRIMARY KEY,
  row_hash   BLOB NOT NULL,
  insz       TEXT NOT NULL,
  insz_valid INTEGER NOT NULL,  -- always 1: POD MI numbers are validated on import
  last_name  TEXT NOT NULL,
  first_name TEXT NOT NULL,
  birth_date TEXT,
  sex        TEXT NOT NULL CHECK (sex IN ('M', 'F', 'X')),
  postcode   INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX rmi_identity_hash ON rmi_identity (row_hash);

-- Identity data of a VDAB registration row; VDAB's INSZ may be missing (NULL)
-- or invalid (kept, insz_valid = 0).
CREATE TABLE vdab_identity (
  id         INTEGER PRIMARY KEY,
  row_hash   BLOB NOT NULL,
  insz       TEXT,
  insz_valid INTEGER NOT NULL,
  last_name  TEXT NOT NULL,
  first_name TEXT NOT NULL,
  birth_date TEXT,
  sex        TEXT NOT NULL CHECK (sex IN ('M', 'F', 'X')),
  postcode   INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX vdab_identity_hash ON vdab_identity (row_hash);

-- ---- facts ---------------------------------------------------------------

CREATE TABLE rmi_entitlement (
  id           INTEGER PRIMARY KEY,
  person_ref   TEXT NOT NULL,
  ocmw_nis     INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('LL', 'ELL', 'MH')),
  ukrainian    INTEGER NOT NULL,
  gpmi         INTEGER NOT NULL,
  exemption    TEXT NOT NULL CHECK (exemption IN ('none', 'health', 'equity', 'study')),
  start_date   TEXT NOT NULL,
  end_date     TEXT,
  row_hash     BLOB NOT NULL,
  first_load   INTEGER NOT NULL REFERENCES data_load (load_id),
  retired_load INTEGER REFERENCES data_load (load_id)
) STRICT;
CREATE UNIQUE INDEX rmi_entitlement_current ON rmi_entitlement (row_hash)
  WHERE retired_load IS NULL;
CREATE INDEX rmi_entitlement_person ON rmi_entitlement (person_ref);

CREATE TABLE vdab_registration (
  id             INTEGER PRIMARY KEY,
  vdab_client_id INTEGER NOT NULL,
  person_ref     TEXT,  -- NULL: INSZ missing or invalid
  category       TEXT NOT NULL CHECK (category IN ('05', '01', 'BIT', 'VRIJ', 'ANDER')),
  ocmw_nis       INTEGER,  -- set exactly for category 05
  start_date     TEXT NOT NULL,
  end_date       TEXT,
  row_hash       BLOB NOT NULL,
  first_load     INTEGER NOT NULL REFERENCES data_load (load_id),
  retired_load   INTEGER REFERENCES data_load (load_id)
) STRICT;
CREATE UNIQUE INDEX vdab_registration_current ON vdab_registration (row_hash)
  WHERE retired_load IS NULL;
CREATE INDEX vdab_registration_person ON vdab_registration (person_ref);
CREATE INDEX vdab_registration_client ON vdab_registration (vdab_client_id);

CREATE TABLE work_span (
  id            INTEGER PRIMARY KEY,
  person_ref    TEXT NOT NULL,
  first_month   TEXT NOT NULL,
  last_month    TEXT NOT NULL,
  work_type     TEXT NOT NULL CHECK (work_type IN ('EMP', 'SELF')),
  employer_kind TEXT CHECK (employer_kind IN ('NEC', 'SE', 'OCMW_ART60', 'PUBLIC')),  -- NULL for SELF
  row_hash      BLOB NOT NULL,
  first_load    INTEGER NOT NULL REFERENCES data_load (load_id),
  retired_load  INTEGER REFERENCES data_load (load_id)
) STRICT;
CREATE UNIQUE INDEX work_span_current ON work_span (row_hash) WHERE retired_load IS NULL;
CREATE INDEX work_span_person ON work_span (person_ref);

CREATE TABLE activation_measure (
  id            INTEGER PRIMARY KEY,
  person_ref    TEXT NOT NULL,
  measure       TEXT NOT NULL CHECK (measure IN ('TWE_OCMW', 'WIJK_WERKEN', 'IBO', 'STAGE', 'LDE',
                                                 'COLLECTIEF_MAATWERK', 'OPLEIDING')),
  organiser_nis INTEGER NOT NULL,
  start_date    TEXT NOT NULL,
  end_date      TEXT,
  new_inflow    INTEGER,  -- set exactly for WIJK_WERKEN
  row_hash      BLOB NOT NULL,
  first_load    INTEGER NOT NULL REFERENCES data_load (load_id),
  retired_load  INTEGER REFERENCES data_load (load_id)
) STRICT;
CREATE UNIQUE INDEX activation_measure_current ON activation_measure (row_hash)
  WHERE retired_load IS NULL;
CREATE INDEX activation_measure_person ON activation_measure (person_ref);

CREATE TABLE podmi_count (
  id                  INTEGER PRIMARY KEY,
  nis                 INTEGER NOT NULL,
  reference_date      TEXT NOT NULL,
  leefloon            INTEGER NOT NULL,
  equivalent_leefloon INTEGER NOT NULL,
  ukrainian           INTEGER NOT NULL,
  row_hash            BLOB NOT NULL,
  first_load          INTEGER NOT NULL REFERENCES data_load (load_id),
  retired_load        INTEGER REFERENCES data_load (load_id)
) STRICT;
CREATE UNIQUE INDEX podmi_count_current ON podmi_count (row_hash) WHERE retired_load IS NULL;

-- INSZ changes (BIS number -> national number), as a pair of pseudonyms; the
-- numbers themselves are in person_identifier.
CREATE TABLE identifier_change (
  id             INTEGER PRIMARY KEY,
  old_person_ref TEXT NOT NULL,
  new_person_ref TEXT NOT NULL,
  change_date    TEXT NOT NULL,
  row_hash       BLOB NOT NULL,
  first_load     INTEGER NOT NULL REFERENCES data_load (load_id),
  retired_load   INTEGER REFERENCES data_load (load_id)
) STRICT;
CREATE UNIQUE INDEX identifier_change_current ON identifier_change (row_hash)
  WHERE retired_load IS NULL;
