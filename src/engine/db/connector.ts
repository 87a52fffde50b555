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
}

/** Settings applied right after opening: no extension is ever fetched from the network. */
export const OFFLINE_SETTINGS = `
SET autoinstall_known_extensions = false;
SET autoload_known_extensions = false;
`;

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
