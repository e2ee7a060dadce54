-- Groups of comparable municipalities (docs/indicators.md, "Vergelijkbare gemeenten"): a run's
-- protection may hide the cells of a size class too (level 'size_class', code '1'..'5').
-- SQLite cannot change a CHECK constraint, so the table is made again with its rows.

CREATE TABLE measure_suppression_new (
  run_id    INTEGER NOT NULL REFERENCES measure_protection (run_id),
  indicator TEXT NOT NULL,
  variant   TEXT NOT NULL,
  period    TEXT NOT NULL,
  level     TEXT NOT NULL
            CHECK (level IN ('ocmw', 'regiegebied', 'province', 'size_class', 'centrumsteden',
                             'flanders')),
  code      TEXT NOT NULL,
  reason    TEXT NOT NULL CHECK (reason IN ('primary', 'secondary'))
) STRICT;
INSERT INTO measure_suppression_new (run_id, indicator, variant, period, level, code, reason)
  SELECT run_id, indicator, variant, period, level, code, reason FROM measure_suppression;
DROP TABLE measure_suppression;
ALTER TABLE measure_suppression_new RENAME TO measure_suppression;
CREATE INDEX measure_suppression_run ON measure_suppression (run_id);
