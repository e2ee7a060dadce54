-- Reference implementation, step 3 of 3: indicators 1 (reach), 2 (lap_result) and
-- 5 (twe_active, twe_exit) per OCMW, following the project's precise definitions of domain.md §3.
--
--   psql -v p0=2024-07 -v p1=2025-12 [-v through=YYYY-MM] [-v data_end=YYYY-MM]
--        [-v data_start=YYYY-MM] [-v exclude_art60=true|false] -f bench/sql/indicators.sql
--
-- (after load.sql and persons.sql). Result: table ref_figure, one row per figure:
--   indicator  reach | lap_result | twe_active | twe_exit
--   variant    reach: all, LL, ELL; lap_result: all; twe_active: all;
--              twe_exit: work_end3, work_any12, durable, employee_end3, self_end3
--   period     'YYYY-MM' (reach, twe_active), 'YYYY-Qn' (twe_exit), 'P0..P1' (lap_result)
--   nis        the OCMW X
--   numerator, denominator (NULL for lap_result, which has none), pending
-- lap_result: numerator = confirmed, pending = pending (result = both).
--
-- Settings:
--   data_end (L)       default: the latest last_month in work_months.csv
--   data_start (F)     default: the earliest first_month in work_months.csv. Months before F
--                      are "nothing known" (not leefloner, not registered, not at work), and so
--                      are months after L. Monthly figures are given for F..L, quarterly
--                      figures for the quarters of F..L.
--   p0, p1             lap_result period (default: the 12 months ending at L); through (t)
--                      default p1
--   exclude_art60      default true: EMP months with employer kind OCMW_ART60 are not at work
\set ON_ERROR_STOP on
-- Plans here are simple; JIT compilation costs more than it saves.
SET jit = off;
-- The month tables are a few million rows: let sorts and hash aggregates stay in memory.
SET work_mem = '512MB';
\if :{?data_end}
\else
  \set data_end ''
\endif
\if :{?data_start}
\else
  \set data_start ''
\endif
\if :{?p0}
\else
  \set p0 ''
\endif
\if :{?p1}
\else
  \set p1 ''
\endif
\if :{?through}
\else
  \set through ''
\endif
\if :{?exclude_art60}
\else
  \set exclude_art60 true
\endif

DROP TABLE IF EXISTS ref_setting, ll, relevant, aw, rg, ref_figure, lap_candidate CASCADE;

-- Settings as month indices: f = F, l = L, p0, p1, s1 = min(p1, t, L) (last possible start s).
CREATE UNLOGGED TABLE ref_setting AS
WITH b AS (
  SELECT coalesce(ref_month(nullif(:'data_start', '')), (SELECT min(m0) FROM work)) AS f,
         coalesce(ref_month(nullif(:'data_end', '')), (SELECT max(m1) FROM work)) AS l,
         :'exclude_art60'::boolean AS exclude_art60
)
SELECT f, l, exclude_art60,
       coalesce(ref_month(nullif(:'p0', '')), l - 11) AS p0,
       coalesce(ref_month(nullif(:'p1', '')), l) AS p1,
       least(coalesce(ref_month(nullif(:'p1', '')), l),
             coalesce(ref_month(nullif(:'through', '')), ref_month(nullif(:'p1', '')), l), l) AS s1
FROM b;
ANALYZE ref_setting;
SELECT ref_month_text(f) AS data_start, ref_month_text(l) AS data_end, exclude_art60,
       ref_month_text(p0) AS p0, ref_month_text(p1) AS p1, ref_month_text(s1) AS last_start
FROM ref_setting;
-- The settings as psql variables :F, :L, :P0, :P1, :S1, :EXCL, so that the planner sees
-- constants (month indices) in the queries below.
SELECT f AS "F", l AS "L", p0 AS "P0", p1 AS "P1", s1 AS "S1", exclude_art60::text AS "EXCL"
FROM ref_setting \gset

-- leefloner(m): per person and month in F..L the winning LL/ELL entitlement among those covering
-- m: latest start date; ties: later end (running = latest), lower NIS, LL before ELL.
CREATE UNLOGGED TABLE ll AS
SELECT DISTINCT ON (e.pid, m.m) e.pid, m.m, e.nis, e.kind, e.ukrainian
FROM ent e
CROSS JOIN LATERAL generate_series(greatest(e.m0, :F), least(e.m1, :L)) AS m(m)
WHERE e.kind IN ('LL', 'ELL')
ORDER BY e.pid, m.m, e.sd DESC, e.ed DESC NULLS FIRST, e.nis, (e.kind = 'ELL');
ALTER TABLE ll ADD PRIMARY KEY (pid, m);

-- The persons whose work and registrations matter here: leefloners and TWE-OCMW participants.
-- Restricting aw and rg to them keeps the month tables small; it changes no figure.
CREATE UNLOGGED TABLE relevant AS
SELECT DISTINCT pid FROM ll
UNION
SELECT pid FROM meas WHERE measure = 'TWE_OCMW';
ALTER TABLE relevant ADD PRIMARY KEY (pid);
ANALYZE relevant;

-- at_work(m) for months in F..L: a SELF month, or an EMP month with an employer kind other than
-- OCMW_ART60 (any EMP month when exclude_art60 is false). emp = at least one such EMP month
-- (for twe_exit employee/self split).
CREATE UNLOGGED TABLE aw AS
SELECT w.pid, m.m, bool_or(w.work_type = 'EMP') AS emp
FROM work w
JOIN relevant USING (pid)
CROSS JOIN LATERAL generate_series(greatest(w.m0, :F), least(w.m1, :L)) AS m(m)
WHERE w.work_type = 'SELF'
   OR (w.work_type = 'EMP' AND (w.employer_kind <> 'OCMW_ART60' OR NOT :EXCL))
GROUP BY w.pid, m.m;
ALTER TABLE aw ADD PRIMARY KEY (pid, m);

-- registered(m) for months in F..L: any VDAB registration (any category) covering m.
CREATE UNLOGGED TABLE rg AS
SELECT DISTINCT r.pid, m.m
FROM reg r
JOIN relevant USING (pid)
CROSS JOIN LATERAL generate_series(greatest(r.m0, :F), least(r.m1, :L)) AS m(m);
ALTER TABLE rg ADD PRIMARY KEY (pid, m);
ANALYZE ll, aw, rg;

CREATE UNLOGGED TABLE ref_figure (
  indicator text NOT NULL,
  variant text NOT NULL,
  period text NOT NULL,
  nis int NOT NULL,
  numerator bigint NOT NULL,
  denominator bigint,
  pending bigint NOT NULL,
  PRIMARY KEY (indicator, variant, period, nis)
);

-- 1 reach(X, m) ------------------------------------------------------------------------------
-- denominator: persons leefloner of X in m; numerator: those registered(m).
-- Variant all counts every leefloner, LL / ELL those whose winning entitlement has that kind.
INSERT INTO ref_figure
SELECT 'reach', v.variant, ref_month_text(x.m), x.nis,
       count(*) FILTER (WHERE x.registered), count(*), 0
FROM (SELECT l.pid, l.m, l.nis, l.kind,
             EXISTS (SELECT 1 FROM rg WHERE rg.pid = l.pid AND rg.m = l.m) AS registered
      FROM ll l) x
CROSS JOIN LATERAL (VALUES ('all'), (x.kind)) AS v(variant)
GROUP BY v.variant, x.m, x.nis;

-- 2 lap_result(X, [p0, p1], through t) -------------------------------------------------------
-- Candidate starts s in [p0, min(p1, t, L)] for a person leefloner in s-1 or s and registered in
-- s-1 or s; status of the sustainable outflow starting in s:
--   k = at-work months among s..min(s+3, L);
--   confirmed: at_work(s) and k >= 3; pending: at_work(s), not confirmed, s+3 > L and
--   k + (s+3-L) >= 3; failed otherwise.
-- Each person counts once, at the earliest s that is confirmed or pending, with that status, at
-- X = the OCMW of s when leefloner in s, else that of s-1.
CREATE UNLOGGED TABLE lap_candidate AS
WITH s_cand AS (              -- months s with the person leefloner in s or s-1
  SELECT DISTINCT l.pid, l.m + d.d AS s
  FROM ll l CROSS JOIN (VALUES (0), (1)) AS d(d)
  WHERE l.m + d.d BETWEEN :P0 AND :S1
), scored AS (
  SELECT c.pid, c.s,
         (SELECT count(*) FROM aw
          WHERE aw.pid = c.pid AND aw.m BETWEEN c.s AND least(c.s + 3, :L)) AS k
  FROM s_cand c
  WHERE EXISTS (SELECT 1 FROM aw WHERE aw.pid = c.pid AND aw.m = c.s)
    AND EXISTS (SELECT 1 FROM rg WHERE rg.pid = c.pid AND rg.m IN (c.s - 1, c.s))
)
SELECT pid, s, k,
       CASE WHEN k >= 3 THEN 'confirmed'
            WHEN s + 3 > :L AND k + (s + 3 - :L) >= 3 THEN 'pending'
            ELSE 'failed' END AS status
FROM scored;

INSERT INTO ref_figure
SELECT 'lap_result', 'all', ref_month_text(:P0) || '..' || ref_month_text(:P1), x.nis,
       count(*) FILTER (WHERE x.status = 'confirmed'), NULL,
       count(*) FILTER (WHERE x.status = 'pending')
FROM (SELECT DISTINCT ON (c.pid) c.pid, c.s, c.status,
             coalesce(l_s.nis, l_prev.nis) AS nis
      FROM lap_candidate c
      LEFT JOIN ll l_s ON l_s.pid = c.pid AND l_s.m = c.s
      LEFT JOIN ll l_prev ON l_prev.pid = c.pid AND l_prev.m = c.s - 1
      WHERE c.status IN ('confirmed', 'pending')
      ORDER BY c.pid, c.s) x
GROUP BY x.nis;

-- 5 twe_active(X, m) -------------------------------------------------------------------------
-- numerator: persons with a TWE_OCMW measure organised by X covering m (a person with measures at
-- two organisers in one month counts at both); denominator: leefloners of X in m (all kinds).
-- A row for every (X, m) in F..L where either is non-zero.
INSERT INTO ref_figure
WITH active AS (
  SELECT me.nis, m.m, count(DISTINCT me.pid) AS n
  FROM meas me
  CROSS JOIN LATERAL generate_series(greatest(me.m0, :F), least(me.m1, :L)) AS m(m)
  WHERE me.measure = 'TWE_OCMW'
  GROUP BY me.nis, m.m
), stock AS (
  SELECT nis, m, count(*) AS n FROM ll GROUP BY nis, m
)
SELECT 'twe_active', 'all', ref_month_text(m), nis, coalesce(a.n, 0), coalesce(k.n, 0), 0
FROM active a FULL JOIN stock k USING (nis, m);

-- 5 twe_exit(X, Q) ---------------------------------------------------------------------------
-- Trajectories = TWE_OCMW measure facts organised by X with an end date in Q (Q within the
-- quarters of F..L); e = end month; denominator = the trajectories of every variant.
--   work_end3      at_work(e+3)                          pending: e+3 > L
--   employee_end3  at_work(e+3) with an EMP month in e+3  pending: e+3 > L
--   self_end3      at_work(e+3) without one              pending: e+3 > L
--   work_any12     at work in any of e+1..e+12           pending: e+12 > L and none seen yet
--   durable        at work in each of e+3, e+6, e+9, e+12 pending: e+12 > L and every moment
--                                                                  <= L at work
-- aw holds months <= L only, so a moment past L is never "at work".
INSERT INTO ref_figure
WITH traj AS (
  SELECT me.id, me.nis, me.pid, me.m1 AS e
  FROM meas me
  WHERE me.measure = 'TWE_OCMW' AND me.ed IS NOT NULL
    AND me.m1 / 3 BETWEEN :F / 3 AND :L / 3
), measured AS (
  SELECT t.*,
         a3.pid IS NOT NULL AS work3,
         coalesce(a3.emp, false) AS emp3,
         EXISTS (SELECT 1 FROM aw WHERE aw.pid = t.pid AND aw.m BETWEEN t.e + 1 AND t.e + 12)
           AS any12,
         (SELECT count(*) FROM aw
          WHERE aw.pid = t.pid AND aw.m IN (t.e + 3, t.e + 6, t.e + 9, t.e + 12)) AS moments_at_work,
         (SELECT count(*) FROM unnest(ARRAY[t.e + 3, t.e + 6, t.e + 9, t.e + 12]) AS mm(m)
          WHERE mm.m <= :L) AS moments_known
  FROM traj t
  LEFT JOIN aw a3 ON a3.pid = t.pid AND a3.m = t.e + 3
)
SELECT 'twe_exit', v.variant, ref_quarter_text(x.e), x.nis,
       count(*) FILTER (WHERE v.hit), count(*), count(*) FILTER (WHERE v.pend)
FROM measured x
CROSS JOIN LATERAL (VALUES
  ('work_end3',     x.work3,                  x.e + 3 > :L),
  ('employee_end3', x.work3 AND x.emp3,       x.e + 3 > :L),
  ('self_end3',     x.work3 AND NOT x.emp3,   x.e + 3 > :L),
  ('work_any12',    x.any12,                  x.e + 12 > :L AND NOT x.any12),
  ('durable',       x.moments_at_work = 4,    x.e + 12 > :L AND x.moments_at_work = x.moments_known)
) AS v(variant, hit, pend)
GROUP BY v.variant, ref_quarter_text(x.e), x.nis;

ANALYZE ref_figure;
SELECT indicator, count(*) AS figures, sum(numerator) AS numerator, sum(denominator) AS denominator,
       sum(pending) AS pending
FROM ref_figure GROUP BY indicator ORDER BY indicator;
