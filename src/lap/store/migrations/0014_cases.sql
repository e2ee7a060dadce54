-- Case collaboration between an OCMW and VDAB (domain.md §7, case_store.h):
-- the case (dossier) of a person at their OCMW with the side holding the
-- regie, agreed actions, notes, warm handovers and the history of every change.
-- Pseudonyms only: identity stays in rmi_identity and vdab_identity. Sides are
-- 'ocmw' and 'vdab'; times are ISO 8601 UTC text, dates YYYY-MM-DD.
CREATE TABLE case_file (
  case_id     INTEGER PRIMARY KEY,
  person_ref  TEXT NOT NULL,
  ocmw_nis    INTEGER NOT NULL,
  regie       TEXT NOT NULL CHECK (regie IN ('ocmw', 'vdab')),
  status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  row_version INTEGER NOT NULL DEFAULT 1,
  opened_at   TEXT NOT NULL,
  opened_by   TEXT NOT NULL,
  -- The counsellor and the mediator who follow the case on each side (usernames; NULL: none yet).
  ocmw_worker TEXT,
  vdab_worker TEXT,
  -- The day the case was closed, as the application counts days (NULL while open): the OCMW's
  -- relation with the person lasts 12 months after it.
  closed_on   TEXT
) STRICT;
-- One open case per person and OCMW.
CREATE UNIQUE INDEX case_file_open ON case_file (person_ref, ocmw_nis) WHERE status = 'open';
CREATE INDEX case_file_person ON case_file (person_ref);
CREATE INDEX case_file_ocmw ON case_file (ocmw_nis, status);

CREATE TABLE case_action (
  action_id   INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_file (case_id),
  kind        TEXT NOT NULL,
  owner       TEXT NOT NULL CHECK (owner IN ('ocmw', 'vdab')),
  due_date    TEXT,
  status      TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  description TEXT NOT NULL,
  row_version INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX case_action_case ON case_action (case_id);

CREATE TABLE case_note (
  note_id    INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES case_file (case_id),
  side       TEXT NOT NULL CHECK (side IN ('ocmw', 'vdab')),
  author     TEXT NOT NULL,
  text       TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX case_note_case ON case_note (case_id);

CREATE TABLE case_handover (
  handover_id     INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES case_file (case_id),
  from_side       TEXT NOT NULL CHECK (from_side IN ('ocmw', 'vdab')),
  to_side         TEXT NOT NULL CHECK (to_side IN ('ocmw', 'vdab')),
  reason          TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined')),
  proposed_by     TEXT NOT NULL,
  proposed_at     TEXT NOT NULL,
  decided_by      TEXT,
  decided_at      TEXT,
  decision_reason TEXT
) STRICT;
CREATE INDEX case_handover_case ON case_handover (case_id);

-- Transmissions (doormeldingen) from VDAB to the OCMW about a client not keeping agreements:
-- the OCMW answers by the deadline, once.
CREATE TABLE case_transmission (
  transmission_id INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES case_file (case_id),
  reason          TEXT NOT NULL,
  sent_by         TEXT NOT NULL,
  sent_at         TEXT NOT NULL,
  deadline        TEXT NOT NULL,
  answer          TEXT CHECK (answer IN ('sanction_considered', 'no_sanction', 'other')),
  answer_reason   TEXT,
  answered_by     TEXT,
  answered_at     TEXT,
  answered_on     TEXT   -- the day of the answer as the application counts days (the deadline's clock)
) STRICT;
CREATE INDEX case_transmission_case ON case_transmission (case_id);

-- Exemptions from the availability for work (health or equity), reviewed at least yearly.
CREATE TABLE case_exemption (
  exemption_id INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES case_file (case_id),
  kind         TEXT NOT NULL CHECK (kind IN ('health', 'equity')),
  reason       TEXT NOT NULL,
  granted_on   TEXT NOT NULL,
  review_date  TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('active', 'ended')),
  row_version  INTEGER NOT NULL DEFAULT 1,
  granted_by   TEXT NOT NULL
) STRICT;
CREATE INDEX case_exemption_case ON case_exemption (case_id);

-- The history of a case: one row per change, written in the change's transaction.
CREATE TABLE case_event (
  event_id INTEGER PRIMARY KEY,
  case_id  INTEGER NOT NULL REFERENCES case_file (case_id),
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,
  side     TEXT NOT NULL,
  kind     TEXT NOT NULL,
  detail   TEXT NOT NULL
) STRICT;
CREATE INDEX case_event_case ON case_event (case_id);
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;

-- The identity of a person as VDAB knows it (identity_store.h): the registrations a link run
-- resolved to the person.
CREATE INDEX record_link_person ON record_link (run_id, resolved_ref);

-- A citizen's account is tied to the person (pseudonym) whose record it may read (domain.md §6).
ALTER TABLE app_user ADD COLUMN person_ref TEXT;

-- Where a user's notifications are mailed (NULL: in the application only).
ALTER TABLE app_user ADD COLUMN email TEXT;

-- Notifications of a change in a case, for one user: shown in the application and mailed (a link
-- to the case, no personal data). Written in the change's transaction (an outbox): `lap serve
-- --smtp` mails those not mailed yet.
CREATE TABLE notification (
  notification_id INTEGER PRIMARY KEY,
  username        TEXT NOT NULL,
  case_id         INTEGER NOT NULL REFERENCES case_file (case_id),
  kind            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  read_at         TEXT,
  mailed_at       TEXT,
  mail_attempts   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX notification_user ON notification (username, notification_id);
CREATE INDEX notification_unmailed ON notification (notification_id) WHERE mailed_at IS NULL;
