-- Autonomy (seed formula: Independent_Deployments / Total_Deployments, target > 0.8).
-- SPEC's counting rules, applied in this order:
--   1. a non-empty status counts only if it is a success word;
--   2. a non-empty environment counts only if it is production;
--   3. a repeated deployment_id: the first counted row wins (by file, then line);
--   4. independent given → as given; empty → coordinated if coordinated_with names another
--      domain, or its change_id is shared with a counted deployment of another domain.

-- Rules 1 and 2: the rule a row fails, or NULL.
CREATE OR REPLACE MACRO failed_rule_of(status, environment) AS
  CASE
    WHEN status IS NOT NULL AND lower(status) NOT IN
      ('success', 'succeeded', 'successful', 'ok', 'deployed', 'done', 'completed') THEN 'status'
    WHEN environment IS NOT NULL AND lower(environment) NOT IN
      ('prod', 'production', 'prd', 'live') THEN 'environment'
  END;

-- Rule 3: ids that more than one row passing rules 1 and 2 carries, with the row that counts.
CREATE OR REPLACE VIEW repeated_deployment_ids AS
SELECT deployment_id, min({'s': source, 'l': line}) AS first
FROM deployments WHERE deployment_id IS NOT NULL AND failed_rule_of(status, environment) IS NULL
GROUP BY 1 HAVING count(*) > 1;

CREATE OR REPLACE VIEW deployment_exclusions AS
SELECT d.source, d.line, d.deployed_at, d.domain_key, d.deployment_id, d.change_id, d.coordinated_with,
       d.independent,
       coalesce(failed_rule_of(d.status, d.environment),
                CASE WHEN r.first <> {'s': d.source, 'l': d.line} THEN 'duplicate_id' END) AS excluded_by
FROM deployments_resolved d LEFT JOIN repeated_deployment_ids r ON r.deployment_id = d.deployment_id;

-- Every deployment row with the rule that left it out, or whether it was independent: the
-- definition every autonomy figure counts. Materialised, counted by file, domain, week and
-- outcome, as the table `deployment_counts` (refresh.sql).
CREATE OR REPLACE VIEW deployment_rules AS
-- `ruled` is read three times below; as a CTE it is computed once.
WITH ruled AS (SELECT * FROM deployment_exclusions),
counted AS (SELECT * FROM ruled WHERE excluded_by IS NULL),
-- `coordinated_with` names domains; a name the ownership map knows as a service or repository
-- stands for its owner's domain (CI systems name projects, not domains). Each distinct name is
-- resolved once.
mentions AS (
  SELECT source, line, domain_key, unnest(string_split_regex(coordinated_with, '[;|]')) AS name
  FROM counted WHERE coordinated_with IS NOT NULL
),
named AS (
  SELECT m.name, coalesce(o.domain_key, domain_key_of(m.name)) AS key
  FROM (SELECT DISTINCT name FROM mentions) m LEFT JOIN owners o ON o.asset_key = asset_key_of(m.name)
),
partners AS (
  SELECT m.source, m.line, bool_or(n.key <> m.domain_key) AS names_other_domain
  FROM mentions m JOIN named n ON n.name IS NOT DISTINCT FROM m.name
  GROUP BY 1, 2
),
-- A change shipped by counted deployments of more than one domain.
shared_changes AS (
  SELECT change_id FROM counted WHERE change_id IS NOT NULL
  GROUP BY 1 HAVING min(domain_key) <> max(domain_key)
)
SELECT r.source, r.line, r.deployed_at, r.domain_key, r.excluded_by,
  CASE
    WHEN r.excluded_by IS NOT NULL THEN NULL
    WHEN r.independent IS NOT NULL THEN r.independent
    WHEN coalesce(p.names_other_domain, false) THEN false
    WHEN s.change_id IS NOT NULL THEN false
    ELSE true
  END AS is_independent
FROM ruled r
LEFT JOIN partners p ON p.source = r.source AND p.line = r.line
LEFT JOIN shared_changes s ON s.change_id = r.change_id;

CREATE OR REPLACE VIEW deployment_count_rules AS
SELECT source, domain_key, date_trunc('week', deployed_at)::DATE AS week_start, excluded_by, is_independent,
       count(*)::INTEGER AS deployments, min(deployed_at) AS first, max(deployed_at) AS last
FROM deployment_rules GROUP BY ALL;

CREATE OR REPLACE VIEW counted_deployments AS
SELECT * FROM deployment_counts WHERE excluded_by IS NULL;

CREATE OR REPLACE VIEW autonomy_overall AS
SELECT coalesce(sum(deployments) FILTER (is_independent), 0)::INTEGER AS independent,
       coalesce(sum(deployments), 0)::INTEGER AS total,
       (coalesce(sum(deployments) FILTER (is_independent), 0) / nullif(sum(deployments), 0))::DOUBLE AS ratio
FROM counted_deployments;

CREATE OR REPLACE VIEW autonomy_excluded AS
SELECT coalesce(sum(deployments) FILTER (excluded_by = 'status'), 0)::INTEGER AS status,
       coalesce(sum(deployments) FILTER (excluded_by = 'environment'), 0)::INTEGER AS environment,
       coalesce(sum(deployments) FILTER (excluded_by = 'duplicate_id'), 0)::INTEGER AS duplicate_id
FROM deployment_counts;

-- Every known domain has an entry; one without counted deployments has ratio NULL.
CREATE OR REPLACE VIEW autonomy_by_domain AS
SELECT d.key AS domain,
       coalesce(c.independent, 0)::INTEGER AS independent,
       coalesce(c.total, 0)::INTEGER AS total,
       (c.independent / nullif(c.total, 0))::DOUBLE AS ratio
FROM domains d
LEFT JOIN (SELECT domain_key, coalesce(sum(deployments) FILTER (is_independent), 0) AS independent,
                  sum(deployments) AS total
           FROM counted_deployments GROUP BY 1) c ON c.domain_key = d.key;

-- ISO weeks in UTC, Monday first; only weeks with counted deployments.
CREATE OR REPLACE VIEW autonomy_weekly AS
SELECT printf('%04d-W%02d', isoyear(week_start), week(week_start)) AS week,
       coalesce(sum(deployments) FILTER (is_independent), 0)::INTEGER AS independent,
       sum(deployments)::INTEGER AS total,
       (coalesce(sum(deployments) FILTER (is_independent), 0) / sum(deployments))::DOUBLE AS ratio
FROM counted_deployments GROUP BY week_start;
