-- Consent to consortium applications (issue 15, finding 6; src/lap/pact/consent.h).
--
-- pact_application.lead_nis: the municipality that made the application (the
-- trekker), the only one that may change or submit the draft. A single
-- municipality is its own lead; a consortium's lead is taken from the account
-- that made it (the first event's actor) when that account's municipality is
-- a member, else it stays NULL (nobody may change that draft any more).
--
-- pact_application_member.consent: `pending` until the member's own local
-- government consents (`consented`) or declines (`declined`), with who and
-- when (NULL for consents from before this migration). Applications that were
-- already submitted keep their members as consented; a consortium draft asks
-- every member but its lead again.
--
-- pact_consent_event: every change of a member's consent, append-only.
ALTER TABLE pact_application ADD COLUMN lead_nis INTEGER;
ALTER TABLE pact_application_member ADD COLUMN consent TEXT NOT NULL DEFAULT 'consented'
  CHECK (consent IN ('pending', 'consented', 'declined'));
ALTER TABLE pact_application_member ADD COLUMN consent_by TEXT;
ALTER TABLE pact_application_member ADD COLUMN consent_at TEXT;

UPDATE pact_application SET lead_nis = CAST(applicant AS INTEGER)
  WHERE consortium_name IS NULL;
UPDATE pact_application SET lead_nis = (
    SELECT MIN(u.municipality) FROM pact_application_event e
      JOIN app_user u ON u.username = e.actor
      JOIN pact_application_member m
        ON m.application_id = e.application_id AND m.nis = u.municipality
     WHERE e.application_id = pact_application.application_id AND e.from_status IS NULL)
  WHERE consortium_name IS NOT NULL;
UPDATE pact_application_member SET consent = 'pending'
  WHERE application_id IN (SELECT a.application_id FROM pact_application a
                            WHERE a.status = 'draft' AND a.consortium_name IS NOT NULL
                              AND (a.lead_nis IS NULL OR a.lead_nis <> pact_application_member.nis));

CREATE TABLE pact_consent_event (
  event_id       INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES pact_application (application_id),
  nis            INTEGER NOT NULL,
  at             TEXT NOT NULL,
  actor          TEXT NOT NULL,
  consent        TEXT NOT NULL CHECK (consent IN ('pending', 'consented', 'declined'))
) STRICT;
CREATE INDEX pact_consent_event_app ON pact_consent_event (application_id);
CREATE TRIGGER pact_consent_event_no_update BEFORE UPDATE ON pact_consent_event
BEGIN SELECT RAISE(ABORT, 'pact_consent_event is append-only'); END;
CREATE TRIGGER pact_consent_event_no_delete BEFORE DELETE ON pact_consent_event
BEGIN SELECT RAISE(ABORT, 'pact_consent_event is append-only'); END;
