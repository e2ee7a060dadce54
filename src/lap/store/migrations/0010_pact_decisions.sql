-- Redistribution as a decision, and frozen inputs (domain.md §4 rule 2, §6;
-- src/lap/pact/decision.h).
--
-- pact_redistribution: a redistribution of a call's rights decided by WSE on a
-- day after the application deadline, numbered 1, 2, ... per call; each later
-- decision names the one it supersedes (always the previous number). With it
-- the parameter version applied, where the counts came from, the totals, the
-- applications counted (pact_redistribution_application) and the resulting
-- right of every participant (pact_redistribution_right). All append-only.
--
-- measure_run.link_run_id: the link run whose persons the measurement run
-- counted (NULL: the load had no link run, or the run is older than this
-- migration).

CREATE TABLE pact_redistribution (
  call_id           TEXT NOT NULL REFERENCES pact_call (call_id),
  number            INTEGER NOT NULL CHECK (number >= 1),
  decided_on        TEXT NOT NULL,     -- 'YYYY-MM-DD': in force from this day
  decided_at        TEXT NOT NULL,     -- ISO 8601 UTC
  decided_by        TEXT NOT NULL,
  supersedes        INTEGER CHECK ((number = 1 AND supersedes IS NULL)
                                   OR (number > 1 AND supersedes = number - 1)),
  note              TEXT NOT NULL,
  call_version      INTEGER NOT NULL,
  counts_origin     TEXT NOT NULL,
  budget_cents      INTEGER NOT NULL,
  pool_cents        INTEGER NOT NULL,
  allocated_cents   INTEGER NOT NULL,
  unallocated_cents INTEGER NOT NULL,
  rounds            INTEGER NOT NULL,
  PRIMARY KEY (call_id, number)
) STRICT;

CREATE TABLE pact_redistribution_application (
  call_id        TEXT NOT NULL,
  number         INTEGER NOT NULL,
  application_id INTEGER NOT NULL REFERENCES pact_application (application_id),
  PRIMARY KEY (call_id, number, application_id),
  FOREIGN KEY (call_id, number) REFERENCES pact_redistribution (call_id, number)
) STRICT;

CREATE TABLE pact_redistribution_right (
  call_id            TEXT NOT NULL,
  number             INTEGER NOT NULL,
  nis                INTEGER NOT NULL,
  n                  INTEGER NOT NULL,
  b                  INTEGER NOT NULL,
  m_before_cents     INTEGER NOT NULL,
  received_cents     INTEGER NOT NULL,
  m_cents            INTEGER NOT NULL,
  e                  INTEGER NOT NULL,
  t                  INTEGER NOT NULL,
  cap_cents          INTEGER,          -- NULL when the cap is off
  at_cap             INTEGER NOT NULL CHECK (at_cap IN (0, 1)),
  reduced_commitment INTEGER NOT NULL CHECK (reduced_commitment IN (0, 1)),
  PRIMARY KEY (call_id, number, nis),
  FOREIGN KEY (call_id, number) REFERENCES pact_redistribution (call_id, number)
) STRICT;

CREATE TRIGGER pact_redistribution_no_update BEFORE UPDATE ON pact_redistribution
BEGIN SELECT RAISE(ABORT, 'pact_redistribution is append-only'); END;
CREATE TRIGGER pact_redistribution_no_delete BEFORE DELETE ON pact_redistribution
BEGIN SELECT RAISE(ABORT, 'pact_redistribution is append-only'); END;
CREATE TRIGGER pact_redistribution_application_no_update
  BEFORE UPDATE ON pact_redistribution_application
BEGIN SELECT RAISE(ABORT, 'pact_redistribution_application is append-only'); END;
CREATE TRIGGER pact_redistribution_application_no_delete
  BEFORE DELETE ON pact_redistribution_application
BEGIN SELECT RAISE(ABORT, 'pact_redistribution_application is append-only'); END;
CREATE TRIGGER pact_redistribution_right_no_update BEFORE UPDATE ON pact_redistribution_right
BEGIN SELECT RAISE(ABORT, 'pact_redistribution_right is append-only'); END;
CREATE TRIGGER pact_redistribution_right_no_delete BEFORE DELETE ON pact_redistribution_right
BEGIN SELECT RAISE(ABORT, 'pact_redistribution_right is append-only'); END;

ALTER TABLE measure_run ADD COLUMN link_run_id INTEGER REFERENCES link_run (run_id);
