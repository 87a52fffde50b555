// `--engine native`: the command line on native DuckDB (`@duckdb/node-api`) writes the same
// metrics document as on DuckDB-WASM, and reads Parquet exports of the canonical inputs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricsSchema } from '../../src/engine/metrics-schema.ts';

const demo = (name: string) => resolve('static/demo', name);
const out = mkdtempSync(join(tmpdir(), 'mesh-cli-native-'));
const AT = '2026-03-16T09:00:00Z';
const nativeAvailable = await import('@duckdb/node-api').then(() => true, () => false);

function assess(...args: string[]) {
  const run = spawnSync(process.execPath, ['dist-cli/assess.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const DEMO_ARGS = ['--ownership', demo('ownership.csv'), '--deployments', demo('deployments.csv'),
  '--dependencies', demo('dependencies.csv'), '--answers', demo('answers.csv'), '--engineers', '180', '--assessed-at', AT];

/** Writes a CSV as Parquet with native DuckDB, as a warehouse export would arrive. */
async function toParquet(csv: string, parquet: string, select = '*') {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  await conn.run(`COPY (SELECT ${select} FROM read_csv(${quote(csv)}, all_varchar = true)) TO ${quote(parquet)} (FORMAT parquet)`);
  conn.closeSync();
  instance.closeSync();
}

beforeAll(async () => {
  await build({ configFile: 'vite.cli.config.ts', logLevel: 'warn' });
});

describe.skipIf(!nativeAvailable)('mesh-readiness --engine native', () => {
  it('writes the same metrics document as DuckDB-WASM on the demo organisation', () => {
    const wasm = join(out, 'wasm.json');
    const native = join(out, 'native.json');
    expect(assess(...DEMO_ARGS, '--json', wasm).code).toBe(0);
    const run = assess(...DEMO_ARGS, '--engine', 'native', '--json', native);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const a = metricsSchema.parse(JSON.parse(readFileSync(wasm, 'utf8')));
    const b = metricsSchema.parse(JSON.parse(readFileSync(native, 'utf8')));
    // Every figure to the last bit, on every core (sums are added in a fixed order).
    expect(b).toEqual(a);
    expect(run.stdout).toContain('Verdict:');
  }, 120_000);

  it('reads Parquet exports with the canonical columns: the same figures as their CSVs', async () => {
    const deployments = join(out, 'deployments.parquet');
    // A warehouse keeps times as TIMESTAMP: the export has a typed column, not text.
    await toParquet(demo('deployments.csv'), deployments, '* REPLACE (CAST(deployed_at AS TIMESTAMP) AS deployed_at)');
    const dependencies = join(out, 'dependencies.parquet');
    await toParquet(demo('dependencies.csv'), dependencies);
    const csv = join(out, 'csv.json');
    const parquet = join(out, 'parquet.json');
    const base = ['--ownership', demo('ownership.csv'), '--engineers', '180', '--assessed-at', AT, '--engine', 'native'];
    expect(assess(...base, '--deployments', demo('deployments.csv'), '--dependencies', demo('dependencies.csv'), '--json', csv).code).toBe(0);
    const run = assess(...base, '--deployments', deployments, '--dependencies', dependencies, '--json', parquet);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(parquet, 'utf8'))).toEqual(JSON.parse(readFileSync(csv, 'utf8')));
  }, 120_000);

  it('names a bad Parquet row by its row number', async () => {
    const csvPath = join(out, 'bad.csv');
    (await import('node:fs')).writeFileSync(csvPath, 'deployed_at,domain\n2026-03-02T10:00:00Z,sales\nnot a time,sales\n');
    const parquet = join(out, 'bad.parquet');
    await toParquet(csvPath, parquet);
    const run = assess('--deployments', parquet, '--engine', 'native', '--assessed-at', AT);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${parquet}:2: deployed_at "not a time" is not a valid date or time`);
  }, 60_000);

  it('refuses a Parquet file without --engine native, writing nothing', async () => {
    const parquet = join(out, 'deployments.parquet');
    await toParquet(demo('deployments.csv'), parquet);
    const run = assess('--deployments', parquet, '--json', join(out, 'never.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a Parquet file: read it with --engine native');
  }, 60_000);
});

describe('mesh-readiness --engine', () => {
  it('is wasm or native', () => {
    const run = assess('--deployments', demo('deployments.csv'), '--engine', 'postgres');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--engine is wasm or native, not "postgres"');
  });
});
