-- Reference implementation, step 1 of 3: load the raw exchange CSV files of a delivery
-- (docs/formats.md) into text staging tables. Nothing is validated or converted here
-- (persons.sql does that), and nothing of the project's importer or C++ code is used.
--
--   psql -v delivery=/path/to/delivery -f bench/sql/load.sql
--
-- The files must have the header of docs/formats.md in the documented column order
-- (what `lap generate` writes); COPY's HEADER MATCH refuses anything else, so a file with
-- reordered columns fails loudly instead of loading shifted data. A UTF-8 byte-order mark
-- is not supported either. All five measurement sources must be present.
\set ON_ERROR_STOP on
\if :{?delivery}
\else
  \echo 'load.sql: set the delivery directory with -v delivery=DIR'
  \quit
\endif
-- \copy takes no psql variables, but it resolves relative paths against psql's working
-- directory, which \cd can set from one.
\cd :delivery

DROP TABLE IF EXISTS raw_rmi, raw_vdab, raw_work, raw_measures, raw_idchange;

CREATE UNLOGGED TABLE raw_rmi (
  ocmw_nis text, insz text, last_name text, first_name text, birth_date text, sex text,
  postcode text, kind text, ukrainian text, gpmi text, exemption text,
  start_date text, end_date text, street text, house_number text);
CREATE UNLOGGED TABLE raw_vdab (
  vdab_client_id text, insz text, last_name text, first_name text, birth_date text, sex text,
  postcode text, category text, ocmw_nis text, start_date text, end_date text, street text,
  house_number text);
CREATE UNLOGGED TABLE raw_work (
  insz text, first_month text, last_month text, work_type text, employer_kind text);
CREATE UNLOGGED TABLE raw_measures (
  insz text, measure text, organiser_nis text, start_date text, end_date text, new_inflow text);
CREATE UNLOGGED TABLE raw_idchange (old_insz text, new_insz text, change_date text);

-- The columns as `lap generate` writes them (the optional address columns included).
-- CSV mode: ';' separator, '"' quoting with doubled quotes (RFC 4180), LF or CRLF line ends,
-- an unquoted empty field is NULL (= missing).
\copy raw_rmi from 'rmi_entitlements.csv' with (format csv, delimiter ';', header match)
\copy raw_vdab from 'vdab_registrations.csv' with (format csv, delimiter ';', header match)
\copy raw_work from 'work_months.csv' with (format csv, delimiter ';', header match)
\copy raw_measures from 'activation_measures.csv' with (format csv, delimiter ';', header match)
\copy raw_idchange from 'identifier_changes.csv' with (format csv, delimiter ';', header match)

ANALYZE raw_rmi, raw_vdab, raw_work, raw_measures, raw_idchange;
