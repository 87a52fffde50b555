-- Pilot domains (seed: start with 2–3 pilot domains): up to three domains, never `unassigned`,
-- ranked by domain_ownership score + 100 × autonomy ratio (a missing one counts as 0),
-- ties broken by lower fan_in, then by key.
CREATE OR REPLACE VIEW pilot_ranking AS
SELECT d.key AS domain,
       coalesce(m.score, 0) + 100 * coalesce(a.ratio, 0) AS rank_score,
       c.fan_in,
       row_number() OVER (ORDER BY coalesce(m.score, 0) + 100 * coalesce(a.ratio, 0) DESC,
                                   c.fan_in ASC, d.key ASC) AS rank
FROM domains d
LEFT JOIN domain_pillar_scores m ON m.domain = d.key AND m.pillar = 'domain_ownership' AND m.score IS NOT NULL
LEFT JOIN autonomy_by_domain a ON a.domain = d.key
LEFT JOIN coupling_by_domain c ON c.domain = d.key
WHERE d.key <> 'unassigned';

CREATE OR REPLACE VIEW pilot_domains AS
SELECT domain, rank FROM pilot_ranking WHERE rank <= 3;
