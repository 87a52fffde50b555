// The same files through DuckDB-WASM (the browser's engine, here in Node's blocking bindings)
// and native DuckDB (`@duckdb/node-api`, the command line's `--engine native`) give the same
// metrics document, the same input summary and the same staged imports (rows, problems with their
// lines, warnings), figure for figure.
//
// Native DuckDB runs on one thread and on every core; DuckDB-WASM on one. Every figure must be
// identical, to the last bit: the sums of fractional scores are added in a fixed order in
// maturity.sql (`sum(… ORDER BY source, line)`, `avg(… ORDER BY domain)`), so the number of
// threads cannot change a digit.
//
// The regular run uses the demo organisation and a generated 100k-row organisation with bad rows
// (20 s); MESH_NATIVE_ROWS=1000000 runs the 1M one (about 90 s; `npm run bench` also compares the
// whole 1M organisation on both engines).
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Assessment } from '../../src/engine/assessment.ts';
import type { Connector } from '../../src/engine/db/connector.ts';
import { openNodeConnector } from '../../src/engine/db/node.ts';
import type { InputKind, StagedImport } from '../../src/engine/inputs.ts';
import { metricsSchema } from '../../src/engine/metrics-schema.ts';
import { generateOrganisation } from '../../scripts/bench/generate.ts';

const ROOT = join(import.meta.dirname, '../..');
const ROWS = Number(process.env.MESH_NATIVE_ROWS ?? 100_000);
const ASSESSED_AT = new Date('2026-01-05T00:00:00Z');

const nativeAvailable = await import('@duckdb/node-api').then(
  () => true,
  () => false,
);

type Files = [InputKind, string][];

interface Outcome {
  metrics: unknown;
  summary: unknown;
  staged: Omit<StagedImport, 'id'>[];
}

/** Loads the files in order (ownership first: the others resolve services through it). */
async function assess(open: () => Promise<Connector>, files: Files, engineers: number | null): Promise<Outcome> {
  const a = await Assessment.open(await open());
  try {
    const staged: Omit<StagedImport, 'id'>[] = [];
    for (const [kind, path] of files) {
      const s = await a.stage(kind, { name: basename(path), bytes: new Uint8Array(await readFile(path)) });
      await a.commit(s);
      const { id: _id, ...rest } = s;
      staged.push(rest);
    }
    await a.setProfile({ engineers, domainCountOverride: null });
    const metrics = metricsSchema.parse(await a.metrics(ASSESSED_AT));
    return { metrics, summary: await a.summary(), staged };
  } finally {
    await a.close();
  }
}

/**
 * Every path where two JSON values differ: an empty list when they are deep-equal. Numbers that
 * are not whole may differ by `tolerance` (relative); whole numbers, strings, booleans, nulls,
 * keys and lengths never.
 */
function differences(a: unknown, b: unknown, tolerance = 0, path = '$', out: string[] = []): string[] {
  if (Object.is(a, b)) return out;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && Array.isArray(a) === Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], tolerance, `${path}.${key}`, out);
    }
    return out;
  }
  if (
    typeof a === 'number' &&
    typeof b === 'number' &&
    !(Number.isInteger(a) && Number.isInteger(b)) &&
    Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b))
  ) {
    return out;
  }
  out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return out;
}

async function compareEngines(files: Files, engineers: number | null): Promise<Outcome> {
  const { openNativeConnector } = await import('../../src/engine/db/native.ts');
  const wasm = await assess(openNodeConnector, files, engineers);
  const oneThread = await assess(() => openNativeConnector({ threads: 1 }), files, engineers);
  expect(differences(wasm, oneThread).slice(0, 50), 'native DuckDB on one thread').toEqual([]);
  const allCores = await assess(() => openNativeConnector(), files, engineers);
  expect(differences(wasm, allCores).slice(0, 50), 'native DuckDB on every core').toEqual([]);
  return wasm;
}

describe.skipIf(!nativeAvailable)('native DuckDB and DuckDB-WASM', () => {
  it('agree on every figure of the demo organisation', async () => {
    const demo = join(ROOT, 'static/demo');
    const profile = JSON.parse(await readFile(join(demo, 'profile.json'), 'utf8')) as { engineers: number };
    await compareEngines(
      [
        ['ownership', join(demo, 'ownership.csv')],
        ['deployments', join(demo, 'deployments.csv')],
        ['dependencies', join(demo, 'dependencies.csv')],
        ['answers', join(demo, 'answers.csv')],
      ],
      profile.engineers,
    );
  }, 120_000);

  it(`agree on every figure of a generated ${ROWS.toLocaleString('en')}-row organisation with bad rows`, async () => {
    const org = await generateOrganisation(
      { rows: ROWS, edges: Math.min(100_000, ROWS / 10), domains: 200, badEvery: 4_999 },
      join(tmpdir(), 'mesh-readiness-bench'),
    );
    const wasm = await compareEngines(
      [
        ['ownership', org.ownership],
        ['deployments', org.deployments],
        ['dependencies', org.dependencies],
        ['answers', org.answers],
      ],
      org.engineers,
    );
    // The organisation exercises what it should: exclusions, bad rows, coordination, many domains.
    const m = wasm.metrics as { autonomy: { independent: number; total: number; excluded: Record<string, number> }; domains: unknown[] };
    expect(m.autonomy.excluded.status).toBeGreaterThan(0);
    expect(m.autonomy.excluded.environment).toBeGreaterThan(0);
    expect(m.autonomy.excluded.duplicate_id).toBeGreaterThan(0);
    expect(m.autonomy.independent).toBeLessThan(m.autonomy.total);
    expect(m.domains.length).toBeGreaterThan(150);
    expect(wasm.staged.find((s) => s.kind === 'deployments')!.problemCount).toBeGreaterThan(0);
  }, 600_000);
});
