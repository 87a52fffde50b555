// The bench page: the app's DuckDB-WASM bundle (same package, same wasm and worker files) and the
// app's engine, driven from scripts/bench/run.ts through `window.bench`. Three measurements:
//  - floor: DuckDB-WASM's own read_csv of the chosen file into a table, and nothing else;
//  - engine: the app's Assessment on the browser connector, stage by stage (engine-stages.ts);
//  - mainThread: the JavaScript the engine runs on the page's thread before DuckDB sees a byte.
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { openBrowserConnector } from '../../../src/engine/db/browser.ts';
import { checkedCsvBytes } from '../../../src/engine/ingest/file-text.ts';
import { readCsvHeader } from '../../../src/engine/ingest/csv-header.ts';
import { lineShifts } from '../../../src/engine/ingest/stage-csv.ts';
import { REFRESH_SQL } from '../../../src/engine/sql/index.ts';
import type { InputKind } from '../../../src/engine/inputs.ts';
import { assessFiles, timedConnector, type AssessRun } from '../engine-stages.ts';

const DEMO_FILES: [InputKind, string][] = [
  ['ownership', 'ownership.csv'],
  ['deployments', 'deployments.csv'],
  ['dependencies', 'dependencies.csv'],
  ['answers', 'answers.csv'],
];

export type FloorVariant = 'buffer-auto' | 'handle-auto' | 'buffer-text';

const input = document.getElementById('files') as HTMLInputElement;

function file(index = 0): File {
  const f = input.files?.[index];
  if (!f) throw new Error(`no file ${index} chosen`);
  return f;
}

let db: duckdb.AsyncDuckDB | null = null;

async function startDuckDB(): Promise<duckdb.AsyncDuckDB> {
  if (db) return db;
  const worker = new Worker(workerUrl);
  db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL(wasmUrl, location.href).href);
  const conn = await db.connect();
  await conn.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;');
  // Warm up the reader once, as the app's demo has by the time a file is chosen.
  await db.registerFileBuffer('warmup.csv', new TextEncoder().encode('a,b,c\n1,x,2025-01-01T00:00:00Z\n'));
  await conn.query(`CREATE TABLE warmup AS SELECT * FROM read_csv('warmup.csv')`);
  await conn.query(`CREATE TABLE warmup2 AS SELECT * FROM read_csv('warmup.csv', header = false, skip = 1, auto_detect = false,
    columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR'}, delim = ',', quote = '"', escape = '"')`);
  await conn.query('DROP TABLE warmup; DROP TABLE warmup2;');
  await db.dropFile('warmup.csv');
  await conn.close();
  return db;
}

const api = {
  /** Starts DuckDB (not timed: in the app it has started before a file is chosen). */
  async start(): Promise<number> {
    const t = performance.now();
    await startDuckDB();
    return performance.now() - t;
  },

  /** From the chosen file to a table holding it, by DuckDB-WASM's reader. */
  async floor(variant: FloorVariant): Promise<{ ms: number; rows: number; columns: number }> {
    const d = await startDuckDB();
    const conn = await d.connect();
    const f = file();
    const name = `floor-${Math.random().toString(36).slice(2)}.csv`;
    const t = performance.now();
    if (variant === 'handle-auto') {
      await d.registerFileHandle(name, f, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    } else {
      await d.registerFileBuffer(name, new Uint8Array(await f.arrayBuffer()));
    }
    let width = 0;
    if (variant === 'buffer-text') {
      const head = await f.slice(0, 64 * 1024).text();
      width = head.split('\n')[0]!.split(',').length;
      const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
      await conn.query(`CREATE OR REPLACE TABLE floor AS SELECT * FROM read_csv('${name}', header = false, skip = 1,
        auto_detect = false, columns = {${columns}}, delim = ',', quote = '"', escape = '"')`);
    } else {
      await conn.query(`CREATE OR REPLACE TABLE floor AS SELECT * FROM read_csv('${name}')`);
    }
    const ms = performance.now() - t;
    const rows = Number((await conn.query('SELECT count(*) AS n FROM floor')).toArray()[0]!.n);
    const columns = (await conn.query('SELECT * FROM floor LIMIT 0')).schema.fields.length;
    await conn.query('DROP TABLE floor');
    await d.dropFile(name);
    await conn.close();
    return { ms, rows, columns };
  },

  /**
   * The app's engine on the browser connector: the chosen files (in `kinds` order) staged,
   * committed and assessed one by one, each DuckDB call timed.
   */
  async engine(kinds: InputKind[], engineers: number, splitRefresh = false, demoUrl?: string): Promise<AssessRun> {
    const connector = timedConnector(await openBrowserConnector(), { splitRefresh, refreshSql: REFRESH_SQL });
    const files = kinds.map((kind, i) => {
      const f = file(i);
      return { kind, name: f.name, bytes: async () => new Uint8Array(await f.arrayBuffer()) };
    });
    // The app's state when a file is chosen: the demo organisation loaded and computed.
    const warmup = demoUrl
      ? DEMO_FILES.map(([kind, name]) => ({
          kind,
          name,
          bytes: async () => new Uint8Array(await (await fetch(new URL(name, demoUrl))).arrayBuffer()),
        }))
      : [];
    return assessFiles(connector, files, { engineers, assessedAt: new Date('2026-01-05T00:00:00Z'), warmup });
  },

  /** The engine's synchronous work on the page's thread for the chosen file, ms. */
  async mainThread(): Promise<Record<string, number>> {
    const f = file();
    let t = performance.now();
    const bytes = new Uint8Array(await f.arrayBuffer());
    const arrayBuffer = performance.now() - t;
    // What staging a CSV does on this thread: the byte checks and the header's 64 KB decoded…
    t = performance.now();
    const { head } = checkedCsvBytes({ name: f.name, bytes });
    const checks = performance.now() - t;
    t = performance.now();
    readCsvHeader(f.name, head);
    const header = performance.now() - t;
    // …and, when the file holds a quote or a blank line, the scan for rows spanning lines.
    t = performance.now();
    await lineShifts(bytes);
    const lineScan = performance.now() - t;
    // What decoding the whole file would cost (the app does not).
    t = performance.now();
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const decodeWhole = performance.now() - t;
    return { arrayBuffer, checks, header, lineScan, decodeWhole };
  },
};

(window as unknown as { bench: typeof api }).bench = api;
document.title = 'bench ready';
