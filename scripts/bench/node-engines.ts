// The engine in Node, stage by stage: DuckDB-WASM's blocking bindings (what the tests and today's
// command line use) and native DuckDB (`--engine native`), on the same generated organisation;
// their metrics documents must be equal. Loads the engine through Vite's module runner (the SQL
// files are `?raw` imports).
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createServer, createServerModuleRunner, type ViteDevServer } from 'vite';
import type { ModuleRunner } from 'vite/module-runner';
import type { AssessRun, FileInput } from './engine-stages.ts';
import type { OrganisationFiles } from './generate.ts';
import type { InputKind } from '../../src/engine/inputs.ts';

const ROOT = resolve(import.meta.dirname, '../..');

type StagesModule = typeof import('./engine-stages.ts');
type NodeModule = typeof import('../../src/engine/db/node.ts');
type NativeModule = typeof import('../../src/engine/db/native.ts');
type SqlModule = typeof import('../../src/engine/sql/index.ts');

// One module runner per root, open for the whole run: the engine imports the native bindings
// dynamically, through the runner, long after the first import.
const runners = new Map<string, Promise<{ runner: ModuleRunner; server: ViteDevServer }>>();

function runnerFor(root: string) {
  let entry = runners.get(root);
  if (!entry) {
    entry = (async () => {
      const server = await createServer({
        root,
        configFile: false,
        logLevel: 'error',
        server: { middlewareMode: true, hmr: false, ws: false },
        appType: 'custom',
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      return { server, runner: createServerModuleRunner(server.environments.ssr, { hmr: false }) };
    })();
    runners.set(root, entry);
  }
  return entry;
}

/** Imports a module of the engine (or the bench) through Vite's module runner. */
export async function loadModule<T>(path: string, root = ROOT): Promise<T> {
  const { runner } = await runnerFor(root);
  return (await runner.import(resolve(root, path))) as T;
}

/** Closes the module runners (at the end of a run). */
export async function closeRunners(): Promise<void> {
  for (const entry of runners.values()) {
    const { runner, server } = await entry;
    await runner.close();
    await server.close();
  }
  runners.clear();
}

export type NodeEngine = 'wasm' | 'native';

export function filesOf(org: OrganisationFiles, kinds: readonly InputKind[] = ['ownership', 'deployments', 'dependencies', 'answers']): FileInput[] {
  const path = { ownership: org.ownership, deployments: org.deployments, dependencies: org.dependencies, answers: org.answers } as Record<InputKind, string>;
  return kinds.map((kind) => ({ kind, name: basename(path[kind]), bytes: async () => new Uint8Array(await readFile(path[kind])) }));
}

export async function runNodeEngine(
  engine: NodeEngine,
  files: FileInput[],
  engineers: number,
  options: { splitRefresh?: boolean; root?: string; warmup?: FileInput[] } = {},
): Promise<AssessRun> {
  const root = options.root ?? ROOT;
  const stages = await loadModule<StagesModule>('scripts/bench/engine-stages.ts', root);
  const sql = await loadModule<SqlModule>('src/engine/sql/index.ts', root);
  const open =
    engine === 'wasm'
      ? (await loadModule<NodeModule>('src/engine/db/node.ts', root)).openNodeConnector
      : (await loadModule<NativeModule>('src/engine/db/native.ts', root)).openNativeConnector;
  const connector = stages.timedConnector(await open(), { splitRefresh: options.splitRefresh, refreshSql: sql.REFRESH_SQL });
  return stages.assessFiles(connector, files, { engineers, assessedAt: new Date('2026-01-05T00:00:00Z'), warmup: options.warmup });
}

/** The demo organisation's files, as the page loads them before a file is chosen. */
export function demoFiles(root = ROOT): FileInput[] {
  return (['ownership', 'deployments', 'dependencies', 'answers'] as const).map((kind) => {
    const path = resolve(root, 'static/demo', `${kind}.csv`);
    return { kind, name: `${kind}.csv`, bytes: async () => new Uint8Array(await readFile(path)) };
  });
}
