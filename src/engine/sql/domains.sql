-- Domain resolution: a row without a domain takes it from the ownership map; with neither it
-- lands in `unassigned`. The label of a domain is the first spelling seen, reading the inputs in
-- a fixed order (ownership map, deployments, dependencies from then to, answers) and each by line.

-- Where each domain name is written. (A row resolved through the ownership map is not listed:
-- its owner's spelling is, earlier, in the ownership map itself.)
CREATE OR REPLACE VIEW domain_spellings AS
SELECT 1 AS input_order, source, line, 0 AS side, domain AS name FROM ownership
UNION ALL SELECT 2, source, line, 0, domain FROM deployments WHERE domain IS NOT NULL
UNION ALL SELECT 3, source, line, 0, from_domain FROM dependencies WHERE from_domain IS NOT NULL
UNION ALL SELECT 3, source, line, 1, to_domain FROM dependencies WHERE to_domain IS NOT NULL
UNION ALL SELECT 4, source, line, 0, domain FROM answers WHERE domain IS NOT NULL;

-- Materialised as the table `domain_names` (refresh.sql).
CREATE OR REPLACE VIEW domain_name_rules AS
SELECT name, domain_key_of(name) AS key, domain_name_of(name) AS label, first_seen
FROM (SELECT name, min({'o': input_order, 's': source, 'l': line, 'side': side}) AS first_seen
      FROM domain_spellings GROUP BY name);

-- Materialised as the table `owners` (refresh.sql).
CREATE OR REPLACE VIEW owner_rules AS
SELECT o.asset_key, o.domain, n.key AS domain_key
FROM (SELECT asset_key_of(asset) AS asset_key, first(domain ORDER BY source, line) AS domain
      FROM ownership GROUP BY 1) o
LEFT JOIN domain_names n ON n.name = o.domain;

CREATE OR REPLACE VIEW owner_of AS SELECT asset_key, domain FROM owners;

CREATE OR REPLACE VIEW deployments_resolved AS
SELECT d.*, coalesce(n.key, o.domain_key, 'unassigned') AS domain_key
FROM deployments d
LEFT JOIN domain_names n ON n.name = d.domain
LEFT JOIN owners o ON o.asset_key = asset_key_of(d.service);

CREATE OR REPLACE VIEW dependencies_resolved AS
SELECT d.*,
       coalesce(fn.key, fo.domain_key, 'unassigned') AS from_key,
       coalesce(tn.key, t_o.domain_key, 'unassigned') AS to_key
FROM dependencies d
LEFT JOIN domain_names fn ON fn.name = d.from_domain
LEFT JOIN domain_names tn ON tn.name = d.to_domain
LEFT JOIN owners fo ON fo.asset_key = asset_key_of(d.from_asset)
LEFT JOIN owners t_o ON t_o.asset_key = asset_key_of(d.to_asset);

CREATE OR REPLACE VIEW answers_resolved AS
SELECT a.*, coalesce(n.key, 'unassigned') AS domain_key
FROM answers a LEFT JOIN domain_names n ON n.name = a.domain;

CREATE OR REPLACE VIEW answer_count_rules AS
SELECT source, domain_key, count(*)::INTEGER AS rows FROM answers_resolved GROUP BY ALL;

-- Materialised as the table `domains` (refresh.sql), after the facts it checks for `unassigned`.
CREATE OR REPLACE VIEW domain_rules AS
WITH named AS (
  SELECT key, arg_min(label, first_seen) AS label FROM domain_names WHERE key IS NOT NULL GROUP BY key
)
SELECT key, label FROM named
UNION ALL
SELECT 'unassigned', 'Unassigned'
WHERE NOT EXISTS (SELECT 1 FROM named WHERE key = 'unassigned') AND (
     EXISTS (SELECT 1 FROM deployment_counts WHERE domain_key = 'unassigned')
  OR EXISTS (SELECT 1 FROM dependency_counts WHERE 'unassigned' IN (from_key, to_key))
  OR EXISTS (SELECT 1 FROM answer_counts WHERE domain_key = 'unassigned'));
