// The built-in demo organisation: reproducible from its generator, and what issue #2 promises.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Assessment } from '../../src/engine/assessment.ts';
import { openNodeConnector } from '../../src/engine/db/node.ts';
import { metricsSchema } from '../../src/engine/metrics-schema.ts';
import { figuresOf, loadDemoInto, readDemoSnapshot } from '../../src/ui/state/demo.ts';

// snapshot.json: the demo's figures as the engine computes them from these files (written by the
// same script with the real engine; the page shows it while DuckDB starts).
const FILES = ['deployments.csv', 'dependencies.csv', 'answers.csv', 'ownership.csv', 'profile.json', 'snapshot.json'];

describe('the demo organisation', () => {
  it('is exactly what scripts/generate-demo.ts writes, its snapshot too', () => {
    const out = mkdtempSync(join(tmpdir(), 'mesh-demo-'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-demo.ts', '--out', out], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    for (const file of FILES) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join('static/demo', file), 'utf8'));
    }
  });

  it('has 12+ domains, 120+ engineers, 20,000+ deployments over six months, hubs and unknown answers', async () => {
    const assessment = await Assessment.open(await openNodeConnector());
    for (const [kind, file] of [['ownership', 'ownership.csv'], ['deployments', 'deployments.csv'],
      ['dependencies', 'dependencies.csv'], ['answers', 'answers.csv']] as const) {
      const staged = await assessment.load(kind, { name: file, bytes: readFileSync(join('static/demo', file)) });
      expect(staged.problemCount, file).toBe(0);
    }
    const profile = JSON.parse(readFileSync('static/demo/profile.json', 'utf8'));
    await assessment.setProfile({ engineers: profile.engineers });
    const m = await assessment.metrics(new Date(profile.assessed_at));
    const summary = await assessment.summary();
    await assessment.close();

    expect(m.readiness.domain_count).toBeGreaterThanOrEqual(12);
    expect(m.readiness.engineers).toBeGreaterThanOrEqual(120);
    expect(summary.deployments.rows).toBeGreaterThanOrEqual(20_000);
    expect(m.autonomy.weekly.length).toBeGreaterThanOrEqual(26);
    const fanIns = Object.values(m.coupling.by_domain).map((d) => d.fan_in).sort((a, b) => b - a);
    expect(fanIns[0]).toBeGreaterThan(3 * fanIns[Math.floor(fanIns.length / 2)]!); // hubs stand out
    expect(summary.answers.unknown).toBeGreaterThan(0);
    expect(summary.answers.respondents).toBeGreaterThanOrEqual(3 * 12);
    // Every view has something to show: gaps, a roadmap, pilots, coordination.
    expect(m.maturity.gaps.length).toBeGreaterThan(0);
    expect(m.roadmap.length).toBeGreaterThan(0);
    expect(m.pilot_domains).toHaveLength(3);
    expect(m.autonomy.ratio).toBeGreaterThan(0.3);
    expect(m.autonomy.ratio).toBeLessThan(0.8);
  });
});

describe("the demo's snapshot", () => {
  it('is what the page computes: the same metrics, summary and statements, unchanged by JSON', async () => {
    const snapshot = readDemoSnapshot(JSON.parse(readFileSync('static/demo/snapshot.json', 'utf8')));
    expect(snapshot).not.toBeNull();
    // The page's own steps (loadDemoInto, then figuresOf as after every change) on a fresh engine.
    const db = await openNodeConnector();
    const a = await Assessment.open(db);
    const demo = await loadDemoInto(a, async (name) => readFileSync(join('static/demo', name)));
    const figures = await figuresOf(a, demo.assessedAt!);
    await db.close();
    // What the page holds after JSON.parse is exactly what the engine returned.
    expect(snapshot!.metrics).toStrictEqual(figures.metrics);
    expect(snapshot!.summary).toStrictEqual(figures.summary);
    expect(snapshot!.questions).toStrictEqual(figures.questions);
    expect(metricsSchema.parse(snapshot!.metrics)).toStrictEqual(snapshot!.metrics);
    expect(snapshot!.organisation).toBe(demo.organisation);
    expect(snapshot!.engineers).toBe(demo.engineers);
    expect(snapshot!.warnings).toStrictEqual(Object.fromEntries(demo.staged.map((s) => [s.kind, s.warnings])));
  });
});
