-- Incremental linking (docs/linking.md): the pairs (OCMW person, VDAB client)
-- that mattered for a link run's decisions, compared and at least at its
-- lower threshold or of one INSZ. The next run links only what changed and
-- compares these pairs again for the persons and clients that did not.
-- Pseudonyms and client numbers only, as in link_review.
CREATE TABLE link_unit (
  run_id         bigint NOT NULL REFERENCES link_run (run_id),
  ocmw_ref       text NOT NULL,
  vdab_client_id bigint NOT NULL,
  PRIMARY KEY (run_id, ocmw_ref, vdab_client_id)
);
