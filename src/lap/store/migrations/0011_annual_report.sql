-- The annual content and financial report of an application as an uploaded
-- document (domain.md §4 rule 6: the final payment waits for the report the
-- municipal council approved; WSE reads the document before it records that
-- approval in pact_application.annual_report_approved).
--
-- pact_annual_report_document: every upload by a member's local government, a
-- PDF kept as its bytes with name, size and SHA-256. A new upload becomes the
-- current document (the highest document_id of the application); the earlier
-- ones stay as history. Append-only.
CREATE TABLE pact_annual_report_document (
  document_id    INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES pact_application (application_id),
  file_name      TEXT NOT NULL,
  size_bytes     INTEGER NOT NULL CHECK (size_bytes >= 0),
  sha256         TEXT NOT NULL,
  content        BLOB NOT NULL,
  uploaded_at    TEXT NOT NULL,
  uploaded_by    TEXT NOT NULL
) STRICT;
CREATE INDEX pact_annual_report_document_app
  ON pact_annual_report_document (application_id, document_id);
CREATE TRIGGER pact_annual_report_document_no_update BEFORE UPDATE ON pact_annual_report_document
BEGIN SELECT RAISE(ABORT, 'pact_annual_report_document is append-only'); END;
CREATE TRIGGER pact_annual_report_document_no_delete BEFORE DELETE ON pact_annual_report_document
BEGIN SELECT RAISE(ABORT, 'pact_annual_report_document is append-only'); END;
