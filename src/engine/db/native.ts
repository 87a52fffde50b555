// Native DuckDB (`@duckdb/node-api`, DuckDB 1.4.3 like DuckDB-WASM 1.32): the same SQL text
// as the browser, for logs that outgrow a tab (tens of millions of rows, warehouse exports) and
// for the command line's `--engine native`. Node only: import it dynamically
// (`await import('./native.ts')`) so that no browser bundle ever sees it. `@duckdb/node-api` is
// an optional dependency; without it `openNativeConnector` says so.
//
// It mirrors the WASM connectors exactly where the engine can tell:
//  - parameters bind as DuckDB-WASM binds them (it sends them as JSON): every number as DOUBLE,
//    strings as VARCHAR, booleans as BOOLEAN (null binds as DuckDB's untyped NULL: the C API
//    has no typed NULL value; WASM's is a VARCHAR NULL, which casts wherever this one does);
//  - rows come back as DuckDB-WASM's Arrow rows do after `plainRow`: integers of any width as
//    numbers, DOUBLE as number, BOOLEAN as boolean, VARCHAR as string, NULL as null, TIMESTAMP
//    as epoch milliseconds (fractional: microseconds kept), DATE as epoch milliseconds, TIME as
//    microseconds. (Where Arrow gives opaque objects, for HUGEINT and DECIMAL, this gives the
//    number; the engine's result columns are VARCHAR, INTEGER, DOUBLE and BOOLEAN only.)
//  - `registerFile(name, bytes)` writes the bytes to a private temporary directory that is the
//    connection's `file_search_path`, so `read_csv('<name>')` finds it by the same text.
//  - extensions are never installed or loaded on demand (OFFLINE_SETTINGS). Parquet, JSON and
//    ICU are statically linked into the native binaries, so `read_parquet` works offline here.
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connector, Row } from './connector.ts';
import { OFFLINE_SETTINGS } from './connector.ts';

type NodeApi = typeof import('@duckdb/node-api');
type Connection = import('@duckdb/node-api').DuckDBConnection;
type PreparedStatement = import('@duckdb/node-api').DuckDBPreparedStatement;
type DuckDBValue = import('@duckdb/node-api').DuckDBValue;

export interface NativeOptions {
  /** DuckDB's `threads` (default: every core). */
  threads?: number;
  /** DuckDB's `memory_limit`, e.g. '8GB' (default: DuckDB's, 80% of RAM). */
  memoryLimit?: string;
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

async function loadNodeApi(): Promise<NodeApi> {
  try {
    return await import('@duckdb/node-api');
  } catch (error) {
    throw new Error(
      'The native engine needs the optional dependency @duckdb/node-api (npm install @duckdb/node-api@1.4.3-r.3)',
      { cause: error },
    );
  }
}

export async function openNativeConnector(options: NativeOptions = {}): Promise<Connector> {
  const api = await loadNodeApi();
  const files = await mkdtemp(join(tmpdir(), 'mesh-readiness-native-'));
  const instance = await api.DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(OFFLINE_SETTINGS);
    await conn.run(`SET file_search_path = ${sqlString(files)}`);
    // A TIMESTAMPTZ column of a Parquet export reads as UTC text, whatever this machine's zone.
    await conn.run(`SET TimeZone = 'UTC'`);
    if (options.threads !== undefined) await conn.run(`SET threads = ${Math.max(1, Math.floor(options.threads))}`);
    if (options.memoryLimit !== undefined) await conn.run(`SET memory_limit = ${sqlString(options.memoryLimit)}`);
  } catch (error) {
    conn.closeSync();
    instance.closeSync();
    await rm(files, { recursive: true, force: true });
    throw error;
  }

  const pathOf = (name: string) => {
    // Names are ours (`input-7.csv`); anything else would reach outside the directory.
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) throw new Error(`bad file name ${name}`);
    return join(files, name);
  };

  const rowsOf = (reader: import('@duckdb/node-api').DuckDBResultReader): Row[] => {
    const names = reader.columnNames();
    return reader.getRows().map((values) => {
      const row: Row = {};
      for (let c = 0; c < names.length; c++) row[names[c]!] = plain(api, values[c]!);
      return row;
    });
  };

  return {
    async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      if (params.length === 0) {
        return rowsOf(await conn.runAndReadAll(sql)) as T[];
      }
      const statement = await conn.prepare(sql);
      try {
        params.forEach((value, i) => bindLikeWasm(api, statement, i + 1, value));
        return rowsOf(await statement.runAndReadAll()) as T[];
      } finally {
        statement.destroySync();
      }
    },
    async exec(sql: string) {
      await conn.run(sql);
    },
    async registerFile(name: string, bytes: Uint8Array) {
      await writeFile(pathOf(name), bytes);
    },
    async dropFile(name: string) {
      await unlink(pathOf(name)).catch(() => undefined);
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
      await rm(files, { recursive: true, force: true });
    },
  };
}

/** DuckDB-WASM sends parameters as JSON and binds every number as DOUBLE. */
function bindLikeWasm(api: NodeApi, statement: PreparedStatement, index: number, value: unknown) {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
    statement.bindNull(index);
  } else if (typeof value === 'number') {
    statement.bindDouble(index, value);
  } else if (typeof value === 'string') {
    statement.bindVarchar(index, value);
  } else if (typeof value === 'boolean') {
    statement.bindBoolean(index, value);
  } else if (typeof value === 'bigint') {
    statement.bindBigInt(index, value);
  } else if (value instanceof Date) {
    statement.bindVarchar(index, value.toISOString());
  } else {
    throw new TypeError(`cannot bind a parameter of type ${typeof value}`);
  }
}

/** A native value as DuckDB-WASM's Arrow row gives it after `plainRow`. */
function plain(api: NodeApi, value: DuckDBValue): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return Number(value);
    case 'number':
    case 'string':
    case 'boolean':
      return value;
  }
  if (value instanceof api.DuckDBTimestampValue) return Number(value.micros) / 1000;
  if (value instanceof api.DuckDBTimestampMillisecondsValue) return Number(value.millis);
  if (value instanceof api.DuckDBTimestampSecondsValue) return Number(value.seconds) * 1000;
  if (value instanceof api.DuckDBTimestampNanosecondsValue) return Number(value.nanos) / 1e6;
  if (value instanceof api.DuckDBTimestampTZValue) return Number(value.micros) / 1000;
  if (value instanceof api.DuckDBDateValue) return value.days * 86_400_000;
  if (value instanceof api.DuckDBTimeValue) return Number(value.micros);
  if (value instanceof api.DuckDBDecimalValue) return value.toDouble();
  if (value instanceof api.DuckDBListValue || value instanceof api.DuckDBArrayValue) {
    return value.items.map((item) => plain(api, item));
  }
  if (value instanceof api.DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, plain(api, v)]));
  }
  return String(value);
}
