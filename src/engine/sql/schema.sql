-- The canonical tables every input format maps onto, and the helpers every metric shares.
-- Portable DuckDB SQL: no extension needed (no ICU, no JSON). Times are plain UTC TIMESTAMPs.

-- A domain's name as written, without a Backstage entity reference's kind and namespace
-- (`domain:default/sales` names `sales`).
CREATE OR REPLACE MACRO domain_name_of(name) AS
  regexp_replace(trim(name, ' ' || chr(9) || chr(10) || chr(13)), '^domain:([^/\s]+/)?', '', 'i');

-- SPEC "Identity of a domain": lower-cased, trimmed, every run of white space, `_` and `-`
-- replaced by one `-`. NULL for a blank name.
CREATE OR REPLACE MACRO domain_key_of(name) AS
  nullif(regexp_replace(regexp_replace(lower(domain_name_of(name)), '^\s+|\s+$', '', 'g'), '[\s_-]+', '-', 'g'), '');

-- Services, teams and assets match the ownership map case-insensitively, trimmed.
CREATE OR REPLACE MACRO asset_key_of(name) AS nullif(lower(trim(name)), '');

-- `source` is the loaded file a row came from (see `sources`), `line` its line in that file.
CREATE TABLE IF NOT EXISTS sources (
  source INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, format VARCHAR NOT NULL, format_label VARCHAR NOT NULL,
  file_name VARCHAR NOT NULL, files VARCHAR[] NOT NULL,
  rows INTEGER NOT NULL, accepted INTEGER NOT NULL, skipped INTEGER NOT NULL, rejected INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS deployments (
  source INTEGER, line INTEGER, deployed_at TIMESTAMP NOT NULL, domain VARCHAR, service VARCHAR,
  deployment_id VARCHAR, change_id VARCHAR, coordinated_with VARCHAR, independent BOOLEAN,
  status VARCHAR, environment VARCHAR);

CREATE TABLE IF NOT EXISTS dependencies (
  source INTEGER, line INTEGER, from_domain VARCHAR, to_domain VARCHAR,
  from_asset VARCHAR, to_asset VARCHAR, kind VARCHAR);

CREATE TABLE IF NOT EXISTS answers (
  source INTEGER, line INTEGER, respondent VARCHAR, domain VARCHAR, question_id VARCHAR NOT NULL,
  answer DOUBLE, is_unknown BOOLEAN NOT NULL);

CREATE TABLE IF NOT EXISTS questions (
  source INTEGER, line INTEGER, question_id VARCHAR NOT NULL, pillar VARCHAR NOT NULL,
  text VARCHAR NOT NULL, weight DOUBLE NOT NULL, reverse BOOLEAN NOT NULL,
  scale_min DOUBLE NOT NULL, scale_max DOUBLE NOT NULL);

CREATE TABLE IF NOT EXISTS ownership (
  source INTEGER, line INTEGER, asset VARCHAR NOT NULL, domain VARCHAR NOT NULL);

-- Derived facts, refreshed from their rules (refresh.sql) in the same transaction as every
-- import, so that the metric views read small tables instead of re-deriving them per query.
-- Every distinct spelling of a domain name in the inputs: its key and label are computed once
-- per spelling, not once per row; `first_seen` orders spellings for a domain's label.
CREATE TABLE IF NOT EXISTS domain_names (
  name VARCHAR NOT NULL, key VARCHAR, label VARCHAR, first_seen STRUCT(o INTEGER, s INTEGER, l INTEGER, side INTEGER));
-- The ownership map: each asset's domain (the first line naming the asset wins).
CREATE TABLE IF NOT EXISTS owners (asset_key VARCHAR NOT NULL, domain VARCHAR NOT NULL, domain_key VARCHAR);
CREATE TABLE IF NOT EXISTS domains (key VARCHAR NOT NULL, label VARCHAR NOT NULL);
-- Deployment rows counted by file, domain, ISO week (its Monday, UTC) and outcome: the rule
-- that left them out, or whether they were independent. Every autonomy figure reads this.
CREATE TABLE IF NOT EXISTS deployment_counts (
  source INTEGER, domain_key VARCHAR, week_start DATE, excluded_by VARCHAR, is_independent BOOLEAN,
  deployments INTEGER NOT NULL, first TIMESTAMP, last TIMESTAMP);
CREATE TABLE IF NOT EXISTS dependency_edges (
  from_key VARCHAR, to_key VARCHAR, from_asset VARCHAR, to_asset VARCHAR, kind VARCHAR);
-- Dependency rows and answers counted by file and domain: what the input summary reads.
CREATE TABLE IF NOT EXISTS dependency_counts (source INTEGER, from_key VARCHAR, to_key VARCHAR, rows INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS answer_counts (source INTEGER, domain_key VARCHAR, rows INTEGER NOT NULL);
-- Each domain's score per pillar (NULL when all its answers were unknown), with its answers
-- counted: every maturity figure reads this.
CREATE TABLE IF NOT EXISTS domain_pillar_scores (
  domain VARCHAR NOT NULL, pillar VARCHAR NOT NULL, score DOUBLE, scored INTEGER NOT NULL, unknown INTEGER NOT NULL);

-- The organisation profile: one row, NULL where unknown.
CREATE TABLE IF NOT EXISTS profile (engineers INTEGER, domain_count_override INTEGER);

-- SPEC's four pillars with their gap recommendation and the roadmap phase their actions belong to.
CREATE OR REPLACE VIEW pillars AS
SELECT * FROM (VALUES
  (1, 'domain_ownership',     'Increase domain ownership - assign clear data owners',     3),
  (2, 'data_as_product',      'Formalize data products with SLAs and quality guarantees', 2),
  (3, 'self_serve_platform',  'Build self-serve platform abstractions for domain teams',  3),
  (4, 'federated_governance', 'Establish cross-domain governance standards and policies', 4)
) AS t(position, pillar, recommendation, roadmap_phase);

-- Parsing helpers used by validation. Time zones are handled here with plain arithmetic, so no
-- ICU extension is needed: an offset is subtracted to give UTC; no offset means UTC already.
CREATE OR REPLACE MACRO iso_time_parts(s) AS regexp_extract(s,
  '^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$',
  ['day', 'time', 'offset']);
CREATE OR REPLACE MACRO offset_minutes_of(o) AS
  CASE WHEN o = '' OR upper(o) = 'Z' THEN 0
       ELSE (CASE WHEN o[1] = '-' THEN -1 ELSE 1 END)
            * (o[2:3]::INTEGER * 60 + coalesce(nullif(replace(o[4:], ':', ''), '')::INTEGER, 0)) END;
CREATE OR REPLACE MACRO utc_timestamp_of_parts(p) AS
  try_cast(p.day || ' ' || CASE WHEN p.time = '' THEN '00:00:00'
                                WHEN length(p.time) = 5 THEN p.time || ':00'
                                ELSE p.time END AS TIMESTAMP)
  - to_minutes(offset_minutes_of(p.offset));
CREATE OR REPLACE MACRO utc_timestamp_of(s) AS utc_timestamp_of_parts(iso_time_parts(s));

CREATE OR REPLACE MACRO boolean_of(s) AS
  CASE WHEN lower(s) IN ('true', 'yes', '1') THEN true
       WHEN lower(s) IN ('false', 'no', '0') THEN false END;

-- SPEC: `n/a`, `na`, `don't know` and `dk` (any case) are unknown answers.
CREATE OR REPLACE MACRO is_unknown_answer(s) AS
  lower(s) IN ('n/a', 'na', 'don''t know', 'don’t know', 'dk');

-- A value quoted in an error message: short, on one line.
CREATE OR REPLACE MACRO quoted(s) AS
  '"' || regexp_replace(CASE WHEN length(s) > 60 THEN left(s, 57) || '...' ELSE s END, '\s+', ' ', 'g') || '"';
