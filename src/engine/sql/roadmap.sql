-- The roadmap (seed 003's path): the phases after the current one, laid from the assessment date.
-- The first starts at [0, 0]; Phase 2 lasts 6–12 months, Phase 3 12–24, Phase 4 has no end;
-- a later phase starts where the one before ends.

CREATE OR REPLACE VIEW roadmap_phases AS
WITH path(phase, name, min_months, max_months) AS (VALUES
  (2, 'Data productization', 6, 12),
  (3, 'Domain expansion', 12, 24),
  (4, 'Mesh operation', NULL, NULL)
), ahead AS (SELECT * FROM path WHERE phase > (SELECT phase FROM readiness_phase))
SELECT phase, name,
  coalesce(sum(min_months) OVER earlier, 0)::INTEGER AS start_min,
  coalesce(sum(max_months) OVER earlier, 0)::INTEGER AS start_max,
  (coalesce(sum(min_months) OVER earlier, 0) + min_months)::INTEGER AS end_min,
  (coalesce(sum(max_months) OVER earlier, 0) + max_months)::INTEGER AS end_max
FROM ahead
WINDOW earlier AS (ORDER BY phase ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING);

-- Each phase's actions: the recommendations of the gaps whose pillar belongs to it, lowest first.
CREATE OR REPLACE VIEW roadmap_actions AS
SELECT roadmap_phase AS phase, recommendation AS action,
       row_number() OVER (PARTITION BY roadmap_phase ORDER BY score, pillar) AS position
FROM maturity_gaps WHERE roadmap_phase IN (SELECT phase FROM roadmap_phases);

CREATE OR REPLACE VIEW roadmap_exit_criteria AS
SELECT phase, position, criterion FROM phase_gates WHERE phase IN (SELECT phase FROM roadmap_phases);
