-- Reference record linkage in PostgreSQL 15, step 2 of 2: OCMW records (link_ocmw) against
-- VDAB records (link_vdab), loaded by bench/sql/link_load.sql. The same pipeline as `lap link`
-- (src/lap/link/: normalise.h, blocking.h, compare.h, fellegi_sunter.h, linkage_resolve.cc),
-- in plain SQL with the contrib extensions unaccent, fuzzystrmatch and pg_trgm, for the
-- side-by-side benchmark of issue 5 (bench/link.sh). bench/LINK_REFERENCE.md describes it and
-- where it differs from the engine.
--
--   psql -v upper=-5 -v lower=-13 -f bench/sql/link_reference.sql
--   psql -v upper_weight=15.6 -v lower_weight=7.6 -f bench/sql/link_reference.sql
--
-- Variables (all optional):
--   upper, lower     thresholds on the match log-odds in bits (weight + population prior), as
--                    `lap link --upper/--lower` (-5 and -13): at or above upper a pair is a
--                    link candidate, below lower a non-match, in between review
--   upper_weight,    the same as plain weights, in place of upper and lower (bench/link.sh
--   lower_weight     passes the weights the engine's run came to, thresholds.*_weight of its
--                    report)
--   max_block_pairs  block-size cap of blocking.h (5000, as LinkOptions)
--   max_weak_block_pairs
--                    the cap of the weak rules, without a birth date or house number in the
--                    key (100, as LinkOptions)
--   phonetic         phonetic code of the names for blocking: cologne (the C++ code: Cologne
--                    phonetics on the transliteration key, written out in SQL; the default) or
--                    dmetaphone (fuzzystrmatch's Double Metaphone, primary code)
--   tf               on/off: term-frequency adjustment of exact name agreement (on, as
--                    `lap link`)
--   u_sample         random pairs compared to estimate u (300000, as `lap link`)
--   em               on/off: refine m and lambda by EM with u fixed (off)
--
-- Steps
--   1. normalisation  names folded (unaccent, lower, apostrophes dropped, other non-letters a
--                     space), particles split off, the transliteration key; INSZ validity
--                     (mod 97, 19xx/20xx), birth date and sex from the INSZ when missing; the
--                     street folded without spaces and the house number's letters and digits
--   2. deterministic  valid identical INSZ; identifier_changes old<->new (either side)
--   3. blocking       the default rules of LinkOptions (valid_insz, birth_date_initial,
--                     postcode_name, names_phonetic, birth_date_postcode,
--                     names_phonetic_birth_year, insz_tail_initial, street_number,
--                     postcode_street, street, postcode_digits_name), unioned, each pair once under the first rule
--                     that holds it in an uncapped block; blocks of more than max_block_pairs
--                     pairs (max_weak_block_pairs for the weak rules) skipped; deterministic
--                     pairs no rule holds are compared too
--   4. comparison     the levels of compare.h per field (with the address and the INSZ level
--                     same_sequence), string similarity by levenshtein and trigram similarity
--                     instead of Jaro-Winkler/OSA (see compare below)
--   5. Fellegi-Sunter u from random pairs, m from self-labelled pairs (optionally refined by
--                     EM); weights log2(m/u), term frequencies for exact name agreement; the
--                     population prior and the thresholds as weights
--   6. decisions      per VDAB client its candidates (a deterministic pair at or above lower,
--                     any pair at or above upper, a valid INSZ of the client that is not near
--                     the record's refuses), linked to the best one; lower..upper review,
--                     below lower not linked
--   7. quality        precision, recall and F1 of the linked (OCMW person, VDAB client) pairs
--                     against ground_truth.csv
\set ON_ERROR_STOP on
\if :{?upper}
\else
  \set upper -5
\endif
\if :{?lower}
\else
  \set lower -13
\endif
\if :{?upper_weight}
\else
  \set upper_weight NULL
\endif
\if :{?lower_weight}
\else
  \set lower_weight NULL
\endif
\if :{?max_block_pairs}
\else
  \set max_block_pairs 5000
\endif
\if :{?max_weak_block_pairs}
\else
  \set max_weak_block_pairs 100
\endif
\if :{?phonetic}
\else
  \set phonetic cologne
\endif
\if :{?tf}
\else
  \set tf on
\endif
\if :{?em}
\else
  \set em off
\endif
\if :{?u_sample}
\else
  \set u_sample 300000
\endif

SET work_mem = '256MB';
SET max_parallel_workers_per_gather = 2;
-- JIT compilation costs ~1 s per large statement here and gains little on function-heavy
-- expressions.
SET jit = off;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Leftovers of an earlier run (views first: they depend on the tables).
DROP VIEW IF EXISTS link_cand;
SELECT clock_timestamp() AS t_start \gset
CREATE TEMP TABLE link_timing (step text, at timestamptz);
INSERT INTO link_timing VALUES ('start', clock_timestamp());

-- ---- 1. normalisation ---------------------------------------------------------------------

-- fold_text: lower-case ASCII words separated by single spaces. unaccent removes diacritics
-- (also ß -> ss, æ -> ae, ł -> l, ı -> i); apostrophes are dropped (D'Hondt -> dhondt); any
-- other non-letter separates words. Cyrillic script is not transliterated (the deliveries hold
-- Latin script only).
CREATE OR REPLACE FUNCTION link_fold(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(lower(unaccent(translate(t, '''`´‘’ʼʻ', ''))), '[^a-z]+', ' ', 'g'))
$$;

-- The INSZ rules of src/lap/core/insz.cc, for every distinct INSZ of both sources: the century
-- by the check digits, month part 00-12 / 20-32 / 40-52, a real day (0 = unknown), sequence
-- 001-998, birth not in the future. Gives validity, the birth date the number encodes (0 for
-- unknown parts) and the sex it tells ('X' when it tells none). The CTEs are materialised so
-- that each step is computed once per number (inlined, the expressions multiply).
DROP TABLE IF EXISTS link_insz;
CREATE UNLOGGED TABLE link_insz AS
WITH t AS (
  SELECT extract(year FROM current_date)::int AS ty, extract(month FROM current_date)::int AS tm,
         extract(day FROM current_date)::int AS td),
p AS MATERIALIZED (
  SELECT d, substr(d, 1, 9)::bigint AS first9, substr(d, 10, 2)::int AS chk,
         substr(d, 1, 2)::int AS yy, substr(d, 3, 2)::int AS mm, substr(d, 5, 2)::int AS dd,
         substr(d, 7, 3)::int AS seq
  FROM (SELECT insz AS d FROM link_ocmw UNION SELECT insz FROM link_vdab) s
  WHERE d ~ '^[0-9]{11}$'),
c AS MATERIALIZED (
  SELECT p.*, t.*,
         CASE WHEN 97 - first9 % 97 = chk THEN 1900
              WHEN 2000 + yy <= ty AND 97 - (2000000000 + first9) % 97 = chk THEN 2000 END + yy AS year,
         CASE WHEN mm >= 40 THEN mm - 40 WHEN mm >= 20 THEN mm - 20 ELSE mm END AS month
  FROM p CROSS JOIN t),
v AS MATERIALIZED (
  SELECT c.*, CASE
           WHEN year IS NULL THEN false
           WHEN month > 12 OR (mm > 12 AND mm < 20) OR (mm > 32 AND mm < 40) OR mm > 52 THEN false
           WHEN dd > 31 THEN false
           WHEN month <> 0 AND dd <> 0 AND dd > CASE
                  WHEN month IN (4, 6, 9, 11) THEN 30
                  WHEN month <> 2 THEN 31
                  WHEN year % 4 = 0 AND (year % 100 <> 0 OR year % 400 = 0) THEN 29
                  ELSE 28 END THEN false
           WHEN seq = 0 OR seq = 999 THEN false
           WHEN year > ty THEN false
           WHEN year = ty AND month <> 0 AND (month > tm OR (month = tm AND dd > td)) THEN false
           ELSE true END AS ok
  FROM c)
SELECT d AS insz, ok AS valid,
       -- a number with an unknown birth month says nothing reliable about the year either
       -- (insz_birth_date of normalise.cc)
       CASE WHEN ok AND month <> 0 THEN year ELSE 0 END AS by,
       CASE WHEN ok THEN month ELSE 0 END AS bm,
       CASE WHEN ok AND month <> 0 THEN dd ELSE 0 END AS bd,
       CASE WHEN NOT ok OR (mm >= 20 AND mm < 40) THEN 'X' WHEN seq % 2 = 1 THEN 'M' ELSE 'F' END AS sex
FROM v;
CREATE UNIQUE INDEX ON link_insz (insz);
ANALYZE link_insz;

-- Names: every distinct spelling once. joined = the folded words without spaces; core = joined
-- without leading particles (family names only; a particle is dropped only when a word
-- follows it) and, for a one-word family name, without a fused Dutch particle when at least 4
-- letters remain; parts = the concatenations of the first k and of the last k words (k < number
-- of words), for "one name is a whole word of the other" (Peeters ~ Peeters-Janssens).
DROP TABLE IF EXISTS link_name;
CREATE UNLOGGED TABLE link_name AS
WITH raw AS (
  SELECT DISTINCT last_name AS raw, true AS is_last FROM link_ocmw
  UNION SELECT DISTINCT last_name, true FROM link_vdab
  UNION SELECT DISTINCT first_name, false FROM link_ocmw
  UNION SELECT DISTINCT first_name, false FROM link_vdab),
folded AS (
  SELECT raw, is_last, w, cardinality(w) AS n,
         -- the number of leading particles dropped (family names; never the last word)
         CASE WHEN is_last THEN
           (SELECT coalesce(min(i) - 1, cardinality(w) - 1)
            FROM generate_subscripts(w, 1) i
            WHERE i = cardinality(w) OR w[i] NOT IN (
              'van', 'vande', 'vanden', 'vander', 'de', 'der', 'den', 'het', 't', 'ter', 'ten', 'te',
              'la', 'le', 'les', 'du', 'des', 'd', 'di', 'da', 'del', 'della', 'dos', 'das',
              'do', 'von', 'vom', 'zu', 'el', 'al', 'ben', 'bin', 'ibn', 'ait', 'abu', 'bou'))
         ELSE 0 END AS dropped
  FROM (SELECT raw, is_last, string_to_array(nullif(link_fold(raw), ''), ' ') AS w FROM raw) r),
cored AS (
  SELECT raw, is_last, w, n,
         coalesce(array_to_string(w, ''), '') AS joined,
         coalesce(array_to_string(w[dropped + 1:], ''), '') AS core0, dropped
  FROM folded)
SELECT raw, is_last, joined,
       CASE WHEN is_last AND n = 1 THEN
         coalesce((SELECT substr(core0, length(p) + 1)
                   FROM unnest(ARRAY['vanden', 'vander', 'vande', 'van', 'den', 'der', 'ter', 'ten', 'de'])
                        WITH ORDINALITY f(p, o)
                   WHERE length(core0) >= length(p) + 4 AND starts_with(core0, p)
                   ORDER BY o LIMIT 1), core0)
       ELSE core0 END AS core,
       coalesce((SELECT array_agg(x) FROM (
                   SELECT array_to_string(w[1:k], '') AS x FROM generate_series(1, n - 1) k
                   UNION ALL
                   SELECT array_to_string(w[n - k + 1:n], '') FROM generate_series(1, n - 1) k) s),
                '{}') AS parts
FROM cored;

-- transliteration_key of normalise.cc: letter clusters onto one symbol per sound class, scanned
-- left to right, longest cluster first (PostgreSQL's alternation takes the longest match, which
-- is the C++ priority order), then vowel runs collapsed, "ie" -> "e", a final "ei" -> "i".
ALTER TABLE link_name ADD COLUMN key text;
WITH tok AS (
  SELECT n.core, t.o, t.tok[1] AS tok, lead(t.tok[1]) OVER (PARTITION BY n.core ORDER BY t.o) AS next
  FROM (SELECT DISTINCT core FROM link_name WHERE core <> '') n,
       regexp_matches(n.core, 'schtsch|chtch|shch|szcz|tsch|tsj|sch|tch|sh|ch|sz|cz|sj|zh|kh|ts|tz|ck|ph|th|ou|oe|.', 'g')
         WITH ORDINALITY t(tok, o)),
mapped AS (
  SELECT core, string_agg(
           CASE WHEN o = 1 AND tok = 'a' THEN 'o'
                WHEN tok IN ('schtsch', 'chtch', 'shch', 'szcz', 'tsch', 'tsj', 'sch', 'tch', 'sh', 'ch',
                             'sz', 'cz', 'sj') THEN 'S'
                WHEN tok = 'zh' THEN 'z' WHEN tok = 'kh' THEN 'h'
                WHEN tok IN ('ts', 'tz') THEN 'C' WHEN tok = 'ck' THEN 'k' WHEN tok = 'ph' THEN 'f'
                WHEN tok = 'th' THEN 't' WHEN tok IN ('ou', 'oe') THEN 'u' WHEN tok = 'x' THEN 'ks'
                WHEN tok = 'q' THEN 'k' WHEN tok = 'w' THEN 'v' WHEN tok = 'g' THEN 'h'
                WHEN tok IN ('y', 'j') THEN 'i'
                WHEN tok = 'c' THEN CASE WHEN left(next, 1) IN ('e', 'i', 'y') THEN 'C' ELSE 'k' END
                ELSE tok END, '' ORDER BY o) AS k
  FROM tok GROUP BY core),
vowels AS (
  SELECT core, regexp_replace(
           regexp_replace(regexp_replace(regexp_replace(k, '(.)\1+', '\1', 'g'), 'ie', 'e', 'g'),
                          '(.)\1+', '\1', 'g'), '^(.+)ei$', '\1i') AS k
  FROM mapped)
UPDATE link_name n SET key = coalesce(v.k, '') FROM vowels v WHERE v.core = n.core;
UPDATE link_name SET key = '' WHERE key IS NULL;

-- Phonetic code of a name for blocking (phonetic_key of blocking.cc: of the family name's core
-- and of the given name). cologne: phonetic_code of compare.cc (Cologne classes on the key, h
-- with the gutturals, d/t before s as s, runs collapsed, vowels kept only in front).
-- dmetaphone: fuzzystrmatch's Double Metaphone (primary) of the core.
ALTER TABLE link_name ADD COLUMN phon text;
SELECT :'phonetic' = 'cologne' AS phonetic_is_cologne \gset
\if :phonetic_is_cologne
UPDATE link_name SET phon = (
  SELECT CASE WHEN c = '' THEN '' ELSE left(c, 1) || replace(substr(c, 2), '0', '') END
  FROM (SELECT regexp_replace(regexp_replace(
                 translate(key, 'aeioubpdtfvhklmnrszSC', '000001122334456678888'), '2(?=8)', '8', 'g'),
               '(.)\1+', '\1', 'g') AS c) x);
\else
UPDATE link_name SET phon = CASE WHEN core = '' THEN '' ELSE dmetaphone(core) END;
\endif
CREATE UNIQUE INDEX ON link_name (raw, is_last);
ANALYZE link_name;

-- Records with every field normalised once (normalise_record of normalise.cc): a missing birth
-- date or an unknown sex is taken from a valid INSZ; ic is the identifier-change class of a
-- valid INSZ (a BIS number and the national number replacing it are one person's, as in
-- `lap link`); tail is the last five digits (sequence and check digits) of an INSZ of 11 digits
-- as recorded, valid or not (NULL when there is none: the INSZ is then missing for comparison);
-- st is the street folded without spaces, hn the house number's letters and digits
-- (normalise_street, normalise_house_number); li and fi are the initials of the family name's
-- core and of the given name, lphon and fphon their phonetic codes (blocking keys).
DROP TABLE IF EXISTS link_o, link_v;
CREATE UNLOGGED TABLE link_o AS
SELECT o.id, o.insz, coalesce(i.valid, false) AS insz_valid,
       -- the INSZ's identifier-change class: the national number that replaced it, or itself
       CASE WHEN i.valid THEN coalesce(ch.new_insz, o.insz) END AS ic,
       CASE WHEN o.insz ~ '^[0-9]{11}$' AND o.insz <> '00000000000' THEN right(o.insz, 5) END AS tail,
       l.joined AS lj, l.core AS lc, l.key AS lk, l.parts AS lp, l.phon AS lphon, left(l.core, 1) AS li,
       f.joined AS fj, f.key AS fk, f.parts AS fp, f.phon AS fphon, left(f.joined, 1) AS fi,
       CASE WHEN o.birth_date IS NOT NULL THEN substr(o.birth_date, 1, 4)::int ELSE coalesce(i.by, 0) END AS by,
       CASE WHEN o.birth_date IS NOT NULL THEN substr(o.birth_date, 6, 2)::int ELSE coalesce(i.bm, 0) END AS bm,
       CASE WHEN o.birth_date IS NOT NULL THEN substr(o.birth_date, 9, 2)::int ELSE coalesce(i.bd, 0) END AS bd,
       -- YYYYMMDD, for the one-digit comparison of complete dates
       CASE WHEN o.birth_date IS NOT NULL THEN replace(o.birth_date, '-', '')
            ELSE lpad((coalesce(i.by, 0) * 10000 + coalesce(i.bm, 0) * 100 + coalesce(i.bd, 0))::text, 8, '0') END AS bpack,
       CASE WHEN o.sex IN ('M', 'F') THEN o.sex ELSE coalesce(i.sex, 'X') END AS sex,
       o.postcode,
       coalesce(replace(link_fold(o.street), ' ', ''), '') AS st,
       coalesce(regexp_replace(lower(o.house_number), '[^a-z0-9]', '', 'g'), '') AS hn
FROM link_ocmw o
JOIN link_name l ON l.raw = o.last_name AND l.is_last
JOIN link_name f ON f.raw = o.first_name AND NOT f.is_last
LEFT JOIN link_insz i ON i.insz = o.insz
LEFT JOIN link_idchange ch ON ch.old_insz = o.insz;
CREATE UNLOGGED TABLE link_v AS
SELECT v.id, v.client, CASE WHEN v.insz ~ '^[0-9]{11}$' AND v.insz <> '00000000000' THEN v.insz END AS insz,
       coalesce(i.valid, false) AS insz_valid,
       CASE WHEN i.valid THEN coalesce(ch.new_insz, v.insz) END AS ic,
       CASE WHEN v.insz ~ '^[0-9]{11}$' AND v.insz <> '00000000000' THEN right(v.insz, 5) END AS tail,
       l.joined AS lj, l.core AS lc, l.key AS lk, l.parts AS lp, l.phon AS lphon, left(l.core, 1) AS li,
       f.joined AS fj, f.key AS fk, f.parts AS fp, f.phon AS fphon, left(f.joined, 1) AS fi,
       CASE WHEN v.birth_date IS NOT NULL THEN substr(v.birth_date, 1, 4)::int ELSE coalesce(i.by, 0) END AS by,
       CASE WHEN v.birth_date IS NOT NULL THEN substr(v.birth_date, 6, 2)::int ELSE coalesce(i.bm, 0) END AS bm,
       CASE WHEN v.birth_date IS NOT NULL THEN substr(v.birth_date, 9, 2)::int ELSE coalesce(i.bd, 0) END AS bd,
       CASE WHEN v.birth_date IS NOT NULL THEN replace(v.birth_date, '-', '')
            ELSE lpad((coalesce(i.by, 0) * 10000 + coalesce(i.bm, 0) * 100 + coalesce(i.bd, 0))::text, 8, '0') END AS bpack,
       CASE WHEN v.sex IN ('M', 'F') THEN v.sex ELSE coalesce(i.sex, 'X') END AS sex,
       v.postcode,
       coalesce(replace(link_fold(v.street), ' ', ''), '') AS st,
       coalesce(regexp_replace(lower(v.house_number), '[^a-z0-9]', '', 'g'), '') AS hn
FROM link_vdab v
JOIN link_name l ON l.raw = v.last_name AND l.is_last
JOIN link_name f ON f.raw = v.first_name AND NOT f.is_last
LEFT JOIN link_insz i ON i.insz = v.insz
LEFT JOIN link_idchange ch ON ch.old_insz = v.insz;
CREATE UNIQUE INDEX ON link_idchange (old_insz);
ALTER TABLE link_o ADD PRIMARY KEY (id);
ALTER TABLE link_v ADD PRIMARY KEY (id);
ANALYZE link_o, link_v;
INSERT INTO link_timing VALUES ('normalisation', clock_timestamp());

-- ---- 2. deterministic pass ----------------------------------------------------------------

DROP TABLE IF EXISTS link_det;
CREATE UNLOGGED TABLE link_det AS
SELECT o.id AS o, v.id AS v, 'valid_insz'::text AS how
FROM link_o o JOIN link_v v ON v.insz = o.insz
WHERE o.insz_valid AND v.insz_valid
UNION
SELECT o.id, v.id, 'identifier_change'
FROM link_idchange c
JOIN link_o o ON o.insz = c.new_insz
JOIN link_v v ON v.insz = c.old_insz
WHERE o.insz_valid AND v.insz_valid
UNION
SELECT o.id, v.id, 'identifier_change'
FROM link_idchange c
JOIN link_o o ON o.insz = c.old_insz
JOIN link_v v ON v.insz = c.new_insz
WHERE o.insz_valid AND v.insz_valid;
INSERT INTO link_timing VALUES ('deterministic', clock_timestamp());

-- ---- 3. blocking --------------------------------------------------------------------------

-- Random pairs, for u (rule 0 below): record ids are dense 1..n on either side.
SELECT setseed(0.5) AS seeded \gset
DROP TABLE IF EXISTS link_sample;
CREATE UNLOGGED TABLE link_sample AS
SELECT 1 + floor(random() * (SELECT count(*) FROM link_o))::int AS o,
       1 + floor(random() * (SELECT count(*) FROM link_v))::int AS v
FROM generate_series(1, :u_sample);

-- The blocking rules, in the order of LinkOptions' defaults; weak: neither a birth date nor a
-- house number in the key (the cap max_weak_block_pairs).
DROP TABLE IF EXISTS link_rule;
CREATE UNLOGGED TABLE link_rule (rule int PRIMARY KEY, name text, weak boolean);
INSERT INTO link_rule VALUES
  (1, 'valid_insz', false), (2, 'birth_date_initial', false), (3, 'postcode_name', true),
  (4, 'names_phonetic', true), (5, 'birth_date_postcode', false),
  (6, 'names_phonetic_birth_year', false), (7, 'insz_tail_initial', false),
  (8, 'street_number', false), (9, 'postcode_street', true), (10, 'street', true),
  (11, 'postcode_digits_name', true);

-- Every record's keys per rule (blocking_keys of blocking.cc), hashed to bigint; the "either
-- name" rules (birth_date_initial, postcode_name, insz_tail_initial, postcode_digits_name) give a
-- record one key per
-- name, so up to two (one when both names give the same). Names' codes: phonetic (lphon,
-- fphon) or initials (li, fi).
-- The four digits of a postcode in increasing order (3198 and 3189 give 1389).
CREATE OR REPLACE FUNCTION link_sorted_digits(postcode int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg(c, '' ORDER BY c) FROM regexp_split_to_table(lpad(postcode::text, 4, '0'), '') c
$$;
CREATE OR REPLACE FUNCTION link_keys(insz_valid boolean, insz text, tail text, lphon text, fphon text,
                                     li text, fi text, by int, bm int, bd int, postcode int,
                                     st text, hn text)
RETURNS TABLE (rule int, key bigint) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT k.rule, hashtextextended(k.rule || ':' || k.key, 0)
  FROM (VALUES
    (1, CASE WHEN insz_valid THEN insz END),
    (2, CASE WHEN by > 0 AND bm > 0 AND bd > 0 AND li <> '' THEN by * 10000 + bm * 100 + bd || ':' || li END),
    (2, CASE WHEN by > 0 AND bm > 0 AND bd > 0 AND fi <> '' AND fi <> li THEN by * 10000 + bm * 100 + bd || ':' || fi END),
    (3, CASE WHEN postcode > 0 AND lphon <> '' THEN postcode || ':' || lphon END),
    (3, CASE WHEN postcode > 0 AND fphon <> '' AND fphon <> lphon THEN postcode || ':' || fphon END),
    (4, CASE WHEN lphon <> '' AND fphon <> '' THEN least(lphon, fphon) || ':' || greatest(lphon, fphon) END),
    (5, CASE WHEN by > 0 AND bm > 0 AND bd > 0 AND postcode > 0 THEN by * 10000 + bm * 100 + bd || ':' || postcode END),
    (6, CASE WHEN lphon <> '' AND fphon <> '' AND by > 0 THEN least(lphon, fphon) || ':' || greatest(lphon, fphon) || ':' || by END),
    (7, CASE WHEN tail IS NOT NULL AND li <> '' THEN tail || ':' || li END),
    (7, CASE WHEN tail IS NOT NULL AND fi <> '' AND fi <> li THEN tail || ':' || fi END),
    (8, CASE WHEN st <> '' AND hn <> '' THEN st || ':' || hn END),
    (9, CASE WHEN postcode > 0 AND st <> '' THEN postcode || ':' || st END),
    (10, CASE WHEN st <> '' THEN st END),
    (11, CASE WHEN postcode > 0 AND lphon <> '' THEN link_sorted_digits(postcode) || ':' || lphon END),
    (11, CASE WHEN postcode > 0 AND fphon <> '' AND fphon <> lphon THEN link_sorted_digits(postcode) || ':' || fphon END)) k(rule, key)
  WHERE k.key IS NOT NULL
$$;
DROP TABLE IF EXISTS link_key_o, link_key_v, link_block;
CREATE UNLOGGED TABLE link_key_o AS
SELECT o.id, k.rule, k.key
FROM link_o o, link_keys(o.insz_valid, o.insz, o.tail, o.lphon, o.fphon, o.li, o.fi, o.by, o.bm, o.bd,
                         o.postcode, o.st, o.hn) k;
CREATE UNLOGGED TABLE link_key_v AS
SELECT v.id, k.rule, k.key
FROM link_v v, link_keys(v.insz_valid, v.insz, v.tail, v.lphon, v.fphon, v.li, v.fi, v.by, v.bm, v.bd,
                         v.postcode, v.st, v.hn) k;
-- Blocks present on both sides, with their size; a block is capped (skipped) when
-- n_ocmw * n_vdab exceeds the rule's cap.
CREATE UNLOGGED TABLE link_block AS
SELECT rule, key, o.n AS n_o, v.n AS n_v,
       o.n::bigint * v.n > CASE WHEN r.weak THEN :max_weak_block_pairs ELSE :max_block_pairs END AS capped
FROM (SELECT rule, key, count(*) AS n FROM link_key_o GROUP BY rule, key) o
JOIN (SELECT rule, key, count(*) AS n FROM link_key_v GROUP BY rule, key) v USING (rule, key)
JOIN link_rule r USING (rule);
ANALYZE link_key_o, link_key_v, link_block;
INSERT INTO link_timing VALUES ('blocking_keys', clock_timestamp());

-- The candidate pairs: each pair once, under the first rule that holds it in an uncapped
-- block (block_link of blocking.cc decides this from the keys, here the pairs of all rules are
-- grouped: the same set). Only uncapped blocks emit pairs; a capped key is as good as none,
-- also for deciding whether an earlier rule holds a pair. Rule 12: the deterministic pairs no
-- rule holds (a stale BIS number against the national number), compared all the same, as
-- `lap link` does.
DROP TABLE IF EXISTS link_cpair;
CREATE UNLOGGED TABLE link_cpair AS
SELECT o, v, min(rule) AS rule
FROM (SELECT ko.id AS o, kv.id AS v, ko.rule
      FROM link_key_o ko
      JOIN link_block b ON b.rule = ko.rule AND b.key = ko.key AND NOT b.capped
      JOIN link_key_v kv ON kv.rule = ko.rule AND kv.key = ko.key
      UNION ALL
      SELECT o, v, 12 FROM link_det) p
GROUP BY o, v;
INSERT INTO link_timing VALUES ('blocking_pairs', clock_timestamp());

-- The pairs compared: the candidates, and the random pairs as rule 0.
CREATE OR REPLACE VIEW link_cand AS
SELECT p.rule, o.id AS o_id, o.insz AS o_insz, o.ic AS o_ic, o.tail AS o_tail, o.lj AS o_lj, o.lc AS o_lc, o.lk AS o_lk, o.lp AS o_lp, o.fj AS o_fj, o.fk AS o_fk, o.fp AS o_fp, o.by AS o_by, o.bm AS o_bm, o.bd AS o_bd, o.bpack AS o_bpack, o.sex AS o_sex, o.postcode AS o_postcode, o.st AS o_st, o.hn AS o_hn,
       v.id AS v_id, v.insz AS v_insz, v.ic AS v_ic, v.tail AS v_tail, v.lj AS v_lj, v.lc AS v_lc, v.lk AS v_lk, v.lp AS v_lp, v.fj AS v_fj, v.fk AS v_fk, v.fp AS v_fp, v.by AS v_by, v.bm AS v_bm, v.bd AS v_bd, v.bpack AS v_bpack, v.sex AS v_sex, v.postcode AS v_postcode, v.st AS v_st, v.hn AS v_hn
FROM (SELECT o, v, rule FROM link_cpair UNION ALL SELECT o, v, 0 FROM link_sample) p
JOIN link_o o ON o.id = p.o JOIN link_v v ON v.id = p.v;

-- ---- 4. comparison ------------------------------------------------------------------------

-- One substitution or one adjacent transposition apart (equal-length digit strings). The
-- transposition test (a subquery, so not inlined) runs only at levenshtein distance 2.
CREATE OR REPLACE FUNCTION link_adjacent_swap(a text, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM generate_series(1, length(a) - 1) p
                 WHERE overlay(a PLACING substr(a, p + 1, 1) || substr(a, p, 1) FROM p FOR 2) = b)
$$;
CREATE OR REPLACE FUNCTION link_one_digit_apart(a text, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN length(a) <> length(b) OR a = b THEN false
              ELSE CASE levenshtein_less_equal(a, b, 2)
                     WHEN 1 THEN true WHEN 2 THEN link_adjacent_swap(a, b) ELSE false END END
$$;

-- compare_names, levels 0 exact, 1 variant, 2 close, 3 different, 4 missing. Arguments: joined,
-- core, key and parts of either name (for a given name the core is the joined form). kVariant:
-- the same core, the same key, or one name is a whole word (or run of words) at the start or
-- end of the other (the strpos test only spares the array scan). kClose in C++ is "Jaro-Winkler
-- >= 0.92 on the folded or key form, or OSA distance <= 1 with >= 4 letters"; here it is
-- "levenshtein <= 1 on the folded or key form (>= 4 letters), or the same first letter and
-- pg_trgm similarity >= 0.6 on the folded form". PostgreSQL has no Jaro-Winkler, and one in
-- PL/pgSQL would dominate the run; the first-letter test, in the spirit of Winkler's prefix
-- bonus, spares most trigram computations. An adjacent transposition counts 2 in levenshtein,
-- so "Peetres"/"Peeters" is kClose in C++ and kDifferent here.
CREATE OR REPLACE FUNCTION link_name_level(aj text, ac text, ak text, ap text[],
                                           bj text, bc text, bk text, bp text[]) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN aj = '' OR bj = '' THEN 4
    WHEN aj = bj THEN 0
    WHEN (ac <> '' AND ac = bc) OR (ak <> '' AND ak = bk)
         OR (length(aj) >= 3 AND strpos(bj, aj) > 0 AND aj = ANY (bp))
         OR (length(bj) >= 3 AND strpos(aj, bj) > 0 AND bj = ANY (ap)) THEN 1
    WHEN (least(length(aj), length(bj)) >= 4 AND levenshtein_less_equal(aj, bj, 1) <= 1)
         OR (least(length(ak), length(bk)) >= 4 AND levenshtein_less_equal(ak, bk, 1) <= 1)
         OR (left(aj, 1) = left(bj, 1) AND similarity(aj, bj) >= 0.6) THEN 2
    ELSE 3 END
$$;
-- Only exact or variant (for the crosswise comparison of swapped names); 9 otherwise.
CREATE OR REPLACE FUNCTION link_name_ev(aj text, ac text, ak text, ap text[],
                                        bj text, bc text, bk text, bp text[]) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN aj = '' OR bj = '' THEN 9
    WHEN aj = bj THEN 0
    WHEN (ac <> '' AND ac = bc) OR (ak <> '' AND ak = bk)
         OR (length(aj) >= 3 AND strpos(bj, aj) > 0 AND aj = ANY (bp))
         OR (length(bj) >= 3 AND strpos(aj, bj) > 0 AND bj = ANY (ap)) THEN 1
    ELSE 9 END
$$;
-- compare_dates: 0 exact, 1 day_month_swap, 2 one_digit, 3 year_only, 4 different, 5 missing.
-- Arguments: year, month, day (0 unknown) and YYYYMMDD of either date.
CREATE OR REPLACE FUNCTION link_date_level(ay int, am int, ad int, ap text, by int, bm int, bd int, bp text)
RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN ay = 0 OR by = 0 THEN 5
    WHEN am = 0 OR ad = 0 OR bm = 0 OR bd = 0 THEN CASE WHEN ay = by THEN 3 ELSE 4 END
    WHEN ay = by AND am = bm AND ad = bd THEN 0
    WHEN ay = by AND ad = bm AND am = bd THEN 1
    WHEN (ay = by AND am = bm AND abs(ad - bd) = 1) OR link_one_digit_apart(ap, bp) THEN 2
    WHEN ay = by THEN 3
    ELSE 4 END
$$;

-- compare_addresses: 0 same street and house number, 1 same street, 2 close, 3 different,
-- 4 missing. Arguments: street (folded, no spaces) and house number of either record. kClose
-- in C++ is "Jaro-Winkler >= 0.92, or one edit apart with >= 5 letters"; here, as for names,
-- "levenshtein <= 1 (>= 5 letters), or the same first letter and pg_trgm similarity >= 0.6".
CREATE OR REPLACE FUNCTION link_address_level(ast text, ahn text, bst text, bhn text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN ast = '' OR bst = '' THEN 4
    WHEN ast = bst THEN CASE WHEN ahn <> '' AND ahn = bhn THEN 0 ELSE 1 END
    WHEN (least(length(ast), length(bst)) >= 5 AND levenshtein_less_equal(ast, bst, 1) <= 1)
         OR (left(ast, 1) = left(bst, 1) AND similarity(ast, bst) >= 0.6) THEN 2
    ELSE 3 END
$$;

-- The levels of every compared pair (compare_records of compare.cc), fields insz (0 equal,
-- 1 one_edit, 2 same_sequence, 3 different, 4 missing), last_name and first_name (above),
-- birth_date (above), sex (0 equal, 1 different, 2 missing), postcode (0 equal, 1 same_region,
-- 2 different, 3 missing), address (above). Each level expression appears once per pair (a
-- derived column referenced several times would be computed several times), and the levels
-- are kept as the decimal digits of one integer, so that ~10^7 pairs stay a narrow table:
--   rule (two digits), insz, last, first, last-vs-first, first-vs-last, birth_date, sex,
--   postcode, address.
DROP TABLE IF EXISTS link_pair CASCADE;
CREATE UNLOGGED TABLE link_pair AS
SELECT c.o_id AS o, c.v_id AS v,
       c.rule * 1000000000::bigint
       + CASE WHEN c.o_ic = c.v_ic THEN 0  -- one person's numbers count as the same INSZ
              WHEN c.o_tail IS NULL OR c.v_tail IS NULL THEN 4
              WHEN c.o_insz = c.v_insz THEN 0
              WHEN link_one_digit_apart(c.o_insz, c.v_insz) THEN 1
              WHEN c.o_tail = c.v_tail THEN 2
              ELSE 3 END * 100000000
       + link_name_level(c.o_lj, c.o_lc, c.o_lk, c.o_lp, c.v_lj, c.v_lc, c.v_lk, c.v_lp) * 10000000
       + link_name_level(c.o_fj, c.o_fj, c.o_fk, c.o_fp, c.v_fj, c.v_fj, c.v_fk, c.v_fp) * 1000000
       + link_name_ev(c.o_lj, c.o_lc, c.o_lk, c.o_lp, c.v_fj, c.v_fj, c.v_fk, c.v_fp) * 100000
       + link_name_ev(c.o_fj, c.o_fj, c.o_fk, c.o_fp, c.v_lj, c.v_lc, c.v_lk, c.v_lp) * 10000
       + link_date_level(c.o_by, c.o_bm, c.o_bd, c.o_bpack, c.v_by, c.v_bm, c.v_bd, c.v_bpack) * 1000
       + CASE WHEN c.o_sex = 'X' OR c.v_sex = 'X' THEN 2 WHEN c.o_sex = c.v_sex THEN 0 ELSE 1 END * 100
       + CASE WHEN c.o_postcode <= 0 OR c.v_postcode <= 0 THEN 3 WHEN c.o_postcode = c.v_postcode THEN 0
              WHEN c.o_postcode / 100 = c.v_postcode / 100 THEN 1 ELSE 2 END * 10
       + link_address_level(c.o_st, c.o_hn, c.v_st, c.v_hn) AS code
FROM link_cand c;
INSERT INTO link_timing VALUES ('comparison', clock_timestamp());
-- The distinct level codes with their pair counts, decoded. Swapped names: when the family or
-- given name agrees less than "variant", and crosswise both agree at least that well and
-- better, the crosswise levels count.
DROP TABLE IF EXISTS link_code;
CREATE UNLOGGED TABLE link_code AS
SELECT code, n, rule, l_insz, l_date, l_sex, l_pc, l_addr, swapped,
       CASE WHEN swapped THEN cl ELSE l0 END AS l_last,
       CASE WHEN swapped THEN cf ELSE f0 END AS l_first
FROM (SELECT *, (l0 > 1 OR f0 > 1) AND cl <= 1 AND cf <= 1 AND greatest(cl, cf) < greatest(l0, f0) AS swapped
      FROM (SELECT code, n, (code / 1000000000)::int AS rule, (code / 100000000 % 10)::int AS l_insz,
                   (code / 10000000 % 10)::int AS l0, (code / 1000000 % 10)::int AS f0,
                   (code / 100000 % 10)::int AS cl, (code / 10000 % 10)::int AS cf,
                   (code / 1000 % 10)::int AS l_date, (code / 100 % 10)::int AS l_sex,
                   (code / 10 % 10)::int AS l_pc, (code % 10)::int AS l_addr
            FROM (SELECT code, count(*) AS n FROM link_pair GROUP BY code) g) d) p;

-- ---- 5. Fellegi-Sunter --------------------------------------------------------------------

-- Distinct level patterns with their counts: the candidate pairs (rules 1-12) and the random
-- pairs (rule 0); the estimation runs on these, not on the pairs.
DROP TABLE IF EXISTS link_pattern, link_model;
CREATE UNLOGGED TABLE link_pattern AS
SELECT rule > 0 AS candidate, ARRAY[l_insz, l_last, l_first, l_date, l_sex, l_pc, l_addr] AS lv,
       sum(n)::float8 AS n
FROM link_code GROUP BY 1, l_insz, l_last, l_first, l_date, l_sex, l_pc, l_addr;

-- m and u per field and level (index f * 8 + l + 1) and the prior lambda. `lap link` estimates
-- m by EM in training sessions (linkage_model.cc); this reference keeps a simpler estimate
-- from pairs the data label themselves (EM on the blocked candidates alone drifts towards the
-- blocking keys; on flanders it takes "same postcode" for a match):
--   u       the share of each level among the random pairs (initialise_u_from, at least 1e-6);
--   m       every field but the INSZ among candidate pairs with the same INSZ; the INSZ among
--           candidate pairs whose names agree at least as variants and whose addresses agree
--           on street and house number (not on the birth date, which the INSZ carries: a
--           number written from a wrong birth date, level same_sequence, would never be
--           seen); add-one-half smoothing over the non-missing levels;
--   lambda  the share of the same-INSZ pairs among the candidates (clamped to 1e-6..0.5);
-- and with -v em=on m and lambda are then refined by EM on the candidate patterns with u fixed
-- (missing levels skipped, probabilities clamped to [1e-6, 1 - 1e-6], up to 200 iterations
-- until no parameter moves more than 1e-6).
CREATE UNLOGGED TABLE link_model (m float8[], u float8[], lambda float8, iterations int, converged boolean,
                                  insz_labelled float8);
CREATE TEMP TABLE link_em_setting AS SELECT :'em' = 'on' AS refine;
DO $$
DECLARE
  nf constant int := 7;
  nlev constant int[] := ARRAY[5, 5, 5, 6, 3, 4, 5];  -- levels per field, the last one is "missing"
  lo constant float8 := 1e-6;
  m float8[] := array_fill(0::float8, ARRAY[56]);
  u float8[] := array_fill(0::float8, ARRAY[56]);
  nm float8[]; nu float8[];
  lambda float8 := 0.1;
  pats int[]; cnt float8[]; rpats int[]; rcnt float8[];
  npat int; nr int; f int; l int; k int; it int; iters int := 0; inf int;
  pm float8; pu float8; g float8; c float8; matches float8; total float8; s float8; x float8;
  labelled float8 := 0; insz_labelled float8 := 0; change float8; conv boolean := false; refine boolean;
BEGIN
  SELECT st.refine INTO refine FROM link_em_setting st;
  SELECT array_agg(lv ORDER BY lv), array_agg(n ORDER BY lv) INTO pats, cnt FROM link_pattern WHERE candidate;
  SELECT array_agg(lv ORDER BY lv), array_agg(n ORDER BY lv) INTO rpats, rcnt FROM link_pattern WHERE NOT candidate;
  npat := coalesce(array_length(cnt, 1), 0);
  nr := coalesce(array_length(rcnt, 1), 0);
  -- u from the random pairs; the starting m of FellegiSunterModel where no label says more
  FOR f IN 0..nf - 1 LOOP
    inf := nlev[f + 1] - 1;
    s := 0; nu := array_fill(0::float8, ARRAY[8]);
    FOR k IN 1..nr LOOP
      l := rpats[k][f + 1];
      IF l <> inf THEN nu[l + 1] := nu[l + 1] + rcnt[k]; s := s + rcnt[k]; END IF;
    END LOOP;
    FOR l IN 0..inf - 1 LOOP
      u[f * 8 + l + 1] := CASE WHEN s > 0 THEN greatest(nu[l + 1] / s, lo) ELSE 1.0 / inf END;
      m[f * 8 + l + 1] := CASE WHEN l = 0 THEN 0.9 ELSE 0.1 * (inf - l) / (inf * (inf - 1) / 2.0) END;
    END LOOP;
  END LOOP;
  -- m from the self-labelled candidate pairs
  nm := array_fill(0::float8, ARRAY[56]); total := 0;
  FOR k IN 1..npat LOOP
    total := total + cnt[k];
    IF pats[k][1] = 0 THEN
      labelled := labelled + cnt[k];
      FOR f IN 1..nf - 1 LOOP
        nm[f * 8 + pats[k][f + 1] + 1] := nm[f * 8 + pats[k][f + 1] + 1] + cnt[k];
      END LOOP;
    END IF;
    IF pats[k][2] <= 1 AND pats[k][3] <= 1 AND pats[k][7] = 0 THEN
      nm[pats[k][1] + 1] := nm[pats[k][1] + 1] + cnt[k];
      insz_labelled := insz_labelled + cnt[k];
    END IF;
  END LOOP;
  FOR f IN 0..nf - 1 LOOP
    inf := nlev[f + 1] - 1;
    s := 0;
    FOR l IN 0..inf - 1 LOOP s := s + nm[f * 8 + l + 1]; END LOOP;
    IF s > 0 THEN
      FOR l IN 0..inf - 1 LOOP
        m[f * 8 + l + 1] := (nm[f * 8 + l + 1] + 0.5) / (s + 0.5 * inf);
      END LOOP;
    END IF;
  END LOOP;
  IF total > 0 THEN lambda := least(greatest(labelled / total, 1e-6), 0.5); END IF;
  -- optional EM refinement of m and lambda, u fixed
  IF refine THEN
    FOR it IN 1..200 LOOP
      iters := it;
      nm := array_fill(0::float8, ARRAY[56]);
      matches := 0; total := 0;
      FOR k IN 1..npat LOOP
        pm := lambda; pu := 1 - lambda;
        FOR f IN 0..nf - 1 LOOP
          l := pats[k][f + 1];
          IF l <> nlev[f + 1] - 1 THEN pm := pm * m[f * 8 + l + 1]; pu := pu * u[f * 8 + l + 1]; END IF;
        END LOOP;
        c := cnt[k]; g := pm / (pm + pu);
        matches := matches + c * g; total := total + c;
        FOR f IN 0..nf - 1 LOOP
          l := pats[k][f + 1];
          IF l <> nlev[f + 1] - 1 THEN nm[f * 8 + l + 1] := nm[f * 8 + l + 1] + c * g; END IF;
        END LOOP;
      END LOOP;
      EXIT WHEN total = 0;
      change := 0;
      FOR f IN 0..nf - 1 LOOP
        s := 0;
        FOR l IN 0..nlev[f + 1] - 2 LOOP s := s + nm[f * 8 + l + 1]; END LOOP;
        IF s > 0 THEN
          FOR l IN 0..nlev[f + 1] - 2 LOOP
            x := least(greatest(nm[f * 8 + l + 1] / s, lo), 1 - lo);
            change := greatest(change, abs(x - m[f * 8 + l + 1])); m[f * 8 + l + 1] := x;
          END LOOP;
        END IF;
      END LOOP;
      x := least(greatest(matches / total, lo), 1 - lo);
      change := greatest(change, abs(x - lambda)); lambda := x;
      IF change < 1e-6 THEN conv := true; EXIT; END IF;
    END LOOP;
  END IF;
  INSERT INTO link_model VALUES (m, u, lambda, iters, conv, insz_labelled);
END $$;

-- Level weights log2(m/u) (0 for a missing level).
DROP TABLE IF EXISTS link_weight, link_tf;
CREATE UNLOGGED TABLE link_weight AS
SELECT array_agg(CASE WHEN m[i] > 0 AND u[i] > 0 THEN ln(m[i] / u[i]) / ln(2) ELSE 0 END
                 ORDER BY i) AS w
FROM link_model, generate_series(1, 56) i;

-- The thresholds. `lap link` decides on the match log-odds: weight + population prior, the
-- log-odds that two records drawn at random from the two sources are one person, log2(p /
-- (1 - p)) with p = lambda * candidate pairs / (OCMW records * VDAB records)
-- (Linker::population_prior). Here lambda is the share of same-INSZ pairs above. The weights
-- the thresholds come to are upper - prior and lower - prior, unless upper_weight and
-- lower_weight are given (bench/link.sh passes those of the engine's run).
SELECT ln(p / (1 - p)) / ln(2) AS prior
FROM (SELECT least(md.lambda * (SELECT sum(n) FROM link_code WHERE rule > 0)
                   / ((SELECT count(*) FROM link_o)::float8 * (SELECT count(*) FROM link_v)), 0.5) AS p
      FROM link_model md) x \gset
SELECT round(coalesce(:upper_weight::float8, :upper - :prior)::numeric, 3) AS uw,
       round(coalesce(:lower_weight::float8, :lower - :prior)::numeric, 3) AS lw \gset

-- Term frequencies, as `lap link` applies them: for an exact agreement on a name v (not
-- crosswise), u = u(exact) * freq(v) / mean freq, clamped to [1e-6, 1], where freq is the share
-- of VDAB records with that name and the mean is over the VDAB records (so an average name
-- keeps u(exact), a rare one weighs more). The VDAB side's name is the one looked up.
CREATE UNLOGGED TABLE link_tf AS
WITH f AS (
  SELECT is_last, name, count(*)::float8 / (SELECT count(*) FROM link_v) AS freq
  FROM (SELECT true AS is_last, lj AS name FROM link_v UNION ALL SELECT false, fj FROM link_v) s
  GROUP BY 1, 2),
mean AS (SELECT is_last, sum(freq * freq) AS mean FROM f GROUP BY 1)
SELECT f.is_last, f.name,
       -- log2(u(exact) / u): what the adjustment adds to the weight of an exact agreement
       ln(md.u[CASE WHEN f.is_last THEN 1 ELSE 2 END * 8 + 1]
          / least(greatest(md.u[CASE WHEN f.is_last THEN 1 ELSE 2 END * 8 + 1] * f.freq / mean.mean, 1e-6), 1))
         / ln(2) AS gain
FROM f JOIN mean USING (is_last) CROSS JOIN link_model md;
CREATE UNIQUE INDEX ON link_tf (is_last, name);
ANALYZE link_tf;

-- The weight of a level code without term frequencies, and a bound of the weight with them.
ALTER TABLE link_code ADD COLUMN base float8, ADD COLUMN bound float8;
UPDATE link_code c SET
  base = w.w[0 * 8 + l_insz + 1] + w.w[1 * 8 + l_last + 1] + w.w[2 * 8 + l_first + 1]
         + w.w[3 * 8 + l_date + 1] + w.w[4 * 8 + l_sex + 1] + w.w[5 * 8 + l_pc + 1]
         + w.w[6 * 8 + l_addr + 1]
FROM link_weight w;
UPDATE link_code c SET
  bound = base
    + CASE WHEN l_last = 0 AND NOT swapped AND :'tf' = 'on' THEN greatest(0, t.gl) ELSE 0 END
    + CASE WHEN l_first = 0 AND NOT swapped AND :'tf' = 'on' THEN greatest(0, t.gf) ELSE 0 END
FROM (SELECT max(gain) FILTER (WHERE is_last) AS gl, max(gain) FILTER (WHERE NOT is_last) AS gf FROM link_tf) t;

-- The match weight of every pair that can reach the lower threshold (the others are
-- non-matches and only counted).
DROP TABLE IF EXISTS link_scored;
CREATE UNLOGGED TABLE link_scored AS
SELECT * FROM (
  SELECT p.o, p.v, c.rule, c.l_insz, c.l_last, c.l_first, c.l_date, c.l_sex, c.l_pc, c.l_addr,
         c.base
         + CASE WHEN c.l_last = 0 AND NOT c.swapped AND :'tf' = 'on' THEN coalesce(tl.gain, 0) ELSE 0 END
         + CASE WHEN c.l_first = 0 AND NOT c.swapped AND :'tf' = 'on' THEN coalesce(tf.gain, 0) ELSE 0 END AS weight
  FROM link_pair p
  JOIN link_code c ON c.code = p.code AND c.rule > 0 AND c.bound >= least(:lw, 0)
  JOIN link_v v ON v.id = p.v
  LEFT JOIN link_tf tl ON tl.is_last AND tl.name = v.lj
  LEFT JOIN link_tf tf ON NOT tf.is_last AND tf.name = v.fj) s
WHERE weight >= least(:lw, 0);
INSERT INTO link_timing VALUES ('fellegi_sunter', clock_timestamp());

-- ---- 6. decisions -------------------------------------------------------------------------

-- A VDAB client's candidates (link_client of linkage_resolve.cc): a deterministic pair (the
-- same valid INSZ, also through an identifier change) at or above the lower threshold, any
-- pair at or above the upper one; a candidate is refused when the client's valid INSZ is
-- neither the record's nor one digit from it (insz_conflict, per record pair here). The client
-- is linked to its best candidate: the highest weight, then deterministic, then the lower
-- record.
CREATE OR REPLACE FUNCTION link_links(lw float8, uw float8)
RETURNS TABLE (o int, v int, client bigint, det boolean, weight float8) LANGUAGE sql STABLE AS $$
  SELECT DISTINCT ON (vv.client) s.o, s.v, vv.client, d.o IS NOT NULL, s.weight
  FROM link_scored s
  JOIN link_v vv ON vv.id = s.v
  LEFT JOIN link_det d ON d.o = s.o AND d.v = s.v
  WHERE (d.o IS NOT NULL AND s.weight >= lw)
     OR (s.weight >= uw AND (NOT vv.insz_valid OR s.l_insz IN (0, 1)))
  ORDER BY vv.client, s.weight DESC, d.o IS NOT NULL DESC, s.o
$$;
DROP TABLE IF EXISTS link_link;
CREATE UNLOGGED TABLE link_link AS SELECT * FROM link_links(:lw, :uw);
INSERT INTO link_timing VALUES ('decisions', clock_timestamp());

SELECT round(extract(epoch FROM clock_timestamp() - :'t_start'::timestamptz)::numeric, 2) AS link_seconds \gset

-- ---- 7. report ----------------------------------------------------------------------------

\echo
\echo '== PostgreSQL reference linkage'
\pset footer off
SELECT (SELECT count(*) FROM link_o) AS ocmw_records, (SELECT count(*) FROM link_v) AS vdab_records,
       (SELECT count(*) FROM link_name) AS distinct_names, :'phonetic' AS phonetic_code \gset
\echo 'records: OCMW' :ocmw_records ', VDAB' :vdab_records '; distinct name spellings' :distinct_names '; phonetic code' :phonetic_code
\echo 'blocking (pairs: new pairs of the rule; capped: blocks skipped for the cap, and their pairs)'
SELECT r.rule, r.name, coalesce(b.blocks, 0) AS blocks, coalesce(p.pairs, 0) AS pairs,
       coalesce(b.capped_blocks, 0) AS capped_blocks, coalesce(b.capped_pairs, 0) AS capped_pairs
FROM (SELECT rule, name FROM link_rule UNION ALL SELECT 12, '(deterministic, no rule)') r
LEFT JOIN (SELECT rule, count(*) AS blocks, count(*) FILTER (WHERE capped) AS capped_blocks,
                  coalesce(sum(n_o * n_v) FILTER (WHERE capped), 0) AS capped_pairs
           FROM link_block GROUP BY rule) b USING (rule)
LEFT JOIN (SELECT rule, count(*) AS pairs FROM link_cpair GROUP BY 1) p USING (rule)
ORDER BY r.rule;
SELECT (SELECT sum(n) FROM link_code WHERE rule > 0) AS candidate_pairs,
       (SELECT count(*) FROM link_pattern WHERE candidate) AS level_patterns,
       (SELECT sum(n) FROM link_code WHERE rule = 0) AS random_pairs,
       :'em' AS em_refine, iterations AS em_iterations, converged AS em_converged, round(lambda::numeric, 6) AS lambda,
       insz_labelled, round(:prior::numeric, 3) AS population_prior
FROM link_model;
\echo 'm and u per field and level, weight log2(m/u)'
SELECT f.name AS field, lv.name AS level, round(md.m[f.i * 8 + lv.o::int]::numeric, 6) AS m,
       round(md.u[f.i * 8 + lv.o::int]::numeric, 6) AS u, round(w.w[f.i * 8 + lv.o::int]::numeric, 2) AS weight
FROM (VALUES (0, 'insz', ARRAY['equal', 'one_edit', 'same_sequence', 'different']),
             (1, 'last_name', ARRAY['exact', 'variant', 'close', 'different']),
             (2, 'first_name', ARRAY['exact', 'variant', 'close', 'different']),
             (3, 'birth_date', ARRAY['exact', 'day_month_swap', 'one_digit', 'year_only', 'different']),
             (4, 'sex', ARRAY['equal', 'different']),
             (5, 'postcode', ARRAY['equal', 'same_region', 'different']),
             (6, 'address', ARRAY['exact', 'same_street', 'close', 'different'])) f(i, name, levels)
CROSS JOIN LATERAL unnest(f.levels) WITH ORDINALITY lv(name, o)
CROSS JOIN link_model md CROSS JOIN link_weight w
ORDER BY f.i, lv.o;

-- Quality, on (OCMW person, VDAB client) pairs, as `lap link` counts it: an OCMW record stands
-- for its person, the INSZ it holds or, when identifier_changes.csv says that INSZ was replaced,
-- the INSZ that replaced it; a VDAB record stands for its client number. A pair is true when
-- ground_truth.csv gives both the same person.
DROP TABLE IF EXISTS link_person, link_truth_pair, link_pred_pair;
CREATE UNLOGGED TABLE link_person AS
SELECT o.id, o.insz, coalesce(c.new_insz, o.insz) AS person
FROM link_o o LEFT JOIN link_idchange c ON c.old_insz = o.insz;
CREATE UNIQUE INDEX ON link_person (id);
CREATE UNLOGGED TABLE link_truth_pair AS
SELECT DISTINCT p.person, c.identifier::bigint AS client
FROM link_person p
JOIN link_truth i ON i.identifier_kind = 'INSZ' AND i.identifier = p.insz
JOIN link_truth c ON c.person_id = i.person_id AND c.identifier_kind = 'VDAB_CLIENT'
WHERE c.identifier::bigint IN (SELECT client FROM link_v);
CREATE UNLOGGED TABLE link_pred_pair AS
SELECT DISTINCT p.person, l.client FROM link_link l JOIN link_person p ON p.id = l.o;
SELECT count(*) AS tp FROM link_pred_pair JOIN link_truth_pair USING (person, client) \gset
SELECT count(*) AS predicted FROM link_pred_pair \gset
SELECT count(*) AS truth FROM link_truth_pair \gset
-- Pair completeness: the share of true pairs compared at all (a candidate pair of one of the
-- person's records with one of the client's).
SELECT count(*) AS truth_compared FROM link_truth_pair t WHERE EXISTS (
  SELECT 1 FROM link_cpair c JOIN link_person p ON p.id = c.o JOIN link_v v ON v.id = c.v
  WHERE p.person = t.person AND v.client = t.client) \gset
\echo 'decisions (pairs; linked_clients: one OCMW record per VDAB client; thresholds as weights)'
SELECT (SELECT count(*) FROM link_det) AS deterministic,
       (SELECT count(*) FROM link_scored WHERE weight >= :uw) AS match,
       (SELECT count(*) FROM link_scored WHERE weight >= :lw AND weight < :uw) AS review,
       (SELECT sum(n) FROM link_code WHERE rule > 0) - (SELECT count(*) FROM link_scored WHERE weight >= :lw) AS non_match,
       (SELECT count(*) FROM link_link) AS linked_clients, :uw AS upper_weight, :lw AS lower_weight,
       round(:truth_compared::numeric / nullif(:truth, 0), 5) AS pair_completeness;
\echo 'quality against ground_truth.csv at other upper thresholds (weights; diagnostic)'
SELECT t AS upper_weight, count(*) AS predicted, count(*) FILTER (WHERE tp) AS tp,
       round(count(*) FILTER (WHERE tp)::numeric / nullif(count(*), 0), 5) AS precision,
       round(count(*) FILTER (WHERE tp)::numeric / :truth, 5) AS recall,
       round(2.0 * count(*) FILTER (WHERE tp) / nullif(count(*) + :truth, 0), 5) AS f1
FROM unnest(ARRAY[:uw - 4, :uw - 2, :uw, :uw + 2, :uw + 4]) t
CROSS JOIN LATERAL (
  SELECT DISTINCT p.person, b.client, tp.person IS NOT NULL AS tp
  FROM link_links(least(:lw, t), t) b
  JOIN link_person p ON p.id = b.o
  LEFT JOIN link_truth_pair tp ON tp.person = p.person AND tp.client = b.client) p
GROUP BY t ORDER BY t;
\echo 'seconds per step'
SELECT step, round(extract(epoch FROM at - lag(at) OVER (ORDER BY at))::numeric, 2) AS seconds
FROM link_timing ORDER BY at OFFSET 1;
\pset footer on
SELECT round(:tp::numeric / nullif(:predicted, 0), 5) AS precision,
       round(:tp::numeric / nullif(:truth, 0), 5) AS recall,
       round(2.0 * :tp / nullif(:predicted + :truth, 0), 5) AS f1,
       (SELECT sum(n) FROM link_code WHERE rule > 0) AS compared \gset
\echo 'pg_link: records ocmw' :'ocmw_records' 'vdab' :'vdab_records' 'truth_pairs' :truth 'predicted' :predicted 'true_positives' :tp 'compared' :compared
\echo 'pg_link: precision' :precision 'recall' :recall 'f1' :f1 'seconds' :link_seconds
