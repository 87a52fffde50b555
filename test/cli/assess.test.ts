// The command line as a user runs it: the built `mesh-readiness` binary on files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { Assessment } from '../../src/engine/assessment.ts';
import { openNodeConnector } from '../../src/engine/db/node.ts';
import { metricsSchema } from '../../src/engine/metrics-schema.ts';

const fixture = (name: string) => join('test/fixtures/small', name);
const out = mkdtempSync(join(tmpdir(), 'mesh-cli-'));
const AT = '2026-03-16T09:00:00Z';

function assess(...args: string[]) {
  const run = spawnSync(process.execPath, ['dist-cli/assess.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  await build({ configFile: 'vite.cli.config.ts', logLevel: 'warn' });
});

describe('mesh-readiness command line', () => {
  it('exits 0 when every row is accepted, prints a summary and writes the metrics document', () => {
    const json = join(out, 'ok.json');
    const run = assess('--deployments', fixture('deployments.csv'), '--ownership', fixture('ownership.csv'),
      '--dependencies', fixture('dependencies.csv'), '--engineers', '40', '--assessed-at', AT, '--json', json);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Worked out in test/fixtures/small/README.md.
    expect(run.stdout).toContain('Autonomy: 0.50 (2 independent of 4 counted');
    expect(run.stdout).toContain('Communication overhead: 2 cross-domain edges of 3');
    expect(run.stdout).toContain('Verdict: Stay centralized'); // 40 engineers, 2 domains
    const metrics = metricsSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(metrics.autonomy.excluded).toEqual({ status: 1, environment: 1, duplicate_id: 1 });
    expect(metrics.autonomy.weekly).toEqual([
      { week: '2026-W10', ratio: 1 / 3, independent: 1, total: 3 },
      { week: '2026-W11', ratio: 1, independent: 1, total: 1 },
    ]);
    expect(metrics.coupling.coupling_share).toBeCloseTo(2 / 3, 12);
  });

  it('gives the same document as the engine in-process on the same files', async () => {
    const json = join(out, 'same.json');
    assess('--deployments', fixture('deployments.csv'), '--ownership', fixture('ownership.csv'),
      '--dependencies', fixture('dependencies.csv'), '--engineers', '40', '--assessed-at', AT, '--json', json);
    const assessment = await Assessment.open(await openNodeConnector());
    for (const [kind, name] of [['ownership', 'ownership.csv'], ['deployments', 'deployments.csv'],
      ['dependencies', 'dependencies.csv']] as const) {
      await assessment.load(kind, { name, bytes: readFileSync(fixture(name)) });
    }
    await assessment.setProfile({ engineers: 40 });
    const inProcess = await assessment.metrics(new Date(AT));
    await assessment.close();
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(inProcess);
  });

  it('exits 3 and names each rejected row as file:line: reason, still writing the valid rows', () => {
    const json = join(out, 'partial.json');
    const file = fixture('deployments-bad.csv');
    const run = assess('--deployments', file, '--json', json);
    expect(run.code).toBe(3);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe(`${file}:3: deployed_at "2026-02-30T09:00:00Z" is not a valid date or time (ISO 8601, e.g. 2024-03-01T10:00:00Z)`);
    expect(lines[1]).toBe(`${file}:4: independent "perhaps" is neither true nor false`);
    // Lines 2 and 5 remain: Sales independent, Billing coordinated → 1 / 2.
    const metrics = metricsSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(metrics.autonomy).toMatchObject({ independent: 1, total: 2, ratio: 0.5 });
  });

  it('exits 2 and writes nothing for a file it cannot read as CSV', () => {
    const json = join(out, 'broken.json');
    const file = fixture('deployments-unclosed.csv');
    const run = assess('--deployments', file, '--json', json);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/deployments-unclosed\.csv:2: a quoted value is never closed/);
    expect(existsSync(json)).toBe(false);
  });

  it('adds up repeated --deployments files, counting a repeated deployment id once', () => {
    const json = join(out, 'two-logs.json');
    const run = assess('--deployments', fixture('deployments.csv'), '--deployments', fixture('deployments-second.csv'),
      '--ownership', fixture('ownership.csv'), '--json', json);
    expect(run.code).toBe(0);
    // Worked out in test/fixtures/small/README.md: 3 independent of 5 counted.
    const metrics = metricsSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(metrics.autonomy).toMatchObject({ independent: 3, total: 5, ratio: 0.6 });
    expect(metrics.autonomy.excluded).toEqual({ status: 1, environment: 1, duplicate_id: 2 });
  });

  it('exits 2 for a file it does not recognise as the flag says, writing nothing', () => {
    const json = join(out, 'unrecognised.json');
    const run = assess('--deployments', fixture('not-an-input.csv'), '--json', json);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not-an-input.csv: not recognised: its columns (colour, size) match no input (map its columns with --mapping FILE)');
    const wrongKind = assess('--dependencies', fixture('deployments.csv'), '--json', json);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('its columns are those of a deployment log, not a dependency export');
    expect(existsSync(json)).toBe(false);
  });

  it('reads a CSV with headers of its own through --mapping', () => {
    const json = join(out, 'mapped.json');
    const file = 'test/fixtures/surveys/deployments-own-headers.csv';
    expect(assess('--deployments', file, '--json', json).code).toBe(2); // no mapping: not recognised
    const run = assess('--deployments', file, '--mapping', fixture('own-headers-mapping.json'), '--json', json);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Three deployments (Sales, Sales, Billing), no coordination named or shared: 3 of 3 independent.
    const metrics = metricsSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(metrics.autonomy).toMatchObject({ independent: 3, total: 3, ratio: 1 });
    expect(metrics.domains.map((d) => d.key)).toEqual(['billing', 'sales']);
  });

  it('reads real-world formats through the same flags: a Backstage catalog over 13 files, GitHub events', () => {
    const json = join(out, 'real.json');
    const catalog = readdirSync('test/fixtures/real/dependencies/backstage/rhdh-showcase', { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join('test/fixtures/real/dependencies/backstage/rhdh-showcase', f));
    const github = 'test/fixtures/real/deployments/github-webhooks';
    const run = assess(...catalog.flatMap((f) => ['--dependencies', f]),
      '--deployments', join(github, 'deployment.payload.json'), '--deployments', join(github, 'deployment_status.payload.json'),
      '--json', json);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: 1 deployment status merged into its deployment');
    const metrics = metricsSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    // The showcase component dependsOn 5 resources; all sit in system janus-idp, which names no
    // domain, so their owner janus-authors stands for it: 5 self-edges, no overhead.
    expect(metrics.coupling).toMatchObject({ total_edges: 5, overhead: 0, coupling_share: 0 });
    // One GitHub deployment, its status (success, production) read with it: 1 of 1 independent;
    // its repository is in no ownership map: unassigned.
    expect(metrics.autonomy).toMatchObject({ independent: 1, total: 1, ratio: 1 });
    expect(metrics.domains.map((d) => d.key)).toEqual(['janus-authors', 'unassigned']);
  });

  it('exits 2 on a usage error or a missing file, writing nothing', () => {
    const json = join(out, 'usage.json');
    expect(assess('--json', json).code).toBe(2);
    expect(assess('--deployments', fixture('deployments.csv'), '--engineers', 'many', '--json', json).code).toBe(2);
    const missing = assess('--deployments', join(out, 'no-such.csv'), '--json', json);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such.csv: cannot be read (ENOENT)');
    expect(existsSync(json)).toBe(false);
  });
});
