-- Rebuilds the derived fact tables from their rules. Runs inside every import's transaction,
-- so the facts always match the inputs.
DELETE FROM domains;
INSERT INTO domains SELECT key, label FROM domain_rules;
DELETE FROM deployment_facts;
INSERT INTO deployment_facts SELECT source, line, deployed_at, domain_key, excluded_by, is_independent FROM deployment_rules;
DELETE FROM dependency_edges;
INSERT INTO dependency_edges SELECT from_key, to_key, from_asset, to_asset, kind FROM dependency_edge_rules;
