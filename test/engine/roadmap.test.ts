// SPEC "Roadmap": the phases after the current one, laid as month ranges from the assessment
// date (Phase 2 lasts 6–12 months, Phase 3 12–24, Phase 4 has no end), with the gap actions that
// belong to each phase (lowest score first) and the exit criteria of reaching it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Engine,
  PILLAR_TEXT,
  RECOMMENDATION,
  fresh,
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

describe('roadmap month ranges', () => {
  it('from phase 1: P2 [0,0]→[6,12], P3 [6,12]→[18,36], P4 [18,36]→open', async () => {
    // nothing loaded → phase 1
    // P2 starts [0,0], lasts 6–12 → ends [6,12]; P3 starts [6,12], lasts 12–24 → ends
    // [6+12, 12+24] = [18,36]; P4 starts [18,36], no end
    const m = await metrics(engine.a);
    expect(m.readiness.phase).toBe(1);
    expect(m.roadmap.map((r) => [r.phase, r.start_months, r.end_months])).toEqual([
      [2, [0, 0], [6, 12]],
      [3, [6, 12], [18, 36]],
      [4, [18, 36], null],
    ]);
    expect(m.roadmap[0]!.name).toMatch(/data productization/i);
    expect(m.roadmap[1]!.name).toMatch(/domain expansion/i);
    expect(m.roadmap[2]!.name).toMatch(/mesh operation/i);
  });

  it('from phase 2: P3 [0,0]→[12,24], P4 [12,24]→open', async () => {
    await loadPillars(engine.a, { data_as_product: 40 });
    const m = await metrics(engine.a);
    expect(m.readiness.phase).toBe(2);
    expect(m.roadmap.map((r) => [r.phase, r.start_months, r.end_months])).toEqual([
      [3, [0, 0], [12, 24]],
      [4, [12, 24], null],
    ]);
  });

  it('from phase 3: P4 [0,0]→open', async () => {
    await loadPillars(engine.a, { domain_ownership: 60, data_as_product: 40, self_serve_platform: 40 });
    await loadAutonomy(engine.a, 1, 2);
    const m = await metrics(engine.a);
    expect(m.readiness.phase).toBe(3);
    expect(m.roadmap.map((r) => [r.phase, r.start_months, r.end_months])).toEqual([[4, [0, 0], null]]);
  });

  it('at phase 4: no roadmap', async () => {
    await loadPillars(engine.a, {
      domain_ownership: 80,
      data_as_product: 80,
      self_serve_platform: 80,
      federated_governance: 80,
    });
    await loadAutonomy(engine.a, 1, 1);
    const m = await metrics(engine.a);
    expect(m.readiness.phase).toBe(4);
    expect(m.roadmap).toEqual([]);
  });

  it('is laid whatever the verdict (stay-centralized still gets one)', async () => {
    await engine.a.setProfile({ engineers: 20, domainCountOverride: 2 });
    const m = await metrics(engine.a);
    expect(m.readiness.verdict).toBe('stay-centralized');
    expect(m.roadmap.map((r) => r.phase)).toEqual([2, 3, 4]);
  });
});

describe('roadmap actions and exit criteria', () => {
  it('puts each gap action in its phase, lowest score first', async () => {
    // DP 30 < 40 → phase 1. Gaps (< 60): FG 10, DO 20, DP 30, SS 50.
    // P2 ← DP; P3 ← DO (20) then SS (50); P4 ← FG
    await loadPillars(engine.a, {
      domain_ownership: 20,
      data_as_product: 30,
      self_serve_platform: 50,
      federated_governance: 10,
    });
    const m = await metrics(engine.a);
    expect(m.readiness.phase).toBe(1);
    const [p2, p3, p4] = m.roadmap;
    expect(p2!.actions).toEqual([RECOMMENDATION.data_as_product]);
    expect(p3!.actions).toEqual([RECOMMENDATION.domain_ownership, RECOMMENDATION.self_serve_platform]);
    expect(p4!.actions).toEqual([RECOMMENDATION.federated_governance]);
  });

  it('orders phase-3 actions by score: self-serve 10 before ownership 50', async () => {
    // DP 70 → phase 2 (DO 50 < 60). Gaps: SS 10, DO 50 (DP 70 and FG 90 are no gaps)
    // P3 ← SS then DO; P4 ← nothing
    await loadPillars(engine.a, {
      domain_ownership: 50,
      data_as_product: 70,
      self_serve_platform: 10,
      federated_governance: 90,
    });
    const m = await metrics(engine.a);
    expect(m.readiness.phase).toBe(2);
    const [p3, p4] = m.roadmap;
    expect(p3!.phase).toBe(3);
    expect(p3!.actions).toEqual([RECOMMENDATION.self_serve_platform, RECOMMENDATION.domain_ownership]);
    expect(p4!.actions).toEqual([]);
  });

  it('exit criteria: P2 data_as_product; P3 ownership, self-serve, autonomy; P4 four pillars and autonomy', async () => {
    const m = await metrics(engine.a);
    const [p2, p3, p4] = m.roadmap;
    // phase 2: data_as_product ≥ 40
    expect(p2!.exit_criteria).toHaveLength(1);
    expect(p2!.exit_criteria[0]).toMatch(PILLAR_TEXT.data_as_product);
    // phase 3: domain_ownership ≥ 60, self_serve_platform ≥ 40, autonomy ≥ 0.5
    expect(p3!.exit_criteria).toHaveLength(3);
    expect(p3!.exit_criteria.some((c) => PILLAR_TEXT.domain_ownership.test(c))).toBe(true);
    expect(p3!.exit_criteria.some((c) => PILLAR_TEXT.self_serve_platform.test(c))).toBe(true);
    expect(p3!.exit_criteria.some((c) => /autonomy/i.test(c))).toBe(true);
    // phase 4: each of the four pillars ≥ 60, autonomy ≥ 0.8
    expect(p4!.exit_criteria).toHaveLength(5);
    for (const pillar of Object.values(PILLAR_TEXT)) {
      expect(p4!.exit_criteria.some((c) => pillar.test(c))).toBe(true);
    }
    expect(p4!.exit_criteria.some((c) => /autonomy/i.test(c))).toBe(true);
  });
});
