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
  call_id           text NOT NULL REFERENCES pact_call (call_id),
  number            bigint NOT NULL CHECK (number >= 1),
  decided_on        text NOT NULL,     -- 'YYYY-MM-DD': in force from this day
  decided_at        text NOT NULL,     -- ISO 8601 UTC
  decided_by        text NOT NULL,
  supersedes        bigint CHECK ((number = 1 AND supersedes IS NULL)
                                   OR (number > 1 AND supersedes = number - 1)),
  note              text NOT NULL,
  call_version      bigint NOT NULL,
  counts_origin     text NOT NULL,
  budget_cents      bigint NOT NULL,
  pool_cents        bigint NOT NULL,
  allocated_cents   bigint NOT NULL,
  unallocated_cents bigint NOT NULL,
  rounds            bigint NOT NULL,
  PRIMARY KEY (call_id, number)
);

CREATE TABLE pact_redistribution_application (
  call_id        text NOT NULL,
  number         bigint NOT NULL,
  application_id bigint NOT NULL REFERENCES pact_application (application_id),
  PRIMARY KEY (call_id, number, application_id),
  FOREIGN KEY (call_id, number) REFERENCES pact_redistribution (call_id, number)
);

CREATE TABLE pact_redistribution_right (
  call_id            text NOT NULL,
  number             bigint NOT NULL,
  nis                bigint NOT NULL,
  n                  bigint NOT NULL,
  b                  bigint NOT NULL,
  m_before_cents     bigint NOT NULL,
  received_cents     bigint NOT NULL,
  m_cents            bigint NOT NULL,
  e                  bigint NOT NULL,
  t                  bigint NOT NULL,
  cap_cents          bigint,          -- NULL when the cap is off
  at_cap             bigint NOT NULL CHECK (at_cap IN (0, 1)),
  reduced_commitment bigint NOT NULL CHECK (reduced_commitment IN (0, 1)),
  PRIMARY KEY (call_id, number, nis),
  FOREIGN KEY (call_id, number) REFERENCES pact_redistribution (call_id, number)
);

CREATE TRIGGER pact_redistribution_no_change BEFORE UPDATE OR DELETE ON pact_redistribution
  FOR EACH ROW EXECUTE FUNCTION lap_refuse_change();
CREATE TRIGGER pact_redistribution_no_truncate BEFORE TRUNCATE ON pact_redistribution
  FOR EACH STATEMENT EXECUTE FUNCTION lap_refuse_change();
CREATE TRIGGER pact_redistribution_application_no_change BEFORE UPDATE OR DELETE ON pact_redistribution_application
  FOR EACH ROW EXECUTE FUNCTION lap_refuse_change();
CREATE TRIGGER pact_redistribution_application_no_truncate BEFORE TRUNCATE ON pact_redistribution_application
  FOR EACH STATEMENT EXECUTE FUNCTION lap_refuse_change();
CREATE TRIGGER pact_redistribution_right_no_change BEFORE UPDATE OR DELETE ON pact_redistribution_right
  FOR EACH ROW EXECUTE FUNCTION lap_refuse_change();
CREATE TRIGGER pact_redistribution_right_no_truncate BEFORE TRUNCATE ON pact_redistribution_right
  FOR EACH STATEMENT EXECUTE FUNCTION lap_refuse_change();

ALTER TABLE measure_run ADD COLUMN link_run_id bigint REFERENCES link_run (run_id);
