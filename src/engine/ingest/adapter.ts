// The shape every canonical CSV adapter has: which columns it reads, the SQL that validates
// and types its rows, and what it warns about. A new input format is one such module.
import type { InputKind } from '../inputs.ts';
import type { ColumnSpec } from './csv-header.ts';

export interface CsvAdapter {
  kind: InputKind;
  /** The canonical table its rows go into. */
  table: 'deployments' | 'dependencies' | 'answers' | 'questions' | 'ownership';
  columns: readonly ColumnSpec[];
  requireOneOf?: readonly (readonly string[])[];
  /** The canonical table's columns after `source, line`, as `validate` names them. */
  outputs: readonly string[];
  /**
   * A SELECT over `{raw}` — one row per data row, the adapter's `columns` as trimmed text
   * (NULL when empty) plus `line` — giving `line`, `problem` (NULL when the row is good),
   * `skipped` (a row SPEC says to skip without error) and the `outputs`.
   */
  validate: string;
  /** Valid rows worth a warning, counted over `{stage}`. */
  warning?: { countSql: string; message(count: number): string };
}

/** Rows without a domain and without an owner in the ownership map land in `unassigned`. */
export const unassignedWarning = (what: string) => (count: number) =>
  `${count} ${count === 1 ? 'row has' : 'rows have'} no domain and no ${what} in the ownership map: ${
    count === 1 ? 'it counts' : 'they count'
  } under "unassigned"`;
