-- Domain resolution: a row without a domain takes it from the ownership map; with neither it
-- lands in `unassigned`. The label of a domain is the first spelling seen, reading the inputs in
-- a fixed order (ownership map, deployments, dependencies from then to, answers) and each by line.

CREATE OR REPLACE VIEW owner_of AS
SELECT asset_key_of(asset) AS asset_key, first(domain ORDER BY source, line) AS domain
FROM ownership GROUP BY 1;

CREATE OR REPLACE VIEW deployments_resolved AS
SELECT d.*, coalesce(d.domain, o.domain) AS domain_name,
       coalesce(domain_key_of(d.domain), domain_key_of(o.domain), 'unassigned') AS domain_key
FROM deployments d LEFT JOIN owner_of o ON o.asset_key = asset_key_of(d.service);

CREATE OR REPLACE VIEW dependencies_resolved AS
SELECT d.*,
       coalesce(d.from_domain, fo.domain) AS from_name,
       coalesce(d.to_domain, t_o.domain) AS to_name,
       coalesce(domain_key_of(d.from_domain), domain_key_of(fo.domain), 'unassigned') AS from_key,
       coalesce(domain_key_of(d.to_domain), domain_key_of(t_o.domain), 'unassigned') AS to_key
FROM dependencies d
LEFT JOIN owner_of fo ON fo.asset_key = asset_key_of(d.from_asset)
LEFT JOIN owner_of t_o ON t_o.asset_key = asset_key_of(d.to_asset);

CREATE OR REPLACE VIEW answers_resolved AS
SELECT a.*, coalesce(domain_key_of(a.domain), 'unassigned') AS domain_key FROM answers a;

CREATE OR REPLACE VIEW domain_spellings AS
SELECT 1 AS input_order, source, line, 0 AS side, domain AS name FROM ownership
UNION ALL SELECT 2, source, line, 0, domain_name FROM deployments_resolved
UNION ALL SELECT 3, source, line, 0, from_name FROM dependencies_resolved
UNION ALL SELECT 3, source, line, 1, to_name FROM dependencies_resolved
UNION ALL SELECT 4, source, line, 0, domain FROM answers;

-- Materialised as the table `domains` (refresh.sql).
CREATE OR REPLACE VIEW domain_rules AS
WITH named AS (
  SELECT domain_key_of(name) AS key,
         first(domain_name_of(name) ORDER BY input_order, source, line, side) AS label
  FROM domain_spellings WHERE domain_key_of(name) IS NOT NULL GROUP BY 1
)
SELECT key, label FROM named
UNION ALL
SELECT 'unassigned', 'Unassigned'
WHERE NOT EXISTS (SELECT 1 FROM named WHERE key = 'unassigned') AND (
     EXISTS (SELECT 1 FROM deployments_resolved WHERE domain_key = 'unassigned')
  OR EXISTS (SELECT 1 FROM dependencies_resolved WHERE 'unassigned' IN (from_key, to_key))
  OR EXISTS (SELECT 1 FROM answers_resolved WHERE domain_key = 'unassigned'));
