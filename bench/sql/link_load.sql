-- Reference record linkage in PostgreSQL 15, step 1 of 2: load the identity data of a delivery
-- (docs/formats.md) for bench/sql/link_reference.sql. Nothing of the project's importer or C++
-- code is used.
--
--   psql -v delivery=/path/to/delivery -f bench/sql/link_load.sql
--
-- Loads rmi_entitlements.csv (OCMW side), vdab_registrations.csv (VDAB side),
-- identifier_changes.csv and ground_truth.csv with COPY into text staging tables, then keeps
-- one RECORD per distinct identity:
--   link_ocmw  one row per distinct (insz, last_name, first_name, birth_date, sex, postcode,
--              street, house_number) of the RMI entitlements (an OCMW client has one identity
--              in the national register, so in practice one record per INSZ);
--   link_vdab  one row per distinct (vdab_client_id, insz, names, birth_date, sex, postcode,
--              street, house_number) of the VDAB registrations (VDAB copies a client's identity
--              at registration, so in practice one record per client number).
-- These are the identity profiles of `lap link`: the same fields make one profile there.
-- Entitlement and registration periods are irrelevant to identity and are dropped. As in
-- load.sql, COPY's HEADER MATCH refuses files whose columns are not in the documented order.
\set ON_ERROR_STOP on
\if :{?delivery}
\else
  \echo 'link_load.sql: set the delivery directory with -v delivery=DIR'
  \quit
\endif
\cd :delivery

DROP TABLE IF EXISTS link_raw_rmi, link_raw_vdab, link_idchange, link_truth, link_ocmw, link_vdab;

CREATE UNLOGGED TABLE link_raw_rmi (
  ocmw_nis text, insz text, last_name text, first_name text, birth_date text, sex text,
  postcode text, kind text, ukrainian text, gpmi text, exemption text,
  start_date text, end_date text, street text, house_number text);
CREATE UNLOGGED TABLE link_raw_vdab (
  vdab_client_id text, insz text, last_name text, first_name text, birth_date text, sex text,
  postcode text, category text, ocmw_nis text, start_date text, end_date text, street text,
  house_number text);
CREATE UNLOGGED TABLE link_idchange (old_insz text, new_insz text, change_date text);
CREATE UNLOGGED TABLE link_truth (person_id bigint, identifier_kind text, identifier text);

\copy link_raw_rmi from 'rmi_entitlements.csv' with (format csv, delimiter ';', header match)
\copy link_raw_vdab from 'vdab_registrations.csv' with (format csv, delimiter ';', header match)
\copy link_idchange from 'identifier_changes.csv' with (format csv, delimiter ';', header match)
\copy link_truth from 'ground_truth.csv' with (format csv, delimiter ';', header match)

-- INSZ numbers may carry the separators '.', '-' and space (docs/formats.md); compacted here.
CREATE UNLOGGED TABLE link_ocmw AS
SELECT row_number() OVER (ORDER BY insz, last_name, first_name, birth_date, sex, postcode, street,
                                   house_number)::int AS id,
       insz, last_name, first_name, birth_date, sex, postcode::int AS postcode, street, house_number
FROM (SELECT DISTINCT translate(insz, '.- ', '') AS insz, last_name, first_name, birth_date, sex, postcode,
                      street, house_number
      FROM link_raw_rmi) d;
CREATE UNLOGGED TABLE link_vdab AS
SELECT row_number() OVER (ORDER BY client, insz, last_name, first_name, birth_date, sex, postcode, street,
                                   house_number)::int AS id,
       client, insz, last_name, first_name, birth_date, sex, postcode::int AS postcode, street, house_number
FROM (SELECT DISTINCT vdab_client_id::bigint AS client, nullif(translate(insz, '.- ', ''), '') AS insz,
             last_name, first_name, birth_date, sex, postcode, street, house_number
      FROM link_raw_vdab) d;
UPDATE link_idchange SET old_insz = translate(old_insz, '.- ', ''), new_insz = translate(new_insz, '.- ', '');

DROP TABLE link_raw_rmi, link_raw_vdab;
ANALYZE link_ocmw, link_vdab, link_idchange, link_truth;

SELECT (SELECT count(*) FROM link_ocmw) AS ocmw_records,
       (SELECT count(*) FROM link_vdab) AS vdab_records,
       (SELECT count(*) FROM link_idchange) AS identifier_changes,
       (SELECT count(*) FROM link_truth) AS ground_truth_rows \gset
\echo 'link_load: ' :ocmw_records ' OCMW records, ' :vdab_records ' VDAB records, ' :identifier_changes ' identifier changes, ' :ground_truth_rows ' ground-truth rows'
