// DuckDB-WASM in a Web Worker, loaded from the app's own origin (Vite copies the wasm and
// worker into dist/assets). Import this module lazily: it pulls in the DuckDB client.
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { Connector, Row } from './connector.ts';
import { OFFLINE_SETTINGS, plainRow } from './connector.ts';

/** `worker`: DuckDB's worker when the page started it already (from the same `workerUrl`). */
export async function openBrowserConnector(worker: Worker = new Worker(workerUrl)): Promise<Connector> {
  // The exception-handling build needs no cross-origin isolation headers: any static host works.
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL(wasmUrl, location.href).href);
  const conn = await db.connect();
  await conn.query(OFFLINE_SETTINGS);

  return {
    async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      let table;
      if (params.length === 0) {
        table = await conn.query(sql);
      } else {
        const statement = await conn.prepare(sql);
        try {
          table = await statement.query(...params);
        } finally {
          await statement.close();
        }
      }
      return table.toArray().map((r) => plainRow(r.toJSON()) as T);
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    async registerFile(name: string, bytes: Uint8Array) {
      await db.registerFileBuffer(name, bytes);
    },
    async dropFile(name: string) {
      await db.dropFile(name);
    },
    async close() {
      await conn.close();
      await db.terminate();
    },
  };
}
