-- Administration (admin_store.h): the settings an administrator changes in the web application,
-- the contacts directory per municipality (seed 002: the fixed OCMW contact person, the VDAB
-- contact and VDAB's consultation days at the OCMW), and the append-only log of every
-- administrative change. No person data: the directory names civil servants, never clients.

-- A setting stored by an administrator (lap/core/settings.h lists the keys, their bounds and
-- defaults); a key without a row has its default.
CREATE TABLE app_setting (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

-- The contacts of one municipality's OCMW and VDAB.
CREATE TABLE municipality_contact (
  nis         INTEGER PRIMARY KEY,
  ocmw_name   TEXT NOT NULL,
  ocmw_phone  TEXT NOT NULL,
  ocmw_email  TEXT NOT NULL,
  vdab_name   TEXT NOT NULL,
  vdab_phone  TEXT NOT NULL,
  vdab_email  TEXT NOT NULL,
  note        TEXT NOT NULL,
  row_version INTEGER NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
) STRICT;

-- VDAB's consultation hours at the OCMW: weekday 1 (Monday) .. 7, times HH:MM.
CREATE TABLE consultation_day (
  nis        INTEGER NOT NULL REFERENCES municipality_contact (nis),
  position   INTEGER NOT NULL,
  weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time TEXT NOT NULL,
  end_time   TEXT NOT NULL,
  frequency  TEXT NOT NULL CHECK (frequency IN ('weekly', 'biweekly', 'monthly')),
  place      TEXT NOT NULL,
  PRIMARY KEY (nis, position)
) STRICT;

-- Every administrative change: accounts, settings, contacts. Append-only.
CREATE TABLE admin_event (
  event_id INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  subject  TEXT NOT NULL,
  detail   TEXT NOT NULL
) STRICT;
CREATE TRIGGER admin_event_no_update BEFORE UPDATE ON admin_event
BEGIN SELECT RAISE(ABORT, 'admin_event is append-only'); END;
CREATE TRIGGER admin_event_no_delete BEFORE DELETE ON admin_event
BEGIN SELECT RAISE(ABORT, 'admin_event is append-only'); END;
