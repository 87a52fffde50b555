// Stages a CSV file through DuckDB's own reader (2–4× faster than any JavaScript parse on big
// files): every column read as text under names of ours, then validated in SQL with line
// numbers. Nothing already loaded is touched; the staged rows wait for commit or discard.
import type { Connector } from '../db/connector.ts';
import { InputFileError, PROBLEM_LIST_LIMIT, type InputFile, type RowProblem } from '../inputs.ts';
import type { CsvAdapter } from './adapter.ts';
import { matchColumns, readCsvHeader, type CsvColumnMapping, type Delimiter } from './csv-header.ts';
import { checkedCsvBytes } from './file-text.ts';

export interface StagedCsv {
  /** Our table holding the validated rows: `line, problem, skipped` and the adapter's outputs. */
  table: string;
  rows: number;
  accepted: number;
  skipped: number;
  problems: RowProblem[];
  problemCount: number;
  warnings: string[];
}

export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

export async function stageCsv(
  db: Connector,
  id: number,
  file: InputFile,
  adapter: CsvAdapter,
  problemLimit = PROBLEM_LIST_LIMIT,
  options: {
    allowEmpty?: boolean;
    /** File header → canonical column, confirmed in the mapping step (headers not in it match
     *  as usual). Without it, a file missing a required column throws `MappingNeeded`. */
    columnMapping?: CsvColumnMapping;
  } = {},
): Promise<StagedCsv> {
  const { bytes, head } = checkedCsvBytes(file);
  const header = readCsvHeader(file.name, head);
  const matched = matchColumns(file.name, header, adapter.columns, adapter.requireOneOf, options.columnMapping);

  const fileName = `input-${id}.csv`;
  const table = `stage_${id}`;
  // DuckDB-WASM takes the bytes it registers (their buffer is detached): what the line numbers
  // need from them is read before. Only a quote or a blank line can move a row off line n + 1.
  const facts = await byteFacts(bytes);
  const shifts = facts.quotes || facts.blankLines ? await lineShifts(bytes) : [];
  await db.registerFile(fileName, bytes);
  try {
    // One pass: DuckDB reads, numbers and validates the rows into the staging table.
    // Without a quote or a tab in the file, no value can hold a tab or a line break: trimming
    // spaces is enough (trimming a set of characters costs DuckDB a second per million rows).
    const raw = rawRows(fileName, header.fields.length, header.delimiter, matched, adapter, !facts.quotes && !facts.tabs);
    try {
      await db.exec(`CREATE OR REPLACE TABLE ${table} AS ${adapter.validate.replaceAll('{raw}', `(${raw})`)}`);
    } catch (error) {
      throw csvReadError(file.name, error);
    }
    const [{ rows = 0 } = {}] = await db.query<{ rows: number }>(`SELECT count(*) AS rows FROM ${table}`);
    if (rows === 0 && !options.allowEmpty) throw new InputFileError(file.name, 'has a header but no data rows');
    if (shifts.length > 0) await renumberLines(db, table, shifts, id);
  } catch (error) {
    await db.exec(`DROP TABLE IF EXISTS ${table}`);
    throw error;
  } finally {
    await db.dropFile(fileName);
  }
  return summarise(db, table, adapter, problemLimit);
}

/**
 * The file's data rows as text columns named after the adapter's columns, trimmed, NULL when
 * empty, with `line` = row number + 1 (the header is line 1): right unless rows span lines.
 */
function rawRows(
  fileName: string,
  width: number,
  delimiter: Delimiter,
  matched: Map<string, number>,
  adapter: CsvAdapter,
  spacesOnly: boolean,
): string {
  const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const selected = adapter.columns
    .map(({ name }) => {
      const at = matched.get(name);
      if (at === undefined) return `NULL::VARCHAR AS ${name}`;
      return spacesOnly
        ? `nullif(trim(c${at}), '') AS ${name}`
        : `nullif(trim(c${at}, ' ' || chr(9) || chr(13) || chr(10)), '') AS ${name}`;
    })
    .join(', ');
  return `SELECT (row_number() OVER () + 1)::INTEGER AS line, ${selected}
      FROM read_csv(${sqlString(fileName)}, header = false, skip = 1, auto_detect = false,
        columns = {${columns}}, delim = ${sqlString(delimiter)}, quote = '"', escape = '"',
        strict_mode = true, max_line_size = 4194304)`;
}

/**
 * Blank lines (which DuckDB skips) and line breaks inside quoted values move rows down the
 * file: the offsets found in the bytes are added where they change.
 */
async function renumberLines(db: Connector, table: string, shifts: [number, number][], id: number) {
  const name = `line-shifts-${id}.csv`;
  await db.registerFile(name, new TextEncoder().encode(shifts.map(([at, extra]) => `${at},${extra}`).join('\n')));
  try {
    // `line - 1` is the row's position among the data rows.
    await db.exec(`CREATE OR REPLACE TABLE ${table} AS
      SELECT r.* REPLACE ((r.line + coalesce(s.extra, 0))::INTEGER AS line)
      FROM ${table} r ASOF LEFT JOIN read_csv(${sqlString(name)}, header = false, auto_detect = false,
        columns = {'at': 'BIGINT', 'extra': 'BIGINT'}) s ON r.line - 1 >= s.at`);
  } finally {
    await db.dropFile(name);
  }
}

const SLICE = 8 * 1024 * 1024;

/**
 * [data row, extra lines before it] wherever the extra changes; empty when every row n is on
 * line n + 1. Reads bytes (a line break, a carriage return and a quote are single bytes in
 * UTF-8, never part of another character), in slices with a pause between them.
 */
export async function lineShifts(bytes: Uint8Array): Promise<[number, number][]> {
  const shifts: [number, number][] = [];
  let line = 1;
  let record = -1; // the header is record 0 once counted
  let open = false;
  let quoted = false;
  let extra = 0;
  for (let start = 0; start < bytes.length; start += SLICE) {
    if (start > 0) await pause();
    const end = Math.min(bytes.length, start + SLICE);
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (!open) {
        if (c === 10) {
          line++;
          continue;
        }
        if (c === 13 && bytes[i + 1] === 10) continue;
        open = true;
        record++;
        const shift = line - (record + 1);
        if (record > 0 && shift !== extra) {
          shifts.push([record, shift]);
          extra = shift;
        }
      }
      if (c === 34) quoted = !quoted;
      else if (c === 10) {
        line++;
        if (!quoted) open = false;
      }
    }
  }
  return shifts;
}

/**
 * What the bytes hold that changes how they are read: quotes (a value may hold a line break),
 * blank lines (DuckDB skips them) and tabs. Read in slices with a pause between them, so that
 * the page stays responsive on a file of hundreds of megabytes.
 */
async function byteFacts(bytes: Uint8Array): Promise<{ quotes: boolean; blankLines: boolean; tabs: boolean }> {
  const facts = { quotes: false, blankLines: false, tabs: false };
  for (let start = 0; start < bytes.length; start += SLICE) {
    if (start > 0) await pause();
    const end = Math.min(bytes.length, start + SLICE);
    const slice = bytes.subarray(start, end);
    if (!facts.quotes && slice.indexOf(34) !== -1) facts.quotes = true;
    if (!facts.tabs && slice.indexOf(9) !== -1) facts.tabs = true;
    if (facts.quotes) continue; // the line scan runs anyway and finds blank lines too
    for (let i = bytes.indexOf(10, start); i !== -1 && i < end && !facts.blankLines; i = bytes.indexOf(10, i + 1)) {
      const next = bytes[i + 1];
      if (next === 10 || (next === 13 && bytes[i + 2] === 10)) facts.blankLines = true;
    }
  }
  return facts;
}

/** Lets the page handle input and paint between slices of work. */
const pause = () => new Promise<void>((resume) => setTimeout(resume, 0));


/** DuckDB's reader error → the file, the line and the reason, without the advice for SQL users. */
function csvReadError(fileName: string, error: unknown): InputFileError {
  const message = error instanceof Error ? error.message : String(error);
  const line = /CSV Error on Line: (\d+)/.exec(message);
  return new InputFileError(fileName, describeCsvProblem(message), line ? Number(line[1]) : null);
}

function describeCsvProblem(message: string): string {
  if (/unterminated quote/i.test(message)) return 'a quoted value is never closed (unclosed quote)';
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (columns) {
    const found = Number(columns[2]);
    return `this row has ${found} ${found === 1 ? 'value' : 'values'} where the header has ${columns[1]} columns (a stray or mixed delimiter?)`;
  }
  if (/maximum line size/i.test(message)) return 'a line is longer than 4 MB: no deployment, dependency or answer is that large';
  if (/invalid unicode|utf-?8/i.test(message)) return 'the file is not valid UTF-8 text';
  // Anything else: DuckDB's first line, which states the problem.
  const first = message.split('\n').find((l) => l.trim() !== '' && !/CSV Error on Line/.test(l)) ?? message;
  return first.replace(/^[A-Za-z ]*Error:\s*/, '').trim() || 'the file could not be read as CSV';
}

export async function summarise(
  db: Connector,
  table: string,
  adapter: CsvAdapter,
  problemLimit: number,
): Promise<StagedCsv> {
  const [counts] = await db.query<{ rows: number; problems: number; skipped: number }>(
    `SELECT count(*) AS rows, count(problem) AS problems,
            count(*) FILTER (skipped AND problem IS NULL) AS skipped FROM ${table}`,
  );
  const { rows = 0, problems: problemCount = 0, skipped = 0 } = counts ?? {};
  const problems = await db.query<RowProblem>(
    `SELECT line, problem AS reason FROM ${table} WHERE problem IS NOT NULL ORDER BY line${Number.isFinite(problemLimit) ? ` LIMIT ${Math.max(0, Math.floor(problemLimit))}` : ''}`,
  );
  const warnings: string[] = [];
  if (adapter.warning) {
    const [{ n = 0 } = {}] = await db.query<{ n: number }>(adapter.warning.countSql.replaceAll('{stage}', table));
    if (n > 0) warnings.push(adapter.warning.message(n));
  }
  return { table, rows, accepted: rows - problemCount - skipped, skipped, problems, problemCount, warnings };
}
