-- Maturity: the four pillar scores, overall, level and gaps (seed), from questionnaire answers.
-- answer score s = (answer − scale_min) ÷ (scale_max − scale_min) × 100; reversed: 100 − s.

CREATE OR REPLACE VIEW answer_scores AS
SELECT a.source, a.line, a.domain_key, q.pillar, q.weight, a.is_unknown,
       CASE WHEN a.is_unknown THEN NULL
            WHEN q.reverse THEN 100 - (a.answer - q.scale_min) / (q.scale_max - q.scale_min) * 100
            ELSE (a.answer - q.scale_min) / (q.scale_max - q.scale_min) * 100
       END AS score
FROM answers_resolved a JOIN questions q USING (question_id);

-- Domain pillar score = Σ weight·s ÷ Σ weight over that domain's known answers to that pillar.
-- Materialised as the table `domain_pillar_scores` (refresh.sql). Sums of fractions are added in
-- a fixed order (file, line; domain; pillar) so that every engine, on any number of threads,
-- gives the same last digit.
CREATE OR REPLACE VIEW domain_pillar_score_rules AS
SELECT domain_key AS domain, pillar,
       (sum(weight * score ORDER BY source, line) FILTER (NOT is_unknown)
        / sum(weight ORDER BY source, line) FILTER (NOT is_unknown))::DOUBLE AS score,
       count(*) FILTER (NOT is_unknown)::INTEGER AS scored,
       count(*) FILTER (is_unknown)::INTEGER AS unknown
FROM answer_scores GROUP BY 1, 2;

-- Every known domain × pillar, NULL where that domain did not answer that pillar.
CREATE OR REPLACE VIEW maturity_by_domain AS
SELECT d.key AS domain, p.pillar, s.score
FROM domains d CROSS JOIN pillars p
LEFT JOIN domain_pillar_scores s ON s.domain = d.key AND s.pillar = p.pillar AND s.score IS NOT NULL;

-- Organisation pillar score = mean of the domain pillar scores of the domains that answered it
-- (every domain weighs the same). A pillar nobody answered is NULL: not assessed, never 0.
CREATE OR REPLACE VIEW pillar_scores AS
SELECT p.position, p.pillar, p.recommendation, p.roadmap_phase,
       s.score, coalesce(s.scored, 0)::INTEGER AS scored, coalesce(s.unknown, 0)::INTEGER AS unknown
FROM pillars p
LEFT JOIN (SELECT pillar, avg(score ORDER BY domain)::DOUBLE AS score, sum(scored) AS scored, sum(unknown) AS unknown
           FROM domain_pillar_scores GROUP BY pillar) s ON s.pillar = p.pillar;

-- Overall = mean of the pillar scores that exist; level by the seed's thresholds.
CREATE OR REPLACE VIEW maturity_overall AS
SELECT overall,
       CASE WHEN overall IS NULL THEN NULL
            WHEN overall >= 80 THEN 'Advanced'
            WHEN overall >= 60 THEN 'Intermediate'
            WHEN overall >= 40 THEN 'Developing'
            ELSE 'Initial' END AS level
FROM (SELECT avg(score ORDER BY position)::DOUBLE AS overall FROM pillar_scores);

-- Gaps: every pillar below 60, lowest first.
CREATE OR REPLACE VIEW maturity_gaps AS
SELECT pillar, score, recommendation, roadmap_phase
FROM pillar_scores WHERE score < 60 ORDER BY score, position;

-- How much of each pillar's score rests on knowledge (SPEC: the share of unknown answers is
-- shown beside the score): unknown ÷ all answers to the pillar; NULL when nobody answered.
CREATE OR REPLACE VIEW pillar_knowledge AS
SELECT position, pillar, scored, unknown, (unknown / nullif(scored + unknown, 0))::DOUBLE AS unknown_share
FROM pillar_scores;
