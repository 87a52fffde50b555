-- What the figures rest on: shown beside each figure's explanation and in the report.
CREATE OR REPLACE VIEW input_summary AS
SELECT
  (SELECT count(*) FROM deployments)::INTEGER AS deployment_rows,
  (SELECT coalesce(sum(deployments), 0) FROM counted_deployments)::INTEGER AS deployments_counted,
  (SELECT strftime(min(deployed_at), '%Y-%m-%dT%H:%M:%SZ') FROM deployments) AS deployments_first,
  (SELECT strftime(max(deployed_at), '%Y-%m-%dT%H:%M:%SZ') FROM deployments) AS deployments_last,
  (SELECT coalesce(sum(deployments), 0) FROM deployment_counts WHERE domain_key = 'unassigned')::INTEGER AS deployments_unassigned,
  (SELECT count(DISTINCT domain_key) FROM deployment_counts)::INTEGER AS deployment_domains,
  (SELECT count(*) FROM dependencies)::INTEGER AS dependency_rows,
  (SELECT count(*) FROM dependency_edges)::INTEGER AS dependency_edges,
  (SELECT coalesce(sum(rows), 0) FROM dependency_counts WHERE 'unassigned' IN (from_key, to_key))::INTEGER AS dependencies_unassigned,
  (SELECT count(DISTINCT k) FROM (SELECT from_key AS k FROM dependency_counts
                                  UNION ALL SELECT to_key FROM dependency_counts))::INTEGER AS dependency_domains,
  (SELECT count(*) FROM answers)::INTEGER AS answer_rows,
  (SELECT count(DISTINCT respondent) FROM answers)::INTEGER AS respondents,
  (SELECT count(DISTINCT domain_key) FROM answer_counts)::INTEGER AS answer_domains,
  (SELECT count(*) FROM answers WHERE is_unknown)::INTEGER AS answers_unknown,
  (SELECT count(*) FROM answers WHERE question_id NOT IN (SELECT question_id FROM questions))::INTEGER AS answers_unmatched,
  (SELECT count(*) FROM questions)::INTEGER AS question_count,
  (SELECT count(*) FROM ownership)::INTEGER AS ownership_rows;

CREATE OR REPLACE VIEW question_counts AS
SELECT p.pillar, (SELECT count(*) FROM questions q WHERE q.pillar = p.pillar)::INTEGER AS questions
FROM pillars p ORDER BY p.position;

-- What each loaded file holds, for the list of loaded files: domains found and time span.
CREATE OR REPLACE VIEW source_facts AS
SELECT s.source, coalesce(f.domains, 0)::INTEGER AS domains,
       strftime(f.first, '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(f.last, '%Y-%m-%dT%H:%M:%SZ') AS last
FROM sources s LEFT JOIN (
  SELECT source, count(DISTINCT domain_key) AS domains, min(first) AS first, max(last) AS last
  FROM deployment_counts GROUP BY source
  UNION ALL
  SELECT source, count(DISTINCT k), NULL, NULL FROM (
    SELECT source, from_key AS k FROM dependency_counts UNION ALL SELECT source, to_key FROM dependency_counts)
  GROUP BY source
  UNION ALL
  SELECT source, count(DISTINCT domain_key), NULL, NULL FROM answer_counts GROUP BY source
  UNION ALL
  SELECT source, count(DISTINCT domain_key_of(domain)), NULL, NULL FROM ownership GROUP BY source
) f USING (source);
