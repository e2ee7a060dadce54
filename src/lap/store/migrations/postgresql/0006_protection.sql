-- PostgreSQL form of ../0006_protection.sql; the tables and columns are documented there.

CREATE TABLE measure_protection (
  run_id    bigint PRIMARY KEY REFERENCES measure_run (run_id),
  k         bigint NOT NULL CHECK (k >= 1),
  method    text NOT NULL,
  insiders  bigint NOT NULL CHECK (insiders IN (0, 1)),
  loss_json text NOT NULL
);

CREATE TABLE measure_suppression (
  run_id    bigint NOT NULL REFERENCES measure_protection (run_id),
  indicator text NOT NULL,
  variant   text NOT NULL,
  period    text NOT NULL,
  level     text NOT NULL
            CHECK (level IN ('ocmw', 'regiegebied', 'province', 'centrumsteden', 'flanders')),
  code      text NOT NULL,
  reason    text NOT NULL CHECK (reason IN ('primary', 'secondary'))
);
CREATE INDEX measure_suppression_run ON measure_suppression (run_id);
