// Questionnaire answers in long form (SPEC "Questionnaire"): one answer per row, checked
// against the question bank loaded now.
import type { CsvAdapter } from './adapter.ts';

export const answersCsv: CsvAdapter = {
  kind: 'answers',
  table: 'answers',
  columns: [
    { name: 'respondent' },
    { name: 'domain' },
    { name: 'question_id', required: true },
    { name: 'answer', required: true },
  ],
  outputs: ['respondent', 'domain', 'question_id', 'answer', 'is_unknown'],
  validate: `
    SELECT r.line,
      CASE WHEN r.answer IS NULL THEN NULL
           WHEN r.question_id IS NULL THEN 'question_id is empty'
           WHEN q.question_id IS NULL THEN 'question ' || quoted(r.question_id) || ' is not in the question bank'
           WHEN is_unknown_answer(r.answer) THEN NULL
           WHEN try_cast(r.answer AS DOUBLE) IS NULL THEN 'answer ' || quoted(r.answer) || ' is not a number'
           WHEN NOT (try_cast(r.answer AS DOUBLE) BETWEEN q.scale_min AND q.scale_max)
             THEN 'answer ' || quoted(r.answer) || ' is outside the scale '
               || printf('%g-%g', q.scale_min, q.scale_max) || ' of question ' || quoted(r.question_id)
      END AS problem,
      r.answer IS NULL AS skipped,
      r.respondent, r.domain, r.question_id,
      CASE WHEN is_unknown_answer(r.answer) THEN NULL ELSE try_cast(r.answer AS DOUBLE) END AS answer,
      coalesce(is_unknown_answer(r.answer), false) AS is_unknown
    FROM {raw} r LEFT JOIN questions q ON q.question_id = r.question_id`,
  warning: {
    countSql: `SELECT count(*) AS n FROM {stage} WHERE problem IS NULL AND NOT skipped AND domain IS NULL`,
    message: (count) =>
      `${count} ${count === 1 ? 'answer has' : 'answers have'} no domain: counted under "unassigned"`,
  },
};
