-- Mesh readiness (seeds 000 and 003): the scale test, the current phase, the verdict and what
-- blocks the next step. A missing input never promotes: an unassessed pillar or an absent
-- deployment log leaves its condition unmet, and the blocker names the input that would decide it.

-- Each phase's conditions, met or not. Phase N is reached when its conditions and every earlier
-- phase's hold. These are also the exit criteria of the roadmap.
CREATE OR REPLACE VIEW phase_gates AS
WITH conditions(phase, position, subject, threshold) AS (VALUES
  (2, 1, 'data_as_product', 40.0),
  (3, 1, 'domain_ownership', 60.0), (3, 2, 'self_serve_platform', 40.0), (3, 3, 'autonomy', 0.5),
  (4, 1, 'domain_ownership', 60.0), (4, 2, 'data_as_product', 60.0),
  (4, 3, 'self_serve_platform', 60.0), (4, 4, 'federated_governance', 60.0), (4, 5, 'autonomy', 0.8)
), valued AS (
  SELECT c.*,
    CASE WHEN c.subject = 'autonomy' THEN (SELECT ratio FROM autonomy_overall)
         ELSE (SELECT score FROM pillar_scores p WHERE p.pillar = c.subject) END AS value
  FROM conditions c
)
SELECT phase, position, subject, threshold, value,
  coalesce(value >= threshold, false) AS met,
  CASE WHEN subject = 'autonomy' THEN printf('autonomy ratio >= %.1f', threshold)
       ELSE printf('%s >= %d', subject, threshold::INTEGER) END AS criterion,
  -- Values read as on screen (one decimal, ratios two), with one more decimal where rounding
  -- would reach the threshold: a blocker never reads "60.0 is below 60".
  CASE WHEN value >= threshold THEN NULL
       WHEN value IS NULL AND subject = 'autonomy'
         THEN 'autonomy ratio unknown: a deployment log with counted production deployments would decide it'
       WHEN value IS NULL
         THEN printf('%s not assessed: questionnaire answers on %s would decide it', subject, subject)
       WHEN subject = 'autonomy'
         THEN printf(CASE WHEN round(value, 2) >= threshold THEN 'autonomy ratio %.3f is below %.1f'
                          ELSE 'autonomy ratio %.2f is below %.1f' END, value, threshold)
       ELSE printf(CASE WHEN round(value, 1) >= threshold THEN '%s %.2f is below %d'
                        ELSE '%s %.1f is below %d' END, subject, value, threshold::INTEGER)
  END AS blocker
FROM valued;

CREATE OR REPLACE VIEW readiness_phase AS
WITH gate AS (SELECT phase, bool_and(met) AS ok FROM phase_gates GROUP BY phase),
     ok AS (SELECT max(ok) FILTER (phase = 2) AS p2, max(ok) FILTER (phase = 3) AS p3,
                   max(ok) FILTER (phase = 4) AS p4 FROM gate)
SELECT CASE WHEN p2 AND p3 AND p4 THEN 4 WHEN p2 AND p3 THEN 3 WHEN p2 THEN 2 ELSE 1 END AS phase
FROM ok;

-- Scale warrants a mesh (seed 000): engineers > 100 and domains > 10. Unknown engineers: decided
-- on domains alone. NULL only when nothing at all is known (no engineers, no domain).
CREATE OR REPLACE VIEW readiness AS
WITH prof AS (SELECT engineers, domain_count_override FROM profile LIMIT 1),
counted AS (
  SELECT coalesce((SELECT domain_count_override FROM prof),
                  (SELECT count(*) FROM domains WHERE key <> 'unassigned'))::INTEGER AS domain_count
),
scale AS (
  SELECT (SELECT engineers FROM prof) AS engineers, domain_count,
    CASE WHEN (SELECT engineers FROM prof) IS NULL AND domain_count = 0 THEN NULL
         WHEN (SELECT engineers FROM prof) IS NULL THEN domain_count > 10
         ELSE (SELECT engineers FROM prof) > 100 AND domain_count > 10 END AS scale_warrants_mesh
  FROM counted
)
SELECT s.engineers, s.domain_count, s.scale_warrants_mesh, p.phase,
  CASE WHEN s.scale_warrants_mesh = false THEN 'stay-centralized'
       ELSE ['not-ready', 'pilot', 'expand', 'operate'][p.phase] END AS verdict
FROM scale s, readiness_phase p;

CREATE OR REPLACE VIEW readiness_blockers AS
SELECT g.position, g.blocker FROM phase_gates g, readiness_phase p
WHERE g.phase = p.phase + 1 AND NOT g.met;
