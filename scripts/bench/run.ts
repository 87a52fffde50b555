/**
 * `npm run bench` — how fast the built app takes in a large organisation, in headless Chromium.
 *
 *   tsx scripts/bench/run.ts [--quick] [--sizes 10k,100k,1M,5M] [--runs N] [--root DIR]
 *                            [--out FILE] [--no-node] [--no-app]
 *
 * --quick     10k, 100k and 1M only (the full run adds 5M)
 * --runs N    runs per measurement for 10k and 100k (default 5; 1M and 5M take 3)
 * --root DIR  bench another checkout (an experiment on a copy): its app, engine and SQL
 * --no-node   skip the Node part (DuckDB-WASM blocking bindings vs native DuckDB)
 * --cold-only only the cold start (first paint, the demo's first figures, JS before DuckDB)
 *
 * Organisations come from scripts/bench/generate.ts (cached in $TMPDIR/mesh-readiness-bench).
 * Writes bench-results/latest.json (and a dated copy) and prints a table. See
 * scripts/bench/README.md for what each figure means.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Page } from 'playwright-core';
import { buildAndServe, launch, openPage, RECORDER, type BuiltApp, type MemoryReport } from './browser.ts';
import type { AssessRun } from './engine-stages.ts';
import { generateOrganisation, SIZES, type OrganisationFiles } from './generate.ts';
import { filesOf, runNodeEngine } from './node-engines.ts';

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const ROOT = resolve(option('--root') ?? join(import.meta.dirname, '../..'));
const QUICK = flag('--quick');
const SIZE_NAMES = (option('--sizes') ?? (QUICK ? '10k,100k,1M' : '10k,100k,1M,5M')).split(',');
const RUNS_SMALL = Number(option('--runs') ?? 5);
const runsFor = (rows: number) => (rows >= 1_000_000 ? Math.min(3, RUNS_SMALL) : RUNS_SMALL);
const OUT = resolve(option('--out') ?? join(ROOT, 'bench-results/latest.json'));
const NODE = !flag('--no-node');
const APP = !flag('--no-app');
/** Only the cold start (an experiment on the first paint and the demo's first figures). */
const COLD_ONLY = flag('--cold-only');
for (const name of SIZE_NAMES) if (!SIZES[name]) throw new Error(`unknown size ${name}: ${Object.keys(SIZES).join(', ')}`);

// ---------------------------------------------------------------------------------------------
// Small helpers

const median = (values: number[]): number => {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
};
/** The median of every numeric field across runs (nested objects too). */
function medianOf<T>(runs: T[]): T {
  const first = runs[0] as unknown;
  if (typeof first === 'number') return median(runs as number[]) as T;
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const keys = new Set(runs.flatMap((r) => Object.keys(r as object)));
    return Object.fromEntries(
      [...keys].map((k) => [k, medianOf(runs.map((r) => (r as Record<string, unknown>)[k]).filter((x) => x !== undefined))]),
    ) as T;
  }
  return first as T;
}
const log = (...parts: unknown[]) => console.log(...parts);
const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const mb = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : `${(n / 1024 / 1024).toFixed(0)} MiB`);
/** File sizes in decimal megabytes, as the issue counts them (about 58 MB per million events). */
const mbFile = (n: number) => `${(n / 1e6).toFixed(n < 10e6 ? 1 : 0)} MB`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

// ---------------------------------------------------------------------------------------------
// In-page helpers (run inside the app's page)

interface ImportTiming {
  chosenAt: number;
  idleAt: number;
  navAt: number;
  drawnAt: number;
  longtasks: [number, number][];
  error: string | null;
}

/** Waits for the next file pick to settle (busy → idle), then opens `view` and waits for its charts.
 *  (In-page code is plain JavaScript text: tsx's helpers do not exist in the page.) */
function waitImportAndDraw(page: Page, view: string): Promise<ImportTiming> {
  return page.evaluate(`(${IMPORT_AND_DRAW})(${JSON.stringify(view)})`) as Promise<ImportTiming>;
}

const IN_PAGE_HELPERS = `
  const b = window.__bench;
  const until = (ok) => new Promise((done) => { const tick = () => (ok() ? done() : b.waiters.push(tick)); tick(); });
  const frame = () => new Promise((done) => requestAnimationFrame(() => done(performance.now())));
  const busyCycle = (from) => () => {
    const after = b.busy.slice(from);
    const on = after.findIndex(([, v]) => v === 'true');
    return on >= 0 && after.slice(on).some(([, v]) => v === 'false');
  };
`;

const IMPORT_AND_DRAW = `async (view) => {
  ${IN_PAGE_HELPERS}
  const changes = b.changes.length;
  const busy = b.busy.length;
  // A file was chosen, the page went busy, and came back idle.
  await until(() => b.changes.slice(changes).some(([, , t]) => t === 'file'));
  await until(busyCycle(busy));
  const chosenAt = b.changes.slice(changes).find(([, , t]) => t === 'file')[0];
  const idleAt = b.busy.slice(busy).filter(([, v]) => v === 'false').at(-1)[0];
  const problem = document.querySelector('dialog[open]') ? 'a review dialog opened (rows with problems)' : null;
  const refused = [...document.querySelectorAll('main *')].find((e) => e.children.length === 0 && /was not loaded/.test(e.textContent || ''));
  const navAt = performance.now();
  location.hash = '#/' + view;
  // Drawn: every chart of the view holds an SVG with shapes, and two frames have passed.
  for (;;) {
    const charts = [...document.querySelectorAll('main .chart')];
    if (charts.length > 0 && charts.every((c) => c.querySelector('svg path, svg rect'))) break;
    await frame();
  }
  await frame();
  const drawnAt = await frame();
  return {
    chosenAt, idleAt, navAt, drawnAt,
    longtasks: b.longtasks.filter(([start]) => start >= chosenAt - 1 && start <= drawnAt),
    error: problem || (refused ? refused.textContent : null),
  };
}`;

/** Waits for the next committed change of the Engineers field to be recomputed and painted. */
function waitRecompute(page: Page): Promise<{ idle: number; painted: number }> {
  return page.evaluate(`(${RECOMPUTE})()`) as Promise<{ idle: number; painted: number }>;
}

const RECOMPUTE = `async () => {
  ${IN_PAGE_HELPERS}
  const changes = b.changes.length;
  const busy = b.busy.length;
  const isField = ([, id]) => id.endsWith('-engineers');
  await until(() => b.changes.slice(changes).some(isField));
  await until(busyCycle(busy));
  const changedAt = b.changes.slice(changes).find(isField)[0];
  const idleAt = b.busy.slice(busy).filter(([, v]) => v === 'false').at(-1)[0];
  await frame();
  const painted = await frame();
  return { idle: idleAt - changedAt, painted: painted - changedAt };
}`;

async function openApp(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('overall-score').filter({ hasText: /\d/ }).waitFor({ timeout: 120_000 });
  await page.locator('main[aria-busy="false"]').waitFor({ timeout: 120_000 });
}

async function goInputs(page: Page) {
  await page.evaluate(() => (location.hash = '#/inputs'));
  await page.getByRole('heading', { level: 1, name: 'Inputs', exact: true }).waitFor();
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface AppImport {
  /** Files chosen → dashboard drawn (the view's figures and charts on screen). */
  total: number;
  /** Files chosen → the page idle with the new figures computed. */
  computed: number;
  /** The view opened → its charts drawn. */
  charts: number;
  longtaskMax: number;
  /** The longest task while the figures were computed (chosen → idle) and while drawing. */
  longtaskMaxComputing: number;
  longtaskMaxDrawing: number;
  longtasksOver50: number;
  longtasksOver200: number;
}

interface AppRun {
  deployments?: AppImport;
  dependencies?: AppImport;
  recompute?: { idle: number; painted: number };
  memory: MemoryReport;
  crashed?: string;
}

async function appRun(app: BuiltApp, ctx: Awaited<ReturnType<typeof launch>>, org: OrganisationFiles, withDependencies: boolean): Promise<AppRun> {
  const bench = await openPage(ctx.browser, ctx.cdp, RECORDER);
  const { page } = bench;
  let crashed: string | undefined;
  page.on('crash', () => (crashed = 'the tab crashed'));
  const out: Partial<AppRun> = {};
  try {
    await openApp(page, app.url);
    const pick = async (label: string, file: string, view: string): Promise<AppImport> => {
      await goInputs(page);
      const waiting = waitImportAndDraw(page, view);
      await page.getByLabel(label, { exact: true }).setInputFiles(file);
      const t = await Promise.race([
        waiting,
        new Promise<never>((_, fail) => page.once('crash', () => fail(new Error('the tab crashed')))),
      ]);
      if (t.error) throw new Error(`${label}: ${t.error}`);
      const durations = t.longtasks.map(([, d]) => d);
      const within = (from: number, to: number) =>
        Math.max(0, ...t.longtasks.filter(([start]) => start >= from - 1 && start < to).map(([, d]) => d));
      return {
        longtaskMaxComputing: within(t.chosenAt, t.idleAt),
        longtaskMaxDrawing: within(t.navAt, t.drawnAt + 1),
        total: t.drawnAt - t.chosenAt,
        computed: t.idleAt - t.chosenAt,
        charts: t.drawnAt - t.navAt,
        longtaskMax: Math.max(0, ...durations),
        longtasksOver50: durations.length,
        longtasksOver200: durations.filter((d) => d > 200).length,
      };
    };
    out.deployments = await pick('Deployment log', org.deployments, 'autonomy');
    if (withDependencies) out.dependencies = await pick('Dependency export', org.dependencies, 'dependencies');
    // Recomputation after a change: the Engineers field, committed with Enter.
    await goInputs(page);
    const field = page.getByLabel('Engineers', { exact: true });
    const waiting = waitRecompute(page);
    await field.fill(String(org.engineers + 1));
    await field.press('Enter');
    out.recompute = await waiting;
  } catch (error) {
    crashed = crashed ?? (error as Error).message;
  }
  const memory = await bench.close();
  return { ...out, memory, ...(crashed ? { crashed } : {}) };
}

interface ColdStart {
  firstPaint: number;
  firstContentfulPaint: number;
  firstFigures: number;
  duckdbWorkerRequested: number;
  jsBeforeDuckDB: { files: string[]; bytes: number; gzip: number };
  jsFirstPaint: { files: string[]; bytes: number; gzip: number };
}

async function coldStart(app: BuiltApp, ctx: Awaited<ReturnType<typeof launch>>): Promise<ColdStart> {
  const bench = await openPage(ctx.browser, ctx.cdp, RECORDER);
  const { page } = bench;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(app.url);
  await page.waitForFunction(() => (window as unknown as { __bench: { firstFigures: number | null } }).__bench.firstFigures !== null, null, {
    timeout: 120_000,
    polling: 50,
  });
  // Then until the demo is in DuckDB (idle): the request log then holds DuckDB's worker too.
  await page.locator('main[aria-busy="false"]').waitFor({ timeout: 120_000 });
  const timing = await page.evaluate(() => {
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
    const worker = performance.getEntriesByType('resource').find((e) => /duckdb-browser-eh\.worker/.test(e.name));
    return {
      firstPaint: paint['first-paint'] ?? NaN,
      firstContentfulPaint: paint['first-contentful-paint'] ?? NaN,
      firstFigures: (window as unknown as { __bench: { firstFigures: number } }).__bench.firstFigures,
      duckdbWorkerRequested: worker?.startTime ?? NaN,
    };
  });
  await bench.close();
  const path = (url: string) => decodeURIComponent(new URL(url).pathname).replace(/^\//, '');
  const jsOf = (urls: string[]) => {
    const files = [...new Set(urls.map(path).filter((p) => p.endsWith('.js') && app.js[p]))];
    return {
      files,
      bytes: files.reduce((s, f) => s + app.js[f]!.bytes, 0),
      gzip: files.reduce((s, f) => s + app.js[f]!.gzip, 0),
    };
  };
  const workerAt = requests.findIndex((u) => /duckdb-browser-eh\.worker/.test(u));
  const html = await readFile(join(app.outDir, 'index.html'), 'utf8');
  const firstPaintFiles = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
  return {
    ...timing,
    jsBeforeDuckDB: jsOf(workerAt >= 0 ? requests.slice(0, workerAt) : requests),
    jsFirstPaint: jsOf(firstPaintFiles.map((f) => new URL(f, app.url).href)),
  };
}

type FloorVariant = 'buffer-auto' | 'handle-auto' | 'buffer-text';
const FLOOR_VARIANTS: FloorVariant[] = ['buffer-auto', 'handle-auto', 'buffer-text'];

async function benchPage(app: BuiltApp, ctx: Awaited<ReturnType<typeof launch>>) {
  const bench = await openPage(ctx.browser, ctx.cdp);
  await bench.page.goto(app.benchUrl);
  await bench.page.waitForFunction(() => document.title === 'bench ready', null, { timeout: 60_000 });
  await bench.page.evaluate(() => (window as unknown as { bench: { start(): Promise<number> } }).bench.start());
  return bench;
}

async function floorRun(app: BuiltApp, ctx: Awaited<ReturnType<typeof launch>>, file: string, variant: FloorVariant) {
  const bench = await benchPage(app, ctx);
  try {
    await bench.page.locator('#files').setInputFiles(file);
    const result = await bench.page.evaluate(
      (v) => (window as unknown as { bench: { floor(v: string): Promise<{ ms: number; rows: number }> } }).bench.floor(v),
      variant,
    );
    return { ...result, memory: await bench.memory() };
  } catch (error) {
    return { ms: NaN, rows: 0, error: (error as Error).message, memory: await bench.memory() };
  } finally {
    await bench.close();
  }
}

async function engineRun(app: BuiltApp, ctx: Awaited<ReturnType<typeof launch>>, org: OrganisationFiles) {
  const bench = await benchPage(app, ctx);
  try {
    await bench.page.locator('#files').setInputFiles([org.deployments]);
    const run = await bench.page.evaluate(
      ([engineers, demoUrl]) =>
        (window as unknown as { bench: { engine(k: string[], e: number, s: boolean, d: string): Promise<AssessRun> } }).bench.engine(
          ['deployments'],
          engineers as number,
          true,
          demoUrl as string,
        ),
      [org.engineers, `${app.url}demo/`] as const,
    );
    const mainThread = await bench.page.evaluate(() =>
      (window as unknown as { bench: { mainThread(): Promise<Record<string, number>> } }).bench.mainThread(),
    );
    return { run, mainThread };
  } finally {
    await bench.close();
  }
}

/** The engine's stages of one import, grouped as the issue names them. */
function stagesOf(run: AssessRun) {
  const imp = run.imports[0]!;
  const s = imp.steps;
  const get = (k: string) => s[k] ?? 0;
  return {
    read: imp.phases.readFile + get('stage: register file') + get('stage: read_csv') + get('stage: JavaScript') + get('stage: count rows'),
    validate: get('stage: number lines') + get('stage: validate') + get('stage: summarise') + get('stage: drop staging') + get('stage: drop file'),
    load: imp.phases.commit,
    metrics: imp.phases.metrics + imp.phases.summary,
    engineTotal: imp.phases.readFile + imp.phases.stage + imp.phases.commit + imp.phases.metrics + imp.phases.summary,
    recompute: run.recompute.total,
    steps: { ...s, 'metrics()': imp.phases.metrics, 'summary()': imp.phases.summary },
  };
}

/** Every path where two JSON values differ (numbers: with their relative difference). */
function differences(a: unknown, b: unknown, path = '$', out: string[] = []): string[] {
  if (Object.is(a, b)) return out;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out);
    }
    return out;
  }
  const rel = typeof a === 'number' && typeof b === 'number' ? ` (relative ${(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))).toExponential(1)})` : '';
  out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}${rel}`);
  return out;
}

// ---------------------------------------------------------------------------------------------

function machine(chromium: string) {
  const cpus = os.cpus();
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg(),
    node: process.version,
    chromium,
    duckdbWasm: version('@duckdb/duckdb-wasm'),
    duckdbNative: version('@duckdb/node-api'),
  };
}

async function main() {
  const started = performance.now();
  log(`Mesh Readiness bench: ${SIZE_NAMES.join(', ')}${QUICK ? ' (quick)' : ''}; root ${ROOT}`);
  const orgs: Record<string, OrganisationFiles> = {};
  for (const name of COLD_ONLY ? [] : SIZE_NAMES) {
    const t = performance.now();
    orgs[name] = await generateOrganisation(SIZES[name]!);
    log(`  organisation ${name}: ${mbFile(orgs[name].bytes.deployments)} deployments, ${SIZES[name]!.edges} edges, ${SIZES[name]!.domains} domains (${ms(performance.now() - t)})`);
  }

  const result: Record<string, unknown> = {
    schema: 'mesh-readiness/bench@1',
    startedAt: new Date().toISOString(),
    options: { sizes: SIZE_NAMES, quick: QUICK, runsSmall: RUNS_SMALL, root: ROOT },
  };
  const sizes: Record<string, Record<string, unknown>> = {};
  result.sizes = sizes;

  if (APP) {
    log('Building the app and the bench page…');
    const app = await buildAndServe(ROOT);
    const ctx = await launch();
    result.machine = machine(ctx.browser.version());
    result.build = { ms: app.buildMs, js: app.js };
    try {
      log('Cold start…');
      const cold: ColdStart[] = [];
      for (let i = 0; i < RUNS_SMALL; i++) cold.push(await coldStart(app, ctx));
      result.coldStart = { runs: cold.length, median: medianOf(cold.map(({ jsBeforeDuckDB: _a, jsFirstPaint: _b, ...t }) => t)), jsBeforeDuckDB: cold[0]!.jsBeforeDuckDB, jsFirstPaint: cold[0]!.jsFirstPaint };

      for (const name of COLD_ONLY ? [] : SIZE_NAMES) {
        const org = orgs[name]!;
        const runs = runsFor(SIZES[name]!.rows);
        const entry: Record<string, unknown> = { rows: SIZES[name]!.rows, edges: SIZES[name]!.edges, domains: SIZES[name]!.domains, bytes: org.bytes, runs };
        sizes[name] = entry;

        log(`${name}: floor (${runs} runs per variant)…`);
        const floors: Record<string, unknown> = {};
        for (const variant of FLOOR_VARIANTS) {
          const r = [];
          for (let i = 0; i < runs; i++) r.push(await floorRun(app, ctx, org.deployments, variant));
          floors[variant] = { ms: median(r.map((x) => x.ms)), rows: r[0]!.rows, peakRss: median(r.map((x) => x.memory.peakRss)), runs: r.map((x) => x.ms), errors: r.flatMap((x) => ('error' in x && x.error ? [x.error] : [])) };
          log(`  ${variant}: ${ms((floors[variant] as { ms: number }).ms)}`);
        }
        entry.floor = floors;

        log(`${name}: engine stages in the bench page…`);
        const engines = [];
        for (let i = 0; i < runs; i++) {
          try {
            engines.push(await engineRun(app, ctx, org));
          } catch (error) {
            log(`  engine run failed: ${(error as Error).message.split('\n')[0]}`);
          }
        }
        if (engines.length > 0) {
          entry.stages = medianOf(engines.map((e) => stagesOf(e.run)));
          entry.mainThread = medianOf(engines.map((e) => e.mainThread));
        }

        log(`${name}: the app (${runs} runs)…`);
        const apps: AppRun[] = [];
        for (let i = 0; i < runs; i++) {
          const r = await appRun(app, ctx, org, true);
          apps.push(r);
          log(`  run ${i + 1}: deployments ${ms(r.deployments?.total)}, dependencies ${ms(r.dependencies?.total)}, recompute ${ms(r.recompute?.painted)}, peak RSS ${mb(r.memory.peakRss)}${r.crashed ? `, FAILED: ${r.crashed}` : ''}`);
        }
        const ok = apps.filter((r) => !r.crashed);
        entry.app = {
          runs: apps.length,
          failures: apps.filter((r) => r.crashed).map((r) => r.crashed),
          ...(ok.length > 0 ? medianOf(ok.map(({ crashed: _c, ...r }) => r)) : {}),
          longtaskMaxOfRuns: Math.max(0, ...ok.map((r) => r.deployments?.longtaskMax ?? 0)),
        };
        const floor = (floors['buffer-auto'] as { ms: number }).ms;
        const total = (entry.app as AppRun).deployments?.total;
        entry.ratioToFloor = total !== undefined ? total / floor : null;
        await writeResult(result, started);
      }
    } finally {
      await ctx.browser.close();
      await app.close();
    }
  }

  if (NODE && !COLD_ONLY) {
    const node: Record<string, unknown> = {};
    result.node = node;
    for (const name of SIZE_NAMES) {
      const org = orgs[name]!;
      const rows = SIZES[name]!.rows;
      log(`${name}: Node, DuckDB-WASM blocking bindings vs native DuckDB…`);
      const nativeRun = await runNodeEngine('native', filesOf(org), org.engineers, { splitRefresh: true });
      // DuckDB-WASM in Node takes minutes at 5M: the full run checks agreement up to 1M.
      const wasmRun = rows <= 1_000_000 ? await runNodeEngine('wasm', filesOf(org), org.engineers, { splitRefresh: true }) : null;
      const summarise = (run: AssessRun) => ({
        total: run.imports.reduce((s, i) => s + i.phases.readFile + i.phases.stage + i.phases.commit + i.phases.metrics + i.phases.summary, 0),
        byFile: Object.fromEntries(run.imports.map((i) => [i.kind, { ...i.phases, steps: i.steps }])),
        recompute: run.recompute,
      });
      const diff = wasmRun ? differences(wasmRun.metrics, nativeRun.metrics) : null;
      node[name] = {
        native: summarise(nativeRun),
        wasm: wasmRun ? summarise(wasmRun) : null,
        metricsEqual: wasmRun ? isDeepStrictEqual(wasmRun.metrics, nativeRun.metrics) : null,
        differences: diff,
      };
      log(`  native ${ms(summarise(nativeRun).total)}${wasmRun ? `, wasm ${ms(summarise(wasmRun).total)}; metrics ${diff!.length === 0 ? 'equal' : `differ in ${diff!.length} numbers: ${diff!.slice(0, 3).join('; ')}`}` : ''}`);
      await writeResult(result, started);
    }
  }

  result.growth = growth(sizes);
  result.targets = targets(result);
  result.loadAverageAtEnd = os.loadavg();
  await writeResult(result, started);
  // A dated copy beside latest.json, so that runs can be compared.
  await writeFile(OUT.replace(/\.json$/, `-${(result.startedAt as string).replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
  log('');
  log(table(result));
  log(`\nWrote ${OUT} (${ms(performance.now() - started)})`);
}

function growth(sizes: Record<string, Record<string, unknown>>) {
  const points = Object.values(sizes)
    .map((s) => ({
      rows: s.rows as number,
      app: ((s.app as AppRun | undefined)?.deployments as AppImport | undefined)?.total,
      computed: ((s.app as AppRun | undefined)?.deployments as AppImport | undefined)?.computed,
      floor: ((s.floor as Record<string, { ms: number }> | undefined)?.['buffer-auto'])?.ms,
    }))
    .sort((a, b) => a.rows - b.rows);
  const steps = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const doublings = Math.log2(b.rows / a.rows);
    const per = (x?: number, y?: number) => (x && y ? (y / x) ** (1 / doublings) : null);
    steps.push({ from: a.rows, to: b.rows, appPerDoubling: per(a.app, b.app), computedPerDoubling: per(a.computed, b.computed), floorPerDoubling: per(a.floor, b.floor) });
  }
  return steps;
}

function targets(result: Record<string, unknown>) {
  const sizes = result.sizes as Record<string, Record<string, unknown>>;
  const oneM = sizes['1M'];
  const fiveM = sizes['5M'];
  const cold = (result.coldStart as { median: ColdStart; jsBeforeDuckDB: ColdStart['jsBeforeDuckDB'] } | undefined);
  const steps = (result.growth as { from: number; appPerDoubling: number | null }[]).filter((s) => s.from >= 100_000);
  const maxStep = steps.length ? Math.max(...steps.map((s) => s.appPerDoubling ?? Infinity)) : null;
  const app1M = oneM?.app as AppRun | undefined;
  return [
    { target: '1M events chosen → drawn ≤ 1.3 × read_csv floor', measured: oneM?.ratioToFloor ?? null, met: oneM ? (oneM.ratioToFloor as number) <= 1.3 : null },
    { target: '5M events load with progress, tab does not fail', measured: fiveM ? ((fiveM.app as { failures: string[] }).failures.length === 0 ? 'loaded' : (fiveM.app as { failures: string[] }).failures[0]) : 'not run', met: fiveM ? (fiveM.app as { failures: string[] }).failures.length === 0 : null },
    { target: 'recomputation after a change at 1M ≤ 150 ms', measured: app1M?.recompute?.painted ?? null, met: app1M?.recompute ? app1M.recompute.painted <= 150 : null },
    { target: "demo's first figures ≤ 1 s after opening", measured: cold?.median.firstFigures ?? null, met: cold ? cold.median.firstFigures <= 1000 : null },
    { target: 'JS before DuckDB ≤ 250 KB gzipped', measured: cold?.jsBeforeDuckDB.gzip ?? null, met: cold ? cold.jsBeforeDuckDB.gzip <= 250 * 1024 : null },
    { target: 'doubling rows ≤ 2.2 × time from 100k up', measured: maxStep, met: maxStep === null ? null : maxStep <= 2.2 },
    { target: 'no long task > 200 ms while 1M rows load', measured: (oneM?.app as { longtaskMaxOfRuns?: number } | undefined)?.longtaskMaxOfRuns ?? null, met: oneM ? ((oneM.app as { longtaskMaxOfRuns: number }).longtaskMaxOfRuns <= 200) : null },
  ];
}

function table(result: Record<string, unknown>): string {
  const m = result.machine as ReturnType<typeof machine> | undefined;
  const lines: string[] = [];
  if (m) lines.push(`Machine: ${m.cpu}, ${m.cores} cores, ${mb(m.memoryBytes)} RAM; Chromium ${m.chromium}; Node ${m.node}; DuckDB-WASM ${m.duckdbWasm}`);
  const sizes = result.sizes as Record<string, Record<string, unknown>>;
  const head = ['rows', 'CSV', 'chosen→drawn', 'floor', 'ratio', 'read', 'validate', 'load', 'metrics', 'charts', 'peak RSS', 'max long task', 'recompute'];
  const rows = Object.entries(sizes).map(([name, s]) => {
    const app = s.app as (AppRun & { longtaskMaxOfRuns: number; failures: string[] }) | undefined;
    const st = s.stages as ReturnType<typeof stagesOf> | undefined;
    const floor = (s.floor as Record<string, { ms: number }> | undefined)?.['buffer-auto']?.ms;
    const failed = app?.failures?.length ? ` (${app.failures.length} failed)` : '';
    return [
      name,
      mbFile((s.bytes as { deployments: number }).deployments),
      `${ms(app?.deployments?.total)}${failed}`,
      ms(floor),
      s.ratioToFloor ? `${(s.ratioToFloor as number).toFixed(1)}×` : '–',
      ms(st?.read),
      ms(st?.validate),
      ms(st?.load),
      ms(st?.metrics),
      ms(app?.deployments?.charts),
      mb(app?.memory?.peakRss),
      ms(app?.longtaskMaxOfRuns),
      ms(app?.recompute?.painted),
    ];
  });
  if (rows.length) lines.push(markdown([head, ...rows]));
  const deps = Object.entries(sizes).filter(([, s]) => (s.app as AppRun | undefined)?.dependencies);
  if (deps.length) {
    lines.push('');
    lines.push(markdown([
      ['dependency export (with the deployment log of)', 'edges', 'chosen→drawn', 'computed', 'charts'],
      ...deps.map(([name, s]) => {
        const d = (s.app as AppRun).dependencies!;
        return [name, (s.edges as number).toLocaleString('en'), ms(d.total), ms(d.computed), ms(d.charts)];
      }),
    ]));
  }
  const cold = result.coldStart as { median: ColdStart; jsBeforeDuckDB: ColdStart['jsBeforeDuckDB']; jsFirstPaint: ColdStart['jsFirstPaint'] } | undefined;
  if (cold) {
    lines.push('');
    lines.push(`Cold start (median): first paint ${ms(cold.median.firstPaint)}, first figures ${ms(cold.median.firstFigures)}, DuckDB worker requested at ${ms(cold.median.duckdbWorkerRequested)}; JS before DuckDB ${kb(cold.jsBeforeDuckDB.gzip)} gzipped (${kb(cold.jsBeforeDuckDB.bytes)} raw, ${cold.jsBeforeDuckDB.files.length} files); JS of the first paint ${kb(cold.jsFirstPaint.gzip)} gzipped`);
  }
  const g = result.growth as { from: number; to: number; appPerDoubling: number | null; floorPerDoubling: number | null }[];
  if (g?.length) {
    lines.push(`Growth per doubling of rows (app / floor): ${g.map((s) => `${s.from.toLocaleString('en')}→${s.to.toLocaleString('en')} ${s.appPerDoubling?.toFixed(2) ?? '–'}× / ${s.floorPerDoubling?.toFixed(2) ?? '–'}×`).join('; ')}`);
  }
  const node = result.node as Record<string, { native: { total: number }; wasm: { total: number } | null; differences: string[] | null }> | undefined;
  if (node) {
    lines.push('');
    lines.push(markdown([
      ['rows (whole organisation, Node)', 'DuckDB-WASM', 'native DuckDB', 'metrics'],
      ...Object.entries(node).map(([name, n]) => [
        name,
        ms(n.wasm?.total),
        ms(n.native.total),
        n.differences === null ? 'not compared' : n.differences.length === 0 ? 'equal' : `${n.differences.length} numbers differ`,
      ]),
    ]));
  }
  const t = result.targets as { target: string; measured: unknown; met: boolean | null }[] | undefined;
  if (t) {
    lines.push('');
    lines.push(markdown([
      ['target (issue 5)', 'measured', 'met'],
      ...t.map((x) => [x.target, typeof x.measured === 'number' ? (x.measured < 20 ? x.measured.toFixed(2) : x.target.includes('KB') ? kb(x.measured) : ms(x.measured)) : String(x.measured ?? '–'), x.met === null ? '–' : x.met ? 'yes' : 'no']),
    ]));
  }
  return lines.join('\n');
}

function markdown(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function writeResult(result: Record<string, unknown>, started: number) {
  result.durationMs = performance.now() - started;
  await mkdir(resolve(OUT, '..'), { recursive: true });
  await writeFile(OUT, `${JSON.stringify(result, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
