// DuckDB's worker, started by the page's first script: the URL is all it needs (its client, in
// the engine's chunk, attaches to it when it arrives). Served from our own origin (Vite `?url`).
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

export function startEngineWorker(): Worker {
  return new Worker(workerUrl);
}
