-- Reference implementation, step 2 of 3: INSZ check, persons, typed facts.
--
--   psql -f bench/sql/persons.sql      (after load.sql)
--
-- Persons are keyed by INSZ. An identifier change (old -> new) makes both numbers one person,
-- transitively: every INSZ maps to a canonical person id, the smallest INSZ of its connected
-- component in the graph of identifier changes (as a bigint). VDAB rows whose INSZ is empty
-- or fails the check belong to nobody and are dropped. Months are integers
-- (year * 12 + month - 1) so that "covers" becomes integer range arithmetic.
\set ON_ERROR_STOP on

-- The INSZ without its separators ('.', '-', space).
CREATE OR REPLACE FUNCTION ref_insz_compact(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN translate(t, ' .-', '');

-- The Belgian mod-97 check of an 11-digit INSZ (national number or BIS number alike):
-- check digits = 97 - (first nine digits mod 97); for births from 2000 the check is computed
-- over '2' followed by the nine digits, which is only possible once year 2000 + YY has begun.
CREATE OR REPLACE FUNCTION ref_insz_ok(d text) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN d IS NOT NULL AND d ~ '^[0-9]{11}$' AND (
    97 - (left(d, 9)::bigint % 97) = right(d, 2)::int
    OR (2000 + left(d, 2)::int <= date_part('year', current_date)
        AND 97 - ((2000000000 + left(d, 9)::bigint) % 97) = right(d, 2)::int));

-- Month index of a date / of a 'YYYY-MM' text, and back.
CREATE OR REPLACE FUNCTION ref_month(d date) RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (date_part('year', d) * 12 + date_part('month', d) - 1)::int;
CREATE OR REPLACE FUNCTION ref_month(t text) RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN substr(t, 1, 4)::int * 12 + substr(t, 6, 2)::int - 1;
CREATE OR REPLACE FUNCTION ref_month_text(m int) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN lpad((m / 12)::text, 4, '0') || '-' || lpad((m % 12 + 1)::text, 2, '0');
CREATE OR REPLACE FUNCTION ref_quarter_text(m int) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (m / 12)::text || '-Q' || ((m % 12) / 3 + 1)::text;

-- A running period (empty end) covers every month from its start on.
CREATE OR REPLACE FUNCTION ref_open_month() RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN 999999;

-- Person mapping ------------------------------------------------------------------------------
DROP TABLE IF EXISTS person_map, ent, reg, work, meas CASCADE;

-- Only the numbers that occur in an identifier change need a mapping; every other INSZ is its
-- own person. Connected components of the undirected change graph by a recursive CTE: each
-- node reaches every node of its component (UNION discards what was already reached, so
-- chains and even cycles terminate); the canonical id is the smallest number reached.
CREATE UNLOGGED TABLE person_map AS
WITH RECURSIVE edge(a, b) AS (
  SELECT ref_insz_compact(old_insz), ref_insz_compact(new_insz) FROM raw_idchange
  UNION
  SELECT ref_insz_compact(new_insz), ref_insz_compact(old_insz) FROM raw_idchange
),
reach(node, other) AS (
  SELECT a, a FROM edge
  UNION
  SELECT r.node, e.b FROM reach r JOIN edge e ON e.a = r.other
)
SELECT node AS insz, min(other)::bigint AS pid FROM reach GROUP BY node;
ALTER TABLE person_map ADD PRIMARY KEY (insz);

-- Typed facts keyed by person ------------------------------------------------------------------
-- m0/m1: first and last month covered (m1 = ref_open_month() when running).

CREATE UNLOGGED TABLE ent AS
SELECT coalesce(pm.pid, r.i::bigint) AS pid, ocmw_nis::int AS nis, kind, ukrainian = '1' AS ukrainian,
       start_date::date AS sd, end_date::date AS ed,
       ref_month(start_date::date) AS m0,
       coalesce(ref_month(end_date::date), ref_open_month()) AS m1
FROM (SELECT ref_insz_compact(insz) AS i, * FROM raw_rmi) r LEFT JOIN person_map pm ON pm.insz = r.i;

CREATE UNLOGGED TABLE reg AS
SELECT coalesce(pm.pid, r.i::bigint) AS pid, category, ocmw_nis::int AS nis,
       start_date::date AS sd, end_date::date AS ed,
       ref_month(start_date::date) AS m0,
       coalesce(ref_month(end_date::date), ref_open_month()) AS m1
FROM (SELECT ref_insz_compact(insz) AS i, * FROM raw_vdab) r LEFT JOIN person_map pm ON pm.insz = r.i
WHERE ref_insz_ok(r.i);

CREATE UNLOGGED TABLE work AS
SELECT coalesce(pm.pid, r.i::bigint) AS pid, work_type, employer_kind,
       ref_month(first_month) AS m0, ref_month(last_month) AS m1
FROM (SELECT ref_insz_compact(insz) AS i, * FROM raw_work) r LEFT JOIN person_map pm ON pm.insz = r.i;

-- One row per measure fact = one trajectory (id = its line in the file, for tracing).
CREATE UNLOGGED TABLE meas AS
SELECT id, coalesce(pm.pid, r.i::bigint) AS pid, measure, organiser_nis::int AS nis,
       start_date::date AS sd, end_date::date AS ed,
       ref_month(start_date::date) AS m0,
       coalesce(ref_month(end_date::date), ref_open_month()) AS m1,
       new_inflow = '1' AS new_inflow
FROM (SELECT row_number() OVER () + 1 AS id, ref_insz_compact(insz) AS i, * FROM raw_measures) r LEFT JOIN person_map pm ON pm.insz = r.i;

CREATE INDEX ON ent (pid);
CREATE INDEX ON reg (pid, m0);
CREATE INDEX ON work (pid, m0);
CREATE INDEX ON meas (pid);
ANALYZE person_map, ent, reg, work, meas;
