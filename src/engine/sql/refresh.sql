-- Rebuilds the derived fact tables from their rules. Runs inside every import's transaction,
-- so the facts always match the inputs. In this order: each table reads the ones before it.
-- A `-- reads:` line names the inputs a table is derived from: an import rebuilds only the
-- tables that read its kind (the whole script runs as one, too).

-- reads: ownership, deployments, dependencies, answers
DELETE FROM domain_names;
INSERT INTO domain_names SELECT name, key, label, first_seen FROM domain_name_rules;

-- reads: ownership
DELETE FROM owners;
INSERT INTO owners SELECT asset_key, domain, domain_key FROM owner_rules;

-- reads: ownership, deployments
DELETE FROM deployment_counts;
INSERT INTO deployment_counts
SELECT source, domain_key, week_start, excluded_by, is_independent, deployments, first, last FROM deployment_count_rules;

-- reads: ownership, dependencies
DELETE FROM dependency_edges;
INSERT INTO dependency_edges SELECT from_key, to_key, from_asset, to_asset, kind FROM dependency_edge_rules;

-- reads: ownership, dependencies
DELETE FROM dependency_counts;
INSERT INTO dependency_counts SELECT source, from_key, to_key, rows FROM dependency_count_rules;

-- reads: answers
DELETE FROM answer_counts;
INSERT INTO answer_counts SELECT source, domain_key, rows FROM answer_count_rules;

-- reads: answers, questions
DELETE FROM domain_pillar_scores;
INSERT INTO domain_pillar_scores SELECT domain, pillar, score, scored, unknown FROM domain_pillar_score_rules;

-- reads: ownership, deployments, dependencies, answers
DELETE FROM domains;
INSERT INTO domains SELECT key, label FROM domain_rules;
