-- Groups of comparable municipalities (docs/indicators.md, "Vergelijkbare gemeenten"): a run's
-- protection may hide the cells of a size class too (level 'size_class', code '1'..'5').

ALTER TABLE measure_suppression DROP CONSTRAINT measure_suppression_level_check;
ALTER TABLE measure_suppression ADD CONSTRAINT measure_suppression_level_check
  CHECK (level IN ('ocmw', 'regiegebied', 'province', 'size_class', 'centrumsteden', 'flanders'));
