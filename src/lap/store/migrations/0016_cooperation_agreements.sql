-- Cooperation agreements (samenwerkingsovereenkomsten, SO; agreement_store.h, SPEC §5): the
-- registry of agreements between VDAB and a municipality or a regiegebied, their action plans,
-- and the link from a LAP application to its agreement. Civil servants' and organisations'
-- names only, no person data. Every change is logged in admin_event.

-- One agreement. `area` is a municipality's NIS code (5 digits) or a regiegebied's name;
-- `parties` a JSON array of names. A concluded agreement has its date, another none.
CREATE TABLE cooperation_agreement (
  agreement_id   INTEGER PRIMARY KEY,
  scope          TEXT NOT NULL CHECK (scope IN ('municipality', 'region')),
  area           TEXT NOT NULL,
  title          TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('concluded', 'negotiating', 'to_start')),
  concluded_on   TEXT,
  expected_on    TEXT,
  starts_on      TEXT,
  ends_on        TEXT,
  parties        TEXT NOT NULL,
  steering_group TEXT NOT NULL,
  note           TEXT NOT NULL,
  row_version    INTEGER NOT NULL DEFAULT 1,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT NOT NULL,
  CHECK ((status = 'concluded') = (concluded_on IS NOT NULL))
) STRICT;
CREATE INDEX cooperation_agreement_area ON cooperation_agreement (scope, area);

-- The action plan in order (theme → action domain → action); `partners` and `indicators` are
-- JSON arrays of names.
CREATE TABLE agreement_action (
  agreement_id  INTEGER NOT NULL REFERENCES cooperation_agreement (agreement_id),
  position      INTEGER NOT NULL,
  theme         TEXT NOT NULL,
  action_domain TEXT NOT NULL,
  code          TEXT NOT NULL,
  title         TEXT NOT NULL,
  lead_partner  TEXT NOT NULL,
  partners      TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('planned', 'running', 'done', 'stopped')),
  indicators    TEXT NOT NULL,
  PRIMARY KEY (agreement_id, position)
) STRICT;

-- The agreement an application of the Lokaal Activeringspact refers to (null: an application
-- made before the registry, or one that names its agreement by a link in agreement_ref).
ALTER TABLE pact_application ADD COLUMN agreement_id INTEGER REFERENCES cooperation_agreement (agreement_id);
