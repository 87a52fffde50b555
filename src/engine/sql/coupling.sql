-- Communication overhead (seed formula: Σᵢⱼ Cross_Domain_Dependencies(i,j)).
-- An edge is a distinct (from_domain, to_domain, from_asset, to_asset, kind); `from` depends on `to`.
-- D(i,j) = distinct edges from i to j with i ≠ j.

-- Materialised as the table `dependency_edges` (refresh.sql).
CREATE OR REPLACE VIEW dependency_edge_rules AS
SELECT DISTINCT from_key, to_key, from_asset, to_asset, kind FROM dependencies_resolved;

CREATE OR REPLACE VIEW coupling_matrix AS
SELECT from_key AS "from", to_key AS "to", count(*)::INTEGER AS count
FROM dependency_edges WHERE from_key <> to_key GROUP BY 1, 2;

-- Coupling share = overhead ÷ all distinct edges (self-edges in the divisor); 0 without edges.
CREATE OR REPLACE VIEW coupling_overall AS
SELECT count(*) FILTER (from_key <> to_key)::INTEGER AS overhead,
       count(*)::INTEGER AS total_edges,
       coalesce(count(*) FILTER (from_key <> to_key) / nullif(count(*), 0), 0)::DOUBLE AS coupling_share
FROM dependency_edges;

-- fan_out = Σⱼ D(i,j), fan_in = Σⱼ D(j,i), partners = distinct other domains either way.
CREATE OR REPLACE VIEW coupling_by_domain AS
WITH m AS (SELECT * FROM coupling_matrix),
fan_out AS (SELECT "from" AS domain, sum(count) AS n FROM m GROUP BY 1),
fan_in AS (SELECT "to" AS domain, sum(count) AS n FROM m GROUP BY 1),
partners AS (
  SELECT domain, count(DISTINCT other) AS n
  FROM (SELECT "from" AS domain, "to" AS other FROM m UNION ALL SELECT "to", "from" FROM m) GROUP BY 1
)
SELECT d.key AS domain, coalesce(o.n, 0)::INTEGER AS fan_out, coalesce(i.n, 0)::INTEGER AS fan_in,
       coalesce(p.n, 0)::INTEGER AS partners
FROM domains d
LEFT JOIN fan_out o ON o.domain = d.key
LEFT JOIN fan_in i ON i.domain = d.key
LEFT JOIN partners p ON p.domain = d.key;

CREATE OR REPLACE VIEW dependency_count_rules AS
SELECT source, from_key, to_key, count(*)::INTEGER AS rows FROM dependencies_resolved GROUP BY ALL;
