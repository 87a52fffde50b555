// DuckDB-WASM's blocking Node bindings: the same engine and SQL as the browser, run
// synchronously in-process (tests, command line, demo build).
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Connector, Row } from './connector.ts';
import { OFFLINE_SETTINGS, plainRows } from './connector.ts';

type Blocking = typeof import('@duckdb/duckdb-wasm/blocking');

export async function openNodeConnector(): Promise<Connector> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = path.dirname(entry);
  const duckdb = require(entry) as Blocking;
  const db = await duckdb.createDuckDB(
    {
      mvp: {
        mainModule: path.join(dist, 'duckdb-mvp.wasm'),
        mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs'),
      },
      eh: {
        mainModule: path.join(dist, 'duckdb-eh.wasm'),
        mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs'),
      },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  const conn = db.connect();
  conn.query(OFFLINE_SETTINGS);

  return {
    async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      let table;
      if (params.length === 0) {
        table = conn.query(sql);
      } else {
        const statement = conn.prepare(sql);
        try {
          table = statement.query(...params);
        } finally {
          statement.close();
        }
      }
      return plainRows<T>(table);
    },
    async exec(sql: string) {
      conn.query(sql);
    },
    async registerFile(name: string, bytes: Uint8Array) {
      // The browser's DuckDB-WASM takes the buffer it registers (it is detached on the page).
      // Under the tests this one does too, where the bytes own their buffer, so that the engine
      // is held to that contract (a slice of Node's shared buffer pool is left alone); the
      // command line does not pay for the copy.
      const detach =
        process.env.VITEST !== undefined &&
        bytes.byteOffset === 0 &&
        bytes.byteLength === bytes.buffer.byteLength &&
        bytes.buffer instanceof ArrayBuffer;
      db.registerFileBuffer(name, detach ? bytes.slice() : bytes);
      if (detach) structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
    },
    async dropFile(name: string) {
      db.dropFile(name);
    },
    async close() {
      conn.close();
      db.reset();
    },
  };
}
