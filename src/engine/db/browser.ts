// DuckDB-WASM in a Web Worker, loaded from the app's own origin (Vite copies the wasm and
// worker into dist/assets). Import this module lazily: it pulls in the DuckDB client.
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { Connector, Row } from './connector.ts';
import { OFFLINE_SETTINGS, plainRows } from './connector.ts';

/** `worker`: DuckDB's worker when the page started it already (from the same `workerUrl`). */
export async function openBrowserConnector(worker: Worker = new Worker(workerUrl)): Promise<Connector> {
  // The exception-handling build needs no cross-origin isolation headers: any static host works.
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL(wasmUrl, location.href).href);
  const conn = await db.connect();
  await conn.query(OFFLINE_SETTINGS);
  // DuckDB's progress bar, which the worker posts to the page instead of drawing it: what the
  // busy indicator shows while a large file is read. (Shown after 300 ms of a statement.)
  await conn.query('SET enable_progress_bar = true; SET progress_bar_time = 300');
  const listeners = new Set<(percent: number) => void>();
  // DuckDB-WASM keeps its progress handlers in a field it does not expose by a method.
  (db as unknown as { _onExecutionProgress: ((p: duckdb.ProgressEntry) => void)[] })._onExecutionProgress.push((p) => {
    // A completed statement reads 100: the next one (the refresh after an insert) starts afresh.
    const percent = p.status === 'completed' ? 100 : Number(p.percentage);
    if (Number.isFinite(percent) && percent >= 0) for (const listener of listeners) listener(Math.min(100, percent));
  });

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
      return plainRows<T>(table);
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
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
