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
WITH counted AS (SELECT * FROM deployment_exclusions WHERE excluded_by IS NULL),
-- `coordinated_with` names domains; a name the ownership map knows as a service or repository
-- stands for its owner's domain (CI systems name projects, not domains).
partners AS (
  SELECT p.source, p.line,
         bool_or(coalesce(domain_key_of(o.domain), domain_key_of(p.name)) <> p.domain_key) AS names_other_domain
  FROM (SELECT source, line, domain_key, unnest(string_split_regex(coordinated_with, '[;|]')) AS name
        FROM counted WHERE coordinated_with IS NOT NULL) p
  LEFT JOIN owner_of o ON o.asset_key = asset_key_of(p.name)
  GROUP BY 1, 2
)
SELECT c.source, c.line, c.deployed_at, c.domain_key, NULL AS excluded_by,
  CASE
    WHEN c.independent IS NOT NULL THEN c.independent
    WHEN coalesce(p.names_other_domain, false) THEN false
    WHEN c.change_id IS NOT NULL
     AND min(c.domain_key) OVER (PARTITION BY c.change_id) <> max(c.domain_key) OVER (PARTITION BY c.change_id)
      THEN false
    ELSE true
  END AS is_independent
FROM counted c LEFT JOIN partners p ON p.source = c.source AND p.line = c.line
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
