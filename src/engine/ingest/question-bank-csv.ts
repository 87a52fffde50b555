// A question bank (SPEC "Questionnaire"): replaces the built-in one. Defaults: weight 1,
// reverse false, scale 1–5.
import type { CsvAdapter } from './adapter.ts';

export const questionBankCsv: CsvAdapter = {
  kind: 'questions',
  table: 'questions',
  columns: [
    { name: 'question_id', aliases: ['id'], required: true },
    { name: 'pillar', required: true },
    { name: 'text', aliases: ['question', 'statement'], required: true },
    { name: 'weight' },
    { name: 'reverse', aliases: ['reversed'] },
    { name: 'scale_min' },
    { name: 'scale_max' },
  ],
  outputs: ['question_id', 'pillar', 'text', 'weight', 'reverse', 'scale_min', 'scale_max'],
  validate: `
    SELECT line,
      CASE WHEN question_id IS NULL THEN 'question_id is empty'
           WHEN first_line <> line THEN 'question ' || quoted(question_id) || ' appears again (first on line ' || first_line || ')'
           WHEN pillar_key IS NULL OR pillar_key NOT IN (SELECT pillar FROM pillars)
             THEN 'pillar ' || quoted(coalesce(r_pillar, '')) || ' is not one of domain_ownership, data_as_product, self_serve_platform, federated_governance'
           WHEN text IS NULL THEN 'text is empty'
           WHEN weight IS NULL THEN 'weight ' || quoted(r_weight) || ' is not a number'
           WHEN NOT (weight > 0) THEN 'weight ' || quoted(r_weight) || ' must be more than 0'
           WHEN reverse IS NULL THEN 'reverse ' || quoted(r_reverse) || ' is neither true nor false'
           WHEN scale_min IS NULL OR isnan(scale_min) OR isinf(scale_min) THEN 'scale_min ' || quoted(r_scale_min) || ' is not a number'
           WHEN scale_max IS NULL OR isnan(scale_max) OR isinf(scale_max) THEN 'scale_max ' || quoted(r_scale_max) || ' is not a number'
           WHEN scale_min >= scale_max THEN 'scale_min must be less than scale_max'
      END AS problem,
      false AS skipped, question_id, pillar_key AS pillar, text, weight, reverse, scale_min, scale_max
    FROM (
      SELECT line, question_id, text,
        pillar AS r_pillar, weight AS r_weight, reverse AS r_reverse,
        scale_min AS r_scale_min, scale_max AS r_scale_max,
        lower(pillar) AS pillar_key,
        coalesce(try_cast(weight AS DOUBLE), CASE WHEN weight IS NULL THEN 1 END) AS weight,
        coalesce(boolean_of(reverse), CASE WHEN reverse IS NULL THEN false END) AS reverse,
        coalesce(try_cast(scale_min AS DOUBLE), CASE WHEN scale_min IS NULL THEN 1 END) AS scale_min,
        coalesce(try_cast(scale_max AS DOUBLE), CASE WHEN scale_max IS NULL THEN 5 END) AS scale_max,
        min(line) OVER (PARTITION BY question_id) AS first_line
      FROM {raw})`,
};
