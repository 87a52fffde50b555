// Stages a Parquet export of a canonical input (native DuckDB only), validated exactly like a
// canonical CSV: the same adapter SQL over the same text columns.
import type { Connector } from '../db/connector.ts';
import { InputFileError, PROBLEM_LIST_LIMIT, type InputFile } from '../inputs.ts';
import type { CsvAdapter } from './adapter.ts';
import { matchColumns } from './csv-header.ts';
import { sqlString, summarise, type StagedCsv } from './stage-csv.ts';

/**
 * Stages a Parquet file (a warehouse export with the canonical columns) through DuckDB's
 * `read_parquet`, with the same validation as a CSV. Native DuckDB only: DuckDB-WASM has no
 * Parquet reader offline. Columns are matched by name like a CSV header and renamed to ours by
 * position; every value is cast to text and validated as a CSV value would be (a TIMESTAMP
 * column reads as UTC). `line` is the row's number in the file (1 is the first row).
 */
export async function stageParquet(
  db: Connector,
  id: number,
  file: InputFile,
  adapter: CsvAdapter,
  problemLimit = PROBLEM_LIST_LIMIT,
): Promise<StagedCsv> {
  const fileName = `input-${id}.parquet`;
  const table = `stage_${id}`;
  await db.registerFile(fileName, file.bytes);
  try {
    let fields: string[];
    try {
      fields = (await db.query<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(fileName)})`)).map(
        (c) => c.column_name,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InputFileError(
        file.name,
        /parquet/i.test(reason) && /extension|not found|does not exist/i.test(reason)
          ? 'is a Parquet file, which this engine cannot read offline: use the command line with --engine native'
          : `cannot be read as Parquet (${reason.split('\n')[0]})`,
      );
    }
    const matched = matchColumns(file.name, { fields, delimiter: ',' }, adapter.columns, adapter.requireOneOf);
    const names = fields.map((_, i) => `c${i}`).join(', ');
    const selected = adapter.columns
      .map(({ name }) => {
        const at = matched.get(name);
        return at === undefined
          ? `NULL::VARCHAR AS ${name}`
          : `nullif(trim(CAST(c${at} AS VARCHAR), ' ' || chr(9) || chr(13) || chr(10)), '') AS ${name}`;
      })
      .join(', ');
    // Parquet numbers its rows itself: no window over the whole file, so DuckDB reads it on
    // every core. (Unless the file has a column of that name.)
    const numbered = !fields.some((f) => f.toLowerCase() === 'file_row_number');
    const raw = numbered
      ? `SELECT (file_row_number + 1)::INTEGER AS line, ${selected}
         FROM read_parquet(${sqlString(fileName)}, file_row_number = true) AS t(${names})`
      : `SELECT (row_number() OVER ())::INTEGER AS line, ${selected}
         FROM read_parquet(${sqlString(fileName)}) AS t(${names})`;
    await db.exec(`CREATE OR REPLACE TABLE ${table} AS ${adapter.validate.replaceAll('{raw}', `(${raw})`)}`);
    const [{ rows = 0 } = {}] = await db.query<{ rows: number }>(`SELECT count(*) AS rows FROM ${table}`);
    if (rows === 0) throw new InputFileError(file.name, 'holds no rows');
  } catch (error) {
    await db.exec(`DROP TABLE IF EXISTS ${table}`);
    throw error;
  } finally {
    await db.dropFile(fileName);
  }
  return summarise(db, table, adapter, problemLimit);
}
