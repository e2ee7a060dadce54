-- The Lokaal Activeringspact (domain.md §4): calls with versioned parameters,
-- imported count and result tables, applications with their status history,
-- and recorded payment statements. Amounts are euro cents, rates exact
-- fractions (numerator/denominator), dates 'YYYY-MM-DD', months 'YYYY-MM',
-- times ISO 8601 UTC.

CREATE TABLE pact_call (
  call_id    TEXT PRIMARY KEY,
  title      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL           -- an operator, or 'preset'
) STRICT;

-- A complete snapshot of a call's parameters from `valid_from` on (version 1,
-- 2, ...; a version is never changed once written).
CREATE TABLE pact_call_version (
  call_id              TEXT NOT NULL REFERENCES pact_call (call_id),
  version              INTEGER NOT NULL,
  valid_from           TEXT NOT NULL,
  note                 TEXT NOT NULL,
  budget_cents         INTEGER NOT NULL,
  counts_on            TEXT NOT NULL,
  threshold_num        INTEGER NOT NULL,
  threshold_den        INTEGER NOT NULL,
  amount_cents         INTEGER NOT NULL,
  period_start         TEXT NOT NULL,
  period_end           TEXT NOT NULL,
  application_deadline TEXT NOT NULL,
  settlement_rule      TEXT NOT NULL CHECK (settlement_rule IN ('pro_rata', 'pro_rata_with_floor')),
  advance_num          INTEGER NOT NULL,
  advance_den          INTEGER NOT NULL,
  consortia_allowed    INTEGER NOT NULL CHECK (consortia_allowed IN (0, 1)),
  redistribution_cap   INTEGER NOT NULL CHECK (redistribution_cap IN (0, 1)),
  created_at           TEXT NOT NULL,
  PRIMARY KEY (call_id, version)
) STRICT;

-- An imported table of a call: the POD MI count table (kind 'counts') or
-- VDAB's monthly results table (kind 'results'). Importing replaces the
-- call's table of that kind; a file with the same SHA-256 changes nothing.
CREATE TABLE pact_import (
  import_id   INTEGER PRIMARY KEY,
  call_id     TEXT NOT NULL REFERENCES pact_call (call_id),
  kind        TEXT NOT NULL CHECK (kind IN ('counts', 'results')),
  file        TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  current     INTEGER NOT NULL CHECK (current IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX pact_import_current ON pact_import (call_id, kind) WHERE current = 1;

CREATE TABLE pact_count (
  import_id INTEGER NOT NULL REFERENCES pact_import (import_id),
  nis       INTEGER NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY (import_id, nis)
) STRICT;

-- Sustainable outflows STARTING in `month` (indicator 2 of domain.md §3).
CREATE TABLE pact_result (
  import_id INTEGER NOT NULL REFERENCES pact_import (import_id),
  nis       INTEGER NOT NULL,
  month     TEXT NOT NULL,
  confirmed INTEGER NOT NULL,
  pending   INTEGER NOT NULL,
  PRIMARY KEY (import_id, nis, month)
) STRICT;

-- An application of one municipality, or of a consortium (members in
-- pact_application_member). `row_version` grows with every change: an update
-- names the version it read and fails when someone else changed the row.
CREATE TABLE pact_application (
  application_id         INTEGER PRIMARY KEY,
  call_id                TEXT NOT NULL REFERENCES pact_call (call_id),
  applicant              TEXT NOT NULL,   -- the NIS code, or the consortium id
  consortium_name        TEXT,            -- NULL for a single municipality
  consortium_settlement  TEXT CHECK (consortium_settlement IN ('joint', 'individual')),
  plan                   TEXT NOT NULL,   -- plan of approach (free text)
  actions_json           TEXT NOT NULL,   -- JSON array of action texts
  agreement_ref          TEXT NOT NULL,   -- the cooperation agreement with VDAB (link)
  status                 TEXT NOT NULL
    CHECK (status IN ('draft', 'submitted', 'approved', 'refused', 'running', 'settled')),
  status_reason          TEXT,
  advance_paid_cents     INTEGER,         -- set on approval
  annual_report_approved TEXT,            -- the council's approval of the annual report
  row_version            INTEGER NOT NULL,
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  UNIQUE (call_id, applicant)
) STRICT;

CREATE TABLE pact_application_member (
  application_id INTEGER NOT NULL REFERENCES pact_application (application_id),
  nis            INTEGER NOT NULL,
  engagement     INTEGER,                 -- NULL = the maximum E
  PRIMARY KEY (application_id, nis)
) STRICT;

-- Every status change, append-only.
CREATE TABLE pact_application_event (
  event_id       INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES pact_application (application_id),
  at             TEXT NOT NULL,
  actor          TEXT NOT NULL,
  from_status    TEXT,
  to_status      TEXT NOT NULL,
  reason         TEXT
) STRICT;
CREATE INDEX pact_application_event_app ON pact_application_event (application_id);
CREATE TRIGGER pact_application_event_no_update BEFORE UPDATE ON pact_application_event
BEGIN SELECT RAISE(ABORT, 'pact_application_event is append-only'); END;
CREATE TRIGGER pact_application_event_no_delete BEFORE DELETE ON pact_application_event
BEGIN SELECT RAISE(ABORT, 'pact_application_event is append-only'); END;

-- A final payment statement as settled (JSON of the statement), one per
-- settlement unit and call.
CREATE TABLE pact_payment (
  call_id        TEXT NOT NULL REFERENCES pact_call (call_id),
  unit_id        TEXT NOT NULL,
  settled_at     TEXT NOT NULL,
  settled_by     TEXT NOT NULL,
  balance_cents  INTEGER NOT NULL,
  statement_json TEXT NOT NULL,
  PRIMARY KEY (call_id, unit_id)
) STRICT;
