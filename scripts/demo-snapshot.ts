/**
 * Writes `snapshot.json` beside the demo's files: the demo's figures as the engine computes them
 * (the metrics document, the input summary, the bank's statements, the files' warnings; see
 * src/ui/state/demo.ts). The page shows it the moment it opens on the demo, while DuckDB starts.
 *
 * Run by `npm run demo:generate` after the files are written; regenerate it whenever the engine's
 * SQL or the built-in question bank changes (test/demo fails until then). The engine runs on
 * DuckDB-WASM's Node bindings (the browser's wasm), loaded through Vite's module runner: its SQL
 * files are `?raw` imports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type AssessmentModule = typeof import('../src/engine/assessment.ts');
type NodeModule = typeof import('../src/engine/db/node.ts');
type DemoModule = typeof import('../src/ui/state/demo.ts');

/** Computes the snapshot of the demo files in `dir` and writes it there; returns a one-line summary. */
export async function writeDemoSnapshot(dir: string): Promise<string> {
  const server = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: 'error',
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
  try {
    const load = async <T>(file: string) => (await runner.import(path.join(ROOT, file))) as T;
    const { Assessment } = await load<AssessmentModule>('src/engine/assessment.ts');
    const { openNodeConnector } = await load<NodeModule>('src/engine/db/node.ts');
    const { demoSnapshot, demoSnapshotText } = await load<DemoModule>('src/ui/state/demo.ts');
    const db = await openNodeConnector();
    try {
      const snapshot = await demoSnapshot(await Assessment.open(db), async (name) => fs.readFileSync(path.join(dir, name)));
      fs.writeFileSync(path.join(dir, 'snapshot.json'), demoSnapshotText(snapshot), 'utf8');
      const m = snapshot.metrics;
      return `overall ${m.maturity.overall?.toFixed(1)}, phase ${m.readiness.phase}, verdict ${m.readiness.verdict}`;
    } finally {
      await db.close();
    }
  } finally {
    await runner.close();
    await server.close();
  }
}

// `tsx scripts/demo-snapshot.ts [DIR]`: only the snapshot, of the files already in DIR (static/demo).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? path.join(ROOT, 'static', 'demo'));
  console.log(`${path.relative(ROOT, path.join(dir, 'snapshot.json'))}: ${await writeDemoSnapshot(dir)}`);
}
