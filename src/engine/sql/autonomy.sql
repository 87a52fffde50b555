-- Autonomy (seed formula: Independent_Deployments / Total_Deployments, target > 0.8).
-- SPEC's counting rules, applied in this order:
--   1. a non-empty status counts only if it is a success word;
--   2. a non-empty environment counts only if it is production;
--   3. a repeated deployment_id: the first counted row wins (by file, then line);
--   4. independent given → as given; empty → coordinated if coordinated_with names another
--      domain, or its change_id is shared with a counted deployment of another domain.

CREATE OR REPLACE VIEW deployment_exclusions AS
WITH checked AS (
  SELECT *,
    CASE
      WHEN status IS NOT NULL AND lower(status) NOT IN
        ('success', 'succeeded', 'successful', 'ok', 'deployed', 'done', 'completed') THEN 'status'
      WHEN environment IS NOT NULL AND lower(environment) NOT IN
        ('prod', 'production', 'prd', 'live') THEN 'environment'
    END AS failed_rule
  FROM deployments_resolved
)
SELECT *,
  CASE
    WHEN failed_rule IS NOT NULL THEN failed_rule
    WHEN deployment_id IS NOT NULL AND row_number() OVER (
      PARTITION BY deployment_id, failed_rule IS NULL ORDER BY source, line) > 1 THEN 'duplicate_id'
  END AS excluded_by
FROM checked;

-- Every deployment row with the rule that left it out, or whether it was independent.
-- Materialised as the table `deployment_facts` (refresh.sql).
CREATE OR REPLACE VIEW deployment_rules AS
WITH counted AS (SELECT * FROM deployment_exclusions WHERE excluded_by IS NULL)
SELECT source, line, deployed_at, domain_key, NULL AS excluded_by,
  CASE
    WHEN independent IS NOT NULL THEN independent
    WHEN len(list_filter(string_split_regex(coalesce(coordinated_with, ''), '[;|]'),
                         other -> domain_key_of(other) <> domain_key)) > 0 THEN false
    WHEN change_id IS NOT NULL
     AND min(domain_key) OVER (PARTITION BY change_id) <> max(domain_key) OVER (PARTITION BY change_id)
      THEN false
    ELSE true
  END AS is_independent
FROM counted
UNION ALL
SELECT source, line, deployed_at, domain_key, excluded_by, NULL FROM deployment_exclusions
WHERE excluded_by IS NOT NULL;

CREATE OR REPLACE VIEW counted_deployments AS
SELECT * FROM deployment_facts WHERE excluded_by IS NULL;

CREATE OR REPLACE VIEW autonomy_overall AS
SELECT count(*) FILTER (is_independent)::INTEGER AS independent,
       count(*)::INTEGER AS total,
       (count(*) FILTER (is_independent) / nullif(count(*), 0))::DOUBLE AS ratio
FROM counted_deployments;

CREATE OR REPLACE VIEW autonomy_excluded AS
SELECT count(*) FILTER (excluded_by = 'status')::INTEGER AS status,
       count(*) FILTER (excluded_by = 'environment')::INTEGER AS environment,
       count(*) FILTER (excluded_by = 'duplicate_id')::INTEGER AS duplicate_id
FROM deployment_facts;

-- Every known domain has an entry; one without counted deployments has ratio NULL.
CREATE OR REPLACE VIEW autonomy_by_domain AS
SELECT d.key AS domain,
       coalesce(c.independent, 0)::INTEGER AS independent,
       coalesce(c.total, 0)::INTEGER AS total,
       (c.independent / nullif(c.total, 0))::DOUBLE AS ratio
FROM domains d
LEFT JOIN (SELECT domain_key, count(*) FILTER (is_independent) AS independent, count(*) AS total
           FROM counted_deployments GROUP BY 1) c ON c.domain_key = d.key;

-- ISO weeks in UTC, Monday first; only weeks with counted deployments.
CREATE OR REPLACE VIEW autonomy_weekly AS
SELECT printf('%04d-W%02d', isoyear(deployed_at), week(deployed_at)) AS week,
       count(*) FILTER (is_independent)::INTEGER AS independent,
       count(*)::INTEGER AS total,
       (count(*) FILTER (is_independent) / count(*))::DOUBLE AS ratio
FROM counted_deployments GROUP BY 1;
