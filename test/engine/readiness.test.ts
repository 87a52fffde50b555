// SPEC "Mesh readiness": scale test, domain count (and its override), phase gates at their
// exact boundaries, "a missing input never promotes", blocked_by, and the verdict.
// Pillar scores come from BANK_0_100 (one question per pillar, scale 0–100, one domain "core")
// so that an answer x gives the organisation pillar score x exactly; autonomy comes from a log
// with explicit independent=true/false flags.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Engine,
  PILLAR_TEXT,
  fresh,
  load,
  loadAutonomy,
  loadPillars,
  metrics,
  openEngine,
} from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});
afterAll(async () => {
  await engine?.close();
});
beforeEach(async () => {
  await fresh(engine.a);
});

/** A dependency export naming n distinct domains d01…dn (a chain d01→d02→…). */
async function loadDomains(n: number): Promise<void> {
  const names = Array.from({ length: n }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);
  const rows = names.map((name, i) => `${name},${names[(i + 1) % n]}`);
  await load(engine.a, 'dependencies', ['from_domain,to_domain', ...rows].join('\n'));
}

describe('scale warrants a mesh', () => {
  it.each([
    // engineers, domains, expected        why
    [150, 11, true], //                     150 > 100 and 11 > 10
    [101, 11, true], //                     101 > 100
    [100, 11, false], //                    100 is not > 100
    [150, 10, false], //                    10 is not > 10
    [150, 0, false], //                     no domain at all, engineers known
    [null, 11, true], //                    engineers unknown: domains alone, 11 > 10
    [null, 10, false], //                   engineers unknown: 10 is not > 10
    [null, 0, null], //                     engineers unknown and no domain: undecided
  ])('engineers %s, %i domains → %s', async (engineers, domains, expected) => {
    const { a } = engine;
    if (domains > 0) await loadDomains(domains);
    await a.setProfile({ engineers, domainCountOverride: null });
    const m = await metrics(a);
    expect(m.readiness.engineers).toBe(engineers);
    expect(m.readiness.domain_count).toBe(domains);
    expect(m.readiness.scale_warrants_mesh).toBe(expected);
  });

  it('a change of the profile after a read gives what a fresh engine computes', async () => {
    // The engine re-reads only the profile's figures when no input changed since the last
    // document: the result must equal a full read on another engine with the same inputs.
    const { a } = engine;
    await loadDomains(12);
    await a.setProfile({ engineers: 50, domainCountOverride: null });
    expect((await metrics(a)).readiness.verdict).toBe('stay-centralized'); // 50 ≤ 100
    await a.setProfile({ engineers: 150, domainCountOverride: null });
    const changed = await metrics(a);
    // The same 12-domain chain loaded on a second engine.
    const other = await openEngine();
    try {
      const rows = Array.from({ length: 12 }, (_, i) => `d${String(i + 1).padStart(2, '0')},d${String(((i + 1) % 12) + 1).padStart(2, '0')}`);
      await load(other.a, 'dependencies', ['from_domain,to_domain', ...rows].join('\n'));
      await other.a.setProfile({ engineers: 150, domainCountOverride: null });
      expect(changed).toEqual(await metrics(other.a));
      expect(changed.readiness.scale_warrants_mesh).toBe(true); // 150 > 100 and 12 > 10
      // An input change after it is read in full again.
      await load(a, 'dependencies', 'from_domain,to_domain\nx1,x2');
      expect((await metrics(a)).domains.map((d) => d.key)).toEqual(['x1', 'x2']);
    } finally {
      await other.close();
    }
  });

  it('the domain count override replaces the counted domains', async () => {
    const { a } = engine;
    // 2 counted domains, override 12 → domain_count 12, 150 > 100 and 12 > 10 → true
    await loadDomains(2);
    await a.setProfile({ engineers: 150, domainCountOverride: 12 });
    let m = await metrics(a);
    expect(m.readiness.domain_count).toBe(12);
    expect(m.readiness.scale_warrants_mesh).toBe(true);
    // 11 counted domains, override 3 → domain_count 3 → false
    await a.reset();
    await loadDomains(11);
    await a.setProfile({ engineers: 150, domainCountOverride: 3 });
    m = await metrics(a);
    expect(m.readiness.domain_count).toBe(3);
    expect(m.readiness.scale_warrants_mesh).toBe(false);
    // the `domains` list itself is what the inputs hold, not the override
    expect(m.domains).toHaveLength(11);
  });

  it('unassigned never counts as a domain', async () => {
    const { a } = engine;
    // 10 named domains + rows landing in unassigned → domain_count 10, not 11 → false
    await loadDomains(10);
    await load(a, 'deployments', 'deployed_at,service\n2025-12-01T10:00:00Z,orphan\n');
    await a.setProfile({ engineers: 500, domainCountOverride: null });
    const m = await metrics(a);
    expect(m.domains.map((d) => d.key)).toContain('unassigned');
    expect(m.readiness.domain_count).toBe(10);
    expect(m.readiness.scale_warrants_mesh).toBe(false);
  });
});

describe('current phase and blocked_by', () => {
  it('nothing loaded → phase 1, blocked by data_as_product not assessed', async () => {
    const m = await metrics(engine.a);
    expect(m.readiness.phase).toBe(1);
    expect(m.readiness.blocked_by).toHaveLength(1);
    expect(m.readiness.blocked_by[0]).toMatch(/not assessed/i);
    expect(m.readiness.blocked_by[0]).toMatch(PILLAR_TEXT.data_as_product);
  });

  it('data_as_product 39.99 → phase 1 with one unmet condition', async () => {
    const { a } = engine;
    // everything else perfect; the first step still fails: 39.99 < 40
    await loadPillars(a, {
      domain_ownership: 100,
      data_as_product: 39.99,
      self_serve_platform: 100,
      federated_governance: 100,
    });
    await loadAutonomy(a, 1, 1);
    const m = await metrics(a);
    expect(m.readiness.phase).toBe(1);
    expect(m.readiness.blocked_by).toHaveLength(1);
    expect(m.readiness.blocked_by[0]).toMatch(PILLAR_TEXT.data_as_product);
    expect(m.readiness.blocked_by[0]).not.toMatch(/not assessed/i);
  });

  it('data_as_product exactly 40 → phase 2; the three phase-3 inputs missing each block', async () => {
    const { a } = engine;
    // DP 40 ≥ 40 → phase 2. Phase 3 needs DO ≥ 60 (not assessed), SS ≥ 40 (not assessed),
    // autonomy ≥ 0.5 (no deployment log) → 3 strings
    await loadPillars(a, { data_as_product: 40 });
    const m = await metrics(a);
    expect(m.readiness.phase).toBe(2);
    const blocked = m.readiness.blocked_by;
    expect(blocked).toHaveLength(3);
    expect(blocked.filter((b) => /not assessed/i.test(b))).toHaveLength(2);
    expect(blocked.some((b) => /not assessed/i.test(b) && PILLAR_TEXT.domain_ownership.test(b))).toBe(true);
    expect(blocked.some((b) => /not assessed/i.test(b) && PILLAR_TEXT.self_serve_platform.test(b))).toBe(true);
    expect(blocked.filter((b) => /deployment log/i.test(b))).toHaveLength(1);
  });

  it('phase 3 at exactly DO 60, SS 40, autonomy 0.5 (1 of 2)', async () => {
    const { a } = engine;
    // DP 40 → phase 2; DO 60 ≥ 60, SS 40 ≥ 40, autonomy 1/2 = 0.5 ≥ 0.5 → phase 3.
    // Phase 4 needs every pillar ≥ 60 and autonomy ≥ 0.8; unmet: DP 40, SS 40,
    // FG not assessed, autonomy 0.5 → 4 strings (DO 60 is met)
    await loadPillars(a, { domain_ownership: 60, data_as_product: 40, self_serve_platform: 40 });
    await loadAutonomy(a, 1, 2);
    const m = await metrics(a);
    expect(m.readiness.phase).toBe(3);
    const blocked = m.readiness.blocked_by;
    expect(blocked).toHaveLength(4);
    expect(blocked.filter((b) => /not assessed/i.test(b))).toHaveLength(1);
    expect(blocked.find((b) => /not assessed/i.test(b))).toMatch(PILLAR_TEXT.federated_governance);
    expect(blocked.some((b) => PILLAR_TEXT.data_as_product.test(b))).toBe(true);
    expect(blocked.some((b) => PILLAR_TEXT.self_serve_platform.test(b))).toBe(true);
    expect(blocked.some((b) => PILLAR_TEXT.domain_ownership.test(b))).toBe(false);
    expect(blocked.some((b) => /autonomy/i.test(b))).toBe(true);
  });

  it.each([
    // DO, SS, independent, total → phase   (DP 100 and FG 100 throughout)
    [59.99, 100, 1, 1, 2], // DO 59.99 < 60
    [100, 39.99, 1, 1, 2], // SS 39.99 < 40
    [100, 100, 4, 9, 2], //   autonomy 4/9 = 0.444 < 0.5
    [100, 100, 3, 4, 3], //   autonomy 3/4 = 0.75: phase 3 but < 0.8
    [100, 59.99, 4, 5, 3], // SS 59.99 ≥ 40 but < 60 for phase 4
    [100, 100, 4, 5, 4], //   autonomy 4/5 = 0.8 exactly, every pillar ≥ 60
    [60, 60, 4, 5, 4], //     pillars exactly 60
  ])('DO %f, SS %f, autonomy %i/%i → phase %i', async (dom, ss, independent, total, phase) => {
    const { a } = engine;
    await loadPillars(a, {
      domain_ownership: dom,
      data_as_product: 100,
      self_serve_platform: ss,
      federated_governance: 100,
    });
    await loadAutonomy(a, independent, total);
    const m = await metrics(a);
    expect(m.readiness.phase).toBe(phase);
    // one unmet condition of the next phase in each case, none at phase 4
    expect(m.readiness.blocked_by).toHaveLength(phase === 4 ? 0 : 1);
  });

  it('each step needs the one before: DP 30 stays phase 1 however good the rest', async () => {
    const { a } = engine;
    await loadPillars(a, {
      domain_ownership: 100,
      data_as_product: 30,
      self_serve_platform: 100,
      federated_governance: 100,
    });
    await loadAutonomy(a, 5, 5);
    const m = await metrics(a);
    expect(m.readiness.phase).toBe(1);
    expect(m.readiness.blocked_by).toHaveLength(1);
  });

  it('no deployment log: at most phase 2, and the log is named as the deciding input', async () => {
    const { a } = engine;
    await loadPillars(a, {
      domain_ownership: 100,
      data_as_product: 100,
      self_serve_platform: 100,
      federated_governance: 100,
    });
    const m = await metrics(a);
    expect(m.readiness.phase).toBe(2);
    expect(m.readiness.blocked_by).toHaveLength(1);
    expect(m.readiness.blocked_by[0]).toMatch(/deployment log/i);
  });

  it('a log whose rows are all excluded gives no ratio and does not promote', async () => {
    const { a } = engine;
    await loadPillars(a, {
      domain_ownership: 100,
      data_as_product: 100,
      self_serve_platform: 100,
      federated_governance: 100,
    });
    await load(
      a,
      'deployments',
      'deployed_at,domain,status\n2025-12-01T10:00:00Z,core,failed\n',
    );
    const m = await metrics(a);
    expect(m.autonomy.ratio).toBeNull();
    expect(m.readiness.phase).toBe(2);
    expect(m.readiness.blocked_by).toHaveLength(1);
  });

  it('governance not assessed blocks phase 4 only', async () => {
    const { a } = engine;
    await loadPillars(a, { domain_ownership: 100, data_as_product: 100, self_serve_platform: 100 });
    await loadAutonomy(a, 1, 1);
    const m = await metrics(a);
    expect(m.readiness.phase).toBe(3);
    expect(m.readiness.blocked_by).toHaveLength(1);
    expect(m.readiness.blocked_by[0]).toMatch(/not assessed/i);
    expect(m.readiness.blocked_by[0]).toMatch(PILLAR_TEXT.federated_governance);
  });
});

describe('verdict', () => {
  // phase set-ups: 1 = nothing, 2 = DP 40, 3 = DO 60 + DP 40 + SS 40 + autonomy 1/2,
  // 4 = all pillars 100 + autonomy 1/1
  async function reachPhase(phase: 1 | 2 | 3 | 4): Promise<void> {
    const { a } = engine;
    if (phase === 2) await loadPillars(a, { data_as_product: 40 });
    if (phase === 3) {
      await loadPillars(a, { domain_ownership: 60, data_as_product: 40, self_serve_platform: 40 });
      await loadAutonomy(a, 1, 2);
    }
    if (phase === 4) {
      await loadPillars(a, {
        domain_ownership: 100,
        data_as_product: 100,
        self_serve_platform: 100,
        federated_governance: 100,
      });
      await loadAutonomy(a, 1, 1);
    }
  }

  it.each([
    [1, 'not-ready'],
    [2, 'pilot'],
    [3, 'expand'],
    [4, 'operate'],
  ] as const)('scale warrants a mesh, phase %i → %s', async (phase, verdict) => {
    await reachPhase(phase);
    // 150 engineers > 100, override 11 domains > 10
    await engine.a.setProfile({ engineers: 150, domainCountOverride: 11 });
    const m = await metrics(engine.a);
    expect(m.readiness.scale_warrants_mesh).toBe(true);
    expect(m.readiness.phase).toBe(phase);
    expect(m.readiness.verdict).toBe(verdict);
  });

  it.each([1, 2, 3, 4] as const)('scale does not warrant a mesh, phase %i → stay-centralized', async (phase) => {
    await reachPhase(phase);
    // 40 engineers: not > 100
    await engine.a.setProfile({ engineers: 40, domainCountOverride: 11 });
    const m = await metrics(engine.a);
    expect(m.readiness.scale_warrants_mesh).toBe(false);
    expect(m.readiness.phase).toBe(phase);
    expect(m.readiness.verdict).toBe('stay-centralized');
  });

  it('unknown engineers decide on domains alone', async () => {
    await reachPhase(2);
    // engineers unknown, 11 domains (override) > 10 → warrants → pilot
    await engine.a.setProfile({ engineers: null, domainCountOverride: 11 });
    const m = await metrics(engine.a);
    expect(m.readiness.engineers).toBeNull();
    expect(m.readiness.scale_warrants_mesh).toBe(true);
    expect(m.readiness.verdict).toBe('pilot');
  });
});
