-- Measurement runs, their figures, and the audit log of person-level reads.
--
-- A measurement run is computed from the snapshot of one data load (domain.md §6:
-- "measurement runs ... are computed from a frozen snapshot"); a dashboard
-- reads the figures of one run, so it never mixes two loads.

CREATE TABLE measure_run (
  run_id        INTEGER PRIMARY KEY,
  load_id       INTEGER NOT NULL REFERENCES data_load (load_id),
  created_at    TEXT NOT NULL,     -- ISO 8601 UTC
  first_month   TEXT NOT NULL,     -- 'YYYY-MM': the months measured
  last_month    TEXT NOT NULL,
  data_end      TEXT NOT NULL,     -- 'YYYY-MM': the last month with work data
  settings_json TEXT NOT NULL      -- e.g. {"exclude_art60":true}
) STRICT;
CREATE INDEX measure_run_load ON measure_run (load_id);

-- One figure per OCMW (municipality NIS code as in the data), indicator,
-- variant and period. Roll-ups and suppression are computed when read
-- (docs/indicators.md); the stored counts are exact.
--   period: 'YYYY-MM' (month), 'YYYY-Qn' (quarter) or 'YYYY-MM..YYYY-MM'
--   (a call period, for lap_result; the run's last month is its "through").
--   nis: 0 for a figure of the whole Flemish Region that no OCMW owns
--   (transitions of persons never on an entitlement).
CREATE TABLE measure_figure (
  run_id      INTEGER NOT NULL REFERENCES measure_run (run_id),
  indicator   TEXT NOT NULL,
  variant     TEXT NOT NULL,
  period      TEXT NOT NULL,
  nis         INTEGER NOT NULL,
  numerator   INTEGER NOT NULL,
  denominator INTEGER NOT NULL,
  pending     INTEGER NOT NULL
) STRICT;
CREATE INDEX measure_figure_key ON measure_figure (run_id, indicator, period, nis);

-- Append-only: every read of person-level data (domain.md §6). Triggers refuse
-- updates and deletes.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,   -- ISO 8601 UTC
  actor      TEXT NOT NULL,   -- the user (CLI: the operating-system user)
  role       TEXT NOT NULL,
  person_ref TEXT NOT NULL,   -- whose data was read (pseudonym)
  action     TEXT NOT NULL,   -- the command or endpoint, e.g. 'lap explain'
  purpose    TEXT NOT NULL    -- the reason the reader stated
) STRICT;
CREATE INDEX audit_log_person ON audit_log (person_ref);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
