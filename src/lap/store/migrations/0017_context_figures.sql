-- Context figures (kerncijfers; context_store.h, docs/formats.md "Kerncijfers"): published
-- statistics per municipality for part 1 of the semestrial report — employment rate,
-- non-active, job seekers, POD MI's RMI counts, unqualified school leavers. Aggregates from
-- public sources, no person data.

-- One import of a kerncijfers.csv that changed something.
CREATE TABLE context_import (
  import_id   INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  changed     INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
) STRICT;

-- The current figures. `nis` 2000 is the Vlaams Gewest; `period` is 'YYYY' or 'YYYY-MM';
-- `denominator` is set exactly for a share. An import replaces, for each (figure, period) it
-- holds, all the rows of that figure and period.
CREATE TABLE context_figure (
  figure      TEXT NOT NULL CHECK (figure IN ('werkzaamheidsgraad', 'niet_beroepsactieven',
                'werkzoekenden_zonder_werk', 'rmi_gerechtigden', 'ongekwalificeerde_schoolverlaters')),
  period      TEXT NOT NULL,
  nis         INTEGER NOT NULL,
  value       INTEGER NOT NULL CHECK (value >= 0),
  denominator INTEGER CHECK (denominator > 0),
  source      TEXT NOT NULL,
  import_id   INTEGER NOT NULL REFERENCES context_import (import_id),
  PRIMARY KEY (figure, period, nis)
) STRICT;
