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
  opened_by   TEXT NOT NULL
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
