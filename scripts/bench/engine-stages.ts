// The engine's own stages, timed from outside the engine: a Connector wrapper that times every
// call DuckDB answers and names it by the statement it ran, and a runner that stages, commits
// and computes the metrics of files through the real `Assessment`. Used by the bench page (the
// browser's DuckDB-WASM) and by the Node part of the bench (DuckDB-WASM blocking bindings and
// native DuckDB). Nothing in the app changes for it.
import { Assessment } from '../../src/engine/assessment.ts';
import type { Connector, Row } from '../../src/engine/db/connector.ts';
import type { InputKind, InputSummary, StagedImport } from '../../src/engine/inputs.ts';
import type { Metrics } from '../../src/engine/metrics-schema.ts';

/** Milliseconds by step name, in the order first seen. */
export type Timings = Record<string, number>;

/** What a statement does, by its text (the engine's statements are ours and few). */
export function stepOf(sql: string): string {
  const s = sql.trim();
  if (/read_csv\(/.test(s) && /row_number\(\) OVER \(\)/.test(s)) return 'read_csv';
  if (/ASOF LEFT JOIN|row_index \+ 1/.test(s)) return 'number lines';
  if (/count\(\*\) AS rows FROM raw_/.test(s)) return 'count rows';
  if (/^CREATE OR REPLACE TABLE stage_/.test(s)) return 'validate';
  if (/^DROP TABLE IF EXISTS (raw|stage)_/.test(s)) return 'drop staging';
  if (/FROM stage_\d+/.test(s) && !/^INSERT/.test(s)) return 'summarise';
  if (/^(BEGIN|COMMIT|ROLLBACK)/.test(s)) return 'transaction';
  if (/^DELETE FROM/.test(s) && !/\n/.test(s)) return 'delete';
  if (/^INSERT INTO (deployments|dependencies|answers|questions|ownership) \(source/.test(s)) return 'insert';
  if (/^INSERT INTO sources/.test(s)) return 'insert';
  if (/^(--[^\n]*\n\s*)*DELETE FROM \w+;\s*\nINSERT INTO/.test(s)) return 'refresh';
  if (/^INSERT INTO domains SELECT/.test(s)) return 'refresh domains';
  const refreshed = /^INSERT INTO (\w+)\s+SELECT/.exec(s);
  if (refreshed && !/^INSERT INTO (deployments|dependencies|answers|questions|ownership|sources)\b/.test(s)) return `refresh ${refreshed[1]}`;
  if (/^INSERT INTO deployment_facts/.test(s)) return 'refresh deployment_facts';
  if (/^INSERT INTO dependency_edges/.test(s)) return 'refresh dependency_edges';
  if (/^UPDATE profile/.test(s)) return 'profile';
  const view = /\bFROM (\w+)/.exec(s);
  return view ? `query ${view[1]}` : 'other';
}

export interface TimedConnector extends Connector {
  /** Wall time per step since the last `take()`, then cleared. */
  take(): Timings;
  /** CPU time of this process per step since the last `take()` (Node only: null in a page).
   *  On a busy machine it is the steadier figure for single-threaded DuckDB-WASM. */
  lastCpu(): Timings | null;
}

const cpuNow: (() => number) | null =
  typeof process !== 'undefined' && typeof process.cpuUsage === 'function'
    ? () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      }
    : null;

/**
 * Times every call of `inner`. With `splitRefresh`, the refresh script (run inside the commit's
 * transaction) runs statement by statement so each derived table gets its own time.
 */
export function timedConnector(inner: Connector, options: { splitRefresh?: boolean; refreshSql?: string } = {}): TimedConnector {
  let timings: Timings = {};
  let cpu: Timings = {};
  let lastCpu: Timings | null = null;
  async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const cpuStarted = cpuNow?.() ?? 0;
    try {
      return await run();
    } finally {
      timings[step] = (timings[step] ?? 0) + performance.now() - started;
      if (cpuNow) cpu[step] = (cpu[step] ?? 0) + cpuNow() - cpuStarted;
    }
  }
  return {
    query<T = Row>(sql: string, params?: readonly unknown[]) {
      return timed(stepOf(sql), () => inner.query<T>(sql, params));
    },
    async exec(sql: string) {
      // The refresh script (or a part of it, when a commit refreshes only what its input feeds).
      if (options.splitRefresh && (sql === options.refreshSql || /^\s*(--[^\n]*\n\s*)*DELETE FROM \w+;\s*\nINSERT INTO \w+/.test(sql))) {
        for (const statement of splitStatements(sql)) await timed(stepOf(statement), () => inner.exec(statement));
        return;
      }
      await timed(stepOf(sql), () => inner.exec(sql));
    },
    registerFile(name: string, bytes: Uint8Array) {
      return timed('register file', () => inner.registerFile(name, bytes));
    },
    dropFile(name: string) {
      return timed('drop file', () => inner.dropFile(name));
    },
    close: () => inner.close(),
    take() {
      const out = timings;
      lastCpu = cpuNow ? cpu : null;
      timings = {};
      cpu = {};
      return out;
    },
    lastCpu: () => lastCpu,
  };
}

/** Our own scripts: statements end with `;` at the end of a line, comments start with `--`. */
export function splitStatements(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s !== '');
}

export interface FileInput {
  kind: InputKind;
  name: string;
  /** Reads the bytes (a `File`'s arrayBuffer in the page, a readFile in Node): timed as "read file". */
  bytes(): Promise<Uint8Array>;
}

export interface StageRun {
  kind: InputKind;
  /** Wall time of each phase of the import, ms. */
  phases: { readFile: number; stage: number; commit: number; metrics: number; summary: number };
  /** DuckDB time by step within stage and commit; `stage: JavaScript` is the rest of stage. */
  steps: Timings;
  /** The same steps in CPU time of this process (Node only), with `metrics()` and `summary()`. */
  stepsCpu: Timings | null;
  staged: Omit<StagedImport, 'id'>;
}

export interface AssessRun {
  open: number;
  imports: StageRun[];
  metrics: Metrics;
  /** The input summary after the last change (what the page shows beside the figures). */
  summary: InputSummary;
  /** Engineers changed, then metrics and summary again: what a change of the profile costs. */
  recompute: { setProfile: number; metrics: number; summary: number; total: number };
}

const sum = (t: Timings) => Object.values(t).reduce((a, b) => a + b, 0);

/** Opens an assessment on `connector` and loads `files` one by one as the page does. */
export async function assessFiles(
  connector: TimedConnector,
  files: readonly FileInput[],
  options: { engineers?: number | null; assessedAt?: Date; warmup?: readonly FileInput[] } = {},
): Promise<AssessRun> {
  let t = performance.now();
  const a = await Assessment.open(connector);
  const open = performance.now() - t;
  // As in the page, where the demo is loaded and computed before a file is chosen: DuckDB has
  // planned every view once, and the measured file replaces one of the demo's.
  for (const file of options.warmup ?? []) {
    await a.commit(await a.stage(file.kind, { name: file.name, bytes: await file.bytes() }));
  }
  if (options.warmup?.length) {
    await a.metrics(options.assessedAt ?? new Date());
    await a.summary();
  }
  connector.take();
  const imports: StageRun[] = [];
  let metrics: Metrics | null = null;
  for (const file of files) {
    t = performance.now();
    const bytes = await file.bytes();
    const readFile = performance.now() - t;
    t = performance.now();
    const staged = await a.stage(file.kind, { name: file.name, bytes });
    const stage = performance.now() - t;
    const stageSteps = connector.take();
    const stageCpu = connector.lastCpu();
    t = performance.now();
    await a.commit(staged);
    const commit = performance.now() - t;
    const commitSteps = connector.take();
    const commitCpu = connector.lastCpu();
    t = performance.now();
    metrics = await a.metrics(options.assessedAt ?? new Date());
    const metricsMs = performance.now() - t;
    connector.take();
    const metricsCpu = connector.lastCpu();
    t = performance.now();
    await a.summary();
    const summary = performance.now() - t;
    connector.take();
    const summaryCpu = connector.lastCpu();
    const { id: _id, ...rest } = staged;
    imports.push({
      kind: file.kind,
      phases: { readFile, stage, commit, metrics: metricsMs, summary },
      steps: {
        ...prefixed('stage', stageSteps),
        'stage: JavaScript': stage - sum(stageSteps),
        ...prefixed('commit', commitSteps),
      },
      stepsCpu:
        stageCpu && commitCpu && metricsCpu && summaryCpu
          ? {
              ...prefixed('stage', stageCpu),
              ...prefixed('commit', commitCpu),
              ...prefixed('metrics()', metricsCpu),
              ...prefixed('summary()', summaryCpu),
            }
          : null,
      staged: rest,
    });
  }
  t = performance.now();
  await a.setProfile({ engineers: (options.engineers ?? 100) + 1, domainCountOverride: null });
  const setProfile = performance.now() - t;
  t = performance.now();
  metrics = await a.metrics(options.assessedAt ?? new Date());
  const recomputeMetrics = performance.now() - t;
  t = performance.now();
  const summary = await a.summary();
  const recomputeSummary = performance.now() - t;
  await a.close();
  return {
    open,
    imports,
    metrics: metrics!,
    summary,
    recompute: {
      setProfile,
      metrics: recomputeMetrics,
      summary: recomputeSummary,
      total: setProfile + recomputeMetrics + recomputeSummary,
    },
  };
}

function prefixed(prefix: string, timings: Timings): Timings {
  return Object.fromEntries(Object.entries(timings).map(([k, v]) => [`${prefix}: ${k}`, v]));
}
