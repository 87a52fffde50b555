// The one seam between the engine and DuckDB. Everything above it is engine-agnostic:
// the browser worker, the Node blocking bindings (tests, command line) implement it.

export type Row = Record<string, unknown>;

export interface Connector {
  /**
   * Runs one statement of ours. `params` are bound as prepared-statement parameters, never
   * spliced into the text. Rows come back as plain objects: BIGINT as number, NULL as null.
   */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of our own statements (schema, views); never holds user text. */
  exec(sql: string): Promise<void>;
  /** Makes bytes readable by `read_csv('<name>')`. Names are ours (`input-7.csv`). */
  registerFile(name: string, bytes: Uint8Array): Promise<void>;
  dropFile(name: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Calls `listener` with the running statement's progress (0–100) as DuckDB reports it, where
   * the engine reports any (DuckDB-WASM's worker does for scans, such as reading a CSV).
   * Returns the function that stops listening.
   */
  onProgress?(listener: (percent: number) => void): () => void;
}

/** Settings applied right after opening: no extension is ever fetched from the network. */
export const OFFLINE_SETTINGS = `
SET autoinstall_known_extensions = false;
SET autoload_known_extensions = false;
`;

/** The part of an Arrow table that `plainRows` reads. */
interface ArrowTable {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChildAt(index: number): { get(row: number): unknown } | null;
}

/**
 * An Arrow result → plain objects, read column by column (several times faster than Arrow's
 * row proxies on results of thousands of rows, such as the coupling matrix).
 */
export function plainRows<T = Row>(table: ArrowTable): T[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((_, i) => table.getChildAt(i)!);
  const rows: Row[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = plainValue(columns[c]!.get(r));
    rows[r] = row;
  }
  return rows as T[];
}

/** Arrow rows → plain objects; BIGINT/HUGEINT counts become numbers. */
export function plainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
  return out;
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === undefined) return null;
  return value;
}
