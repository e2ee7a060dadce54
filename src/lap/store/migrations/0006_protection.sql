-- Disclosure control of a measurement run (docs/indicators.md, "Kleine aantallen";
-- src/lap/publish/protect.h): which published cells are hidden from the public and from
-- municipalities looking at others. Computed once, when the run is stored, so that every
-- screen, API answer and file shows the same pattern. The stored figures stay exact.
--
-- A run without a measure_protection row was stored before this migration: it has no
-- published view until `lap measure` stores a new run.

CREATE TABLE measure_protection (
  run_id    INTEGER PRIMARY KEY REFERENCES measure_run (run_id),
  k         INTEGER NOT NULL CHECK (k >= 1),   -- counts of 1..k-1 persons are protected
  method    TEXT NOT NULL,                     -- e.g. 'linked-witness/1'
  insiders  INTEGER NOT NULL CHECK (insiders IN (0, 1)),  -- robust against one municipality's own cells
  loss_json TEXT NOT NULL                      -- cells, primary, secondary per indicator and variant
) STRICT;

-- One row per hidden cell: an OCMW's or an area's figure.
--   level: 'ocmw', 'regiegebied', 'province', 'centrumsteden' or 'flanders'
--   code: the NIS code (OCMW, province), the regiegebied's name, or the level id
--   reason: 'primary' (a count of 1..k-1 persons) or 'secondary' (hidden so that no such
--   count can be recomputed or narrowed)
CREATE TABLE measure_suppression (
  run_id    INTEGER NOT NULL REFERENCES measure_protection (run_id),
  indicator TEXT NOT NULL,
  variant   TEXT NOT NULL,
  period    TEXT NOT NULL,
  level     TEXT NOT NULL
            CHECK (level IN ('ocmw', 'regiegebied', 'province', 'centrumsteden', 'flanders')),
  code      TEXT NOT NULL,
  reason    TEXT NOT NULL CHECK (reason IN ('primary', 'secondary'))
) STRICT;
CREATE INDEX measure_suppression_run ON measure_suppression (run_id);
