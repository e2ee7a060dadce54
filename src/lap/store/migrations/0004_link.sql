-- Identity resolution (issue 5, docs/linking.md): which person every VDAB
-- registration belongs to, computed for one data load, the clerical review
-- queue, and the reviewers' decisions that later runs reuse.
--
-- A link run resolves the snapshot of one load. Its result is stored as the
-- registrations whose person differs from what the import gave them
-- (`vdab_registration.person_ref`, the pseudonym of VDAB's own INSZ, NULL when
-- that INSZ was missing or invalid): a registration without a row here keeps
-- its imported person. The measurement reads a load's facts with the overrides
-- of the latest link run of that load (Store::read_facts).
--
-- No INSZ or names are stored here: persons are pseudonyms (person_ref), VDAB
-- clients their client number (as in vdab_registration).

CREATE TABLE link_run (
  run_id       INTEGER PRIMARY KEY,
  load_id      INTEGER NOT NULL REFERENCES data_load (load_id),
  created_at   TEXT NOT NULL,   -- ISO 8601 UTC
  summary_json TEXT NOT NULL    -- thresholds, estimated m/u, counts, timings
) STRICT;
CREATE INDEX link_run_load ON link_run (load_id);

-- One row per registration whose resolved person differs from its imported one.
--   method: 'insz' (same valid INSZ, also through a BIS -> national number
--   change), 'client' (another registration of the same VDAB client),
--   'probabilistic' (Fellegi-Sunter weight at or above the upper threshold),
--   'reviewed' (a reviewer's decision), 'surrogate' (no usable INSZ and no
--   link: a stable pseudonym of the VDAB client number).
--   weight: the match weight (bits) of the link, NULL when not scored.
CREATE TABLE record_link (
  run_id          INTEGER NOT NULL REFERENCES link_run (run_id),
  registration_id INTEGER NOT NULL,  -- vdab_registration.id
  resolved_ref    TEXT NOT NULL,
  method          TEXT NOT NULL CHECK (method IN ('insz', 'client', 'probabilistic', 'reviewed',
                                                  'surrogate')),
  weight          REAL,
  PRIMARY KEY (run_id, registration_id)
) STRICT, WITHOUT ROWID;

-- The clerical review queue: pairs (an OCMW person, a VDAB client) whose
-- weight lies between the thresholds, or that compete for one client. Items of
-- a run stay; `lap link --review` lists those of the latest run without a
-- decision.
--   levels_json: per field the comparison level and its weight (no values).
CREATE TABLE link_review (
  review_id      INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES link_run (run_id),
  ocmw_ref       TEXT NOT NULL,     -- the OCMW person (pseudonym)
  vdab_client_id INTEGER NOT NULL,
  weight         REAL NOT NULL,
  reason         TEXT NOT NULL CHECK (reason IN ('between_thresholds', 'competing', 'guard')),
  levels_json    TEXT NOT NULL
) STRICT;
CREATE INDEX link_review_run ON link_review (run_id);

-- Reviewers' decisions about a pair, remembered across runs and loads: a
-- later run links ('match') or keeps apart ('nonmatch') the pair whatever its
-- weight. The latest decision about a pair counts.
CREATE TABLE link_decision (
  id             INTEGER PRIMARY KEY,
  ocmw_ref       TEXT NOT NULL,
  vdab_client_id INTEGER NOT NULL,
  decision       TEXT NOT NULL CHECK (decision IN ('match', 'nonmatch')),
  reviewer       TEXT NOT NULL,
  decided_at     TEXT NOT NULL,     -- ISO 8601 UTC
  review_id      INTEGER REFERENCES link_review (review_id)
) STRICT;
CREATE INDEX link_decision_pair ON link_decision (ocmw_ref, vdab_client_id);
