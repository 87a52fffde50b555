// SPEC "Questionnaire": answer scores on any scale, reversed items, weights, unknown answers,
// organisation pillar = mean of domain pillar scores, overall, level and gaps.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PILLARS } from '../../src/engine/metrics-schema.ts';
import {
  type Engine,
  RECOMMENDATION,
  fresh,
  load,
  loadPillars,
  metrics,
  openEngine,
  stage,
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

// A small bank: DO1 weight 2 on 0–10; DO2 reversed on 0–10; DP1 all defaults (weight 1, not
// reversed, 1–5); SS1 on 1–5. No governance question at all.
const BANK = `
  question_id,pillar,text,weight,reverse,scale_min,scale_max
  DO1,domain_ownership,Every data set has a named owning team,2,false,0,10
  DO2,domain_ownership,Ownership of shared tables is disputed,1,true,0,10
  DP1,data_as_product,Data products publish SLAs,,,,
  SS1,self_serve_platform,Teams provision pipelines without tickets,1,false,1,5
`;

describe('maturity with a custom question bank', () => {
  it('scores answers, reverses, weighs, averages domains and lists gaps', async () => {
    const { a } = engine;
    await load(a, 'questions', BANK);
    // line resp domain   q    answer       s = (answer − min) ÷ (max − min) × 100
    //  2   r1   sales    DO1  8            80            weight 2
    //  3   r1   sales    DO2  2            20 → reversed 80, weight 1
    //  4   r2   sales    DO1  6            60            weight 2
    //  5   r2   sales    DO2  n/a          unknown (domain_ownership)
    //  6   r1   sales    DP1  5            (5−1)/4 = 100
    //  7   r2   sales    DP1  1            0
    //  8   r1   sales    SS1  2            (2−1)/4 = 25
    //  9   r3   Billing  DO1  10           100           weight 2
    // 10   r3   Billing  DO2  10           100 → reversed 0, weight 1
    // 11   r3   Billing  DP1  DK           unknown (data_as_product)
    // 12   r3   Billing  SS1  (blank)      skipped: neither scored nor unknown
    // 13   r4   billing  SS1  Don't Know   unknown (self_serve_platform)
    // 14   r4   billing  DO2  NA           unknown (domain_ownership)
    //
    // sales   DO = (2·80 + 1·80 + 2·60) ÷ (2+1+2) = 360/5 = 72
    // billing DO = (2·100 + 1·0) ÷ (2+1)          = 200/3 = 66.666…
    // org     DO = (72 + 200/3) ÷ 2 = 416/6 = 69.333…
    // sales   DP = (100 + 0) ÷ 2 = 50; billing DP: only an unknown → null → org DP = 50
    // sales   SS = 25;                 billing SS: nothing scored → null → org SS = 25
    // FG: no question, no answer → null (not assessed)
    // overall = (416/6 + 50 + 25) ÷ 3 = 48.111… → Developing
    // gaps (< 60, lowest first): self_serve_platform 25, data_as_product 50
    // answers: DO scored 5 unknown 2; DP scored 2 unknown 1; SS scored 1 unknown 1; FG 0/0
    const staged = await stage(
      a,
      'answers',
      `
      respondent,domain,question_id,answer
      r1,sales,DO1,8
      r1,sales,DO2,2
      r2,sales,DO1,6
      r2,sales,DO2,n/a
      r1,sales,DP1,5
      r2,sales,DP1,1
      r1,sales,SS1,2
      r3,Billing,DO1,10
      r3,Billing,DO2,10
      r3,Billing,DP1,DK
      r3,Billing,SS1,
      r4,billing,SS1,Don't Know
      r4,billing,DO2,NA
      `,
    );
    expect(staged.problems).toEqual([]);
    expect(staged.rows).toBe(13);
    expect(staged.skipped).toBeGreaterThanOrEqual(1);
    await a.commit(staged);

    const m = await metrics(a);
    const p = m.maturity.pillars;
    expect(p.domain_ownership).toBeCloseTo(416 / 6, 9);
    expect(p.data_as_product).toBeCloseTo(50, 9);
    expect(p.self_serve_platform).toBeCloseTo(25, 9);
    expect(p.federated_governance).toBeNull();
    expect(m.maturity.overall).toBeCloseTo((416 / 6 + 50 + 25) / 3, 9);
    expect(m.maturity.level).toBe('Developing');
    expect(m.maturity.answers).toEqual({
      domain_ownership: { scored: 5, unknown: 2 },
      data_as_product: { scored: 2, unknown: 1 },
      self_serve_platform: { scored: 1, unknown: 1 },
      federated_governance: { scored: 0, unknown: 0 },
    });
    expect(m.maturity.gaps.map((g) => g.pillar)).toEqual(['self_serve_platform', 'data_as_product']);
    expect(m.maturity.gaps[0]!.score).toBeCloseTo(25, 9);
    expect(m.maturity.gaps[1]!.score).toBeCloseTo(50, 9);
    expect(m.maturity.gaps[0]!.recommendation).toBe(RECOMMENDATION.self_serve_platform);
    expect(m.maturity.gaps[1]!.recommendation).toBe(RECOMMENDATION.data_as_product);

    const sales = m.maturity.by_domain.sales!;
    expect(sales.domain_ownership).toBeCloseTo(72, 9);
    expect(sales.data_as_product).toBeCloseTo(50, 9);
    expect(sales.self_serve_platform).toBeCloseTo(25, 9);
    expect(sales.federated_governance).toBeNull();
    const billing = m.maturity.by_domain.billing!;
    expect(billing.domain_ownership).toBeCloseTo(200 / 3, 9);
    expect(billing.data_as_product).toBeNull();
    expect(billing.self_serve_platform).toBeNull();
    expect(billing.federated_governance).toBeNull();
    expect(m.domains).toEqual([
      { key: 'billing', label: 'Billing' },
      { key: 'sales', label: 'sales' },
    ]);
  });

  it('weighs every domain the same however many people answered', async () => {
    const { a } = engine;
    await load(a, 'questions', BANK);
    // sales: five respondents answer DO1 = 10 → 100 each → sales DO = 100
    // billing: one respondent answers DO1 = 0 → billing DO = 0
    // org DO = (100 + 0) ÷ 2 = 50   (a pooled mean would be 500/6 = 83.3)
    await load(
      a,
      'answers',
      `
      respondent,domain,question_id,answer
      r1,sales,DO1,10
      r2,sales,DO1,10
      r3,sales,DO1,10
      r4,sales,DO1,10
      r5,sales,DO1,10
      r6,billing,DO1,0
      `,
    );
    const m = await metrics(a);
    expect(m.maturity.pillars.domain_ownership).toBeCloseTo(50, 9);
    expect(m.maturity.answers.domain_ownership).toEqual({ scored: 6, unknown: 0 });
  });

  it('weights are per question within a domain; duplicate answers of one respondent all count', async () => {
    const { a } = engine;
    await load(
      a,
      'questions',
      `
      question_id,pillar,text,weight,reverse,scale_min,scale_max
      W3,data_as_product,Heavy question,3,false,0,10
      W1,data_as_product,Light question,1,false,0,10
      `,
    );
    // sales: W3 = 10 (100, w3), W1 = 0 (0, w1) → (300 + 0) ÷ 4 = 75 (unweighted: 50)
    // hr: r1 answers W1 = 10 twice and W1 = 0 once → (100 + 100 + 0) ÷ 3 = 66.666…
    // org DP = (75 + 200/3) ÷ 2 = 70.8333…
    await load(
      a,
      'answers',
      `
      respondent,domain,question_id,answer
      r1,sales,W3,10
      r1,sales,W1,0
      r1,hr,W1,10
      r1,hr,W1,10
      r1,hr,W1,0
      `,
    );
    const m = await metrics(a);
    expect(m.maturity.by_domain.sales!.data_as_product).toBeCloseTo(75, 9);
    expect(m.maturity.by_domain.hr!.data_as_product).toBeCloseTo(200 / 3, 9);
    expect(m.maturity.pillars.data_as_product).toBeCloseTo((75 + 200 / 3) / 2, 9);
    expect(m.maturity.answers.data_as_product).toEqual({ scored: 5, unknown: 0 });
  });

  it('a pillar with only unknown answers is not assessed, counted as unknown, and no gap', async () => {
    const { a } = engine;
    await load(a, 'questions', BANK);
    // DO1 = 0 → DO = 0 (gap); DP1 answered only "n/a" and "dk" → DP null, unknown 2
    // overall = mean of existing pillars = 0 → Initial
    await load(
      a,
      'answers',
      `
      respondent,domain,question_id,answer
      r1,sales,DO1,0
      r1,sales,DP1,n/a
      r2,sales,DP1,dk
      `,
    );
    const m = await metrics(a);
    expect(m.maturity.pillars.data_as_product).toBeNull();
    expect(m.maturity.answers.data_as_product).toEqual({ scored: 0, unknown: 2 });
    expect(m.maturity.overall).toBe(0);
    expect(m.maturity.level).toBe('Initial');
    expect(m.maturity.gaps.map((g) => g.pillar)).toEqual(['domain_ownership']);
  });

  it('nothing answered: every pillar, overall and level are null; no gaps', async () => {
    const m = await metrics(engine.a);
    for (const pillar of PILLARS) {
      expect(m.maturity.pillars[pillar]).toBeNull();
      expect(m.maturity.answers[pillar]).toEqual({ scored: 0, unknown: 0 });
    }
    expect(m.maturity.overall).toBeNull();
    expect(m.maturity.level).toBeNull();
    expect(m.maturity.gaps).toEqual([]);
  });

  it('a blank domain in answers lands in unassigned', async () => {
    const { a } = engine;
    await load(a, 'questions', BANK);
    // r1 with no domain: DO1 = 5 → 50 → unassigned DO 50
    const staged = await stage(
      a,
      'answers',
      'respondent,domain,question_id,answer\nr1,,DO1,5\nr2,sales,DO1,10\n',
    );
    expect(staged.problems).toEqual([]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.domains.map((d) => d.key)).toEqual(['sales', 'unassigned']);
    expect(m.maturity.by_domain.unassigned!.domain_ownership).toBeCloseTo(50, 9);
    expect(m.maturity.by_domain.sales!.domain_ownership).toBeCloseTo(100, 9);
    expect(m.readiness.domain_count).toBe(1);
  });
});

describe('level thresholds (overall = the one value given to all four pillars)', () => {
  it.each([
    [100, 'Advanced'],
    [80, 'Advanced'],
    [79.99, 'Intermediate'],
    [60, 'Intermediate'],
    [59.99, 'Developing'],
    [40, 'Developing'],
    [39.99, 'Initial'],
    [0, 'Initial'],
  ])('overall %f → %s', async (value, level) => {
    const { a } = engine;
    // scale 0–100, one question per pillar: each pillar = value, overall = 4·value ÷ 4 = value
    await loadPillars(a, {
      domain_ownership: value,
      data_as_product: value,
      self_serve_platform: value,
      federated_governance: value,
    });
    const m = await metrics(a);
    expect(m.maturity.overall).toBeCloseTo(value, 9);
    expect(m.maturity.level).toBe(level);
  });
});

describe('gaps', () => {
  it('every pillar below 60, lowest first, with the SPEC recommendations', async () => {
    const { a } = engine;
    // FG 10 < DO 20 < SS 30 < DP 40, all below 60
    await loadPillars(a, {
      domain_ownership: 20,
      data_as_product: 40,
      self_serve_platform: 30,
      federated_governance: 10,
    });
    const m = await metrics(a);
    expect(m.maturity.gaps).toEqual([
      {
        pillar: 'federated_governance',
        score: 10,
        recommendation: 'Establish cross-domain governance standards and policies',
      },
      {
        pillar: 'domain_ownership',
        score: 20,
        recommendation: 'Increase domain ownership - assign clear data owners',
      },
      {
        pillar: 'self_serve_platform',
        score: 30,
        recommendation: 'Build self-serve platform abstractions for domain teams',
      },
      {
        pillar: 'data_as_product',
        score: 40,
        recommendation: 'Formalize data products with SLAs and quality guarantees',
      },
    ]);
    // overall = (20 + 40 + 30 + 10) ÷ 4 = 25 → Initial
    expect(m.maturity.overall).toBeCloseTo(25, 9);
    expect(m.maturity.level).toBe('Initial');
  });

  it('exactly 60 is not a gap, 59.99 is; an unassessed pillar is never a gap', async () => {
    const { a } = engine;
    // DO 60 (no gap), DP 59.99 (gap), SS 0 (gap), FG not assessed
    // overall = (60 + 59.99 + 0) ÷ 3 = 39.99666… → Initial
    await loadPillars(a, { domain_ownership: 60, data_as_product: 59.99, self_serve_platform: 0 });
    const m = await metrics(a);
    expect(m.maturity.gaps.map((g) => g.pillar)).toEqual(['self_serve_platform', 'data_as_product']);
    expect(m.maturity.gaps[1]!.score).toBeCloseTo(59.99, 9);
    expect(m.maturity.overall).toBeCloseTo(119.99 / 3, 9);
    expect(m.maturity.level).toBe('Initial');
  });
});

describe('answer and question bank validation', () => {
  it('lists unknown questions, non-numbers and out-of-scale answers as row problems', async () => {
    const { a } = engine;
    await load(a, 'questions', BANK);
    // line 2 ok; 3 unknown question XX9; 4 "lots" not a number; 5 11 > max 10 of DO1;
    // 6 -1 < min 0 of DO2; 7 0 < min 1 of DP1 (default 1–5); 8 ok (upper bound 5 of SS1);
    // 9 ok (lower bound 0 of DO1)
    const staged = await stage(
      a,
      'answers',
      `
      respondent,domain,question_id,answer
      r1,sales,DO1,7
      r1,sales,XX9,3
      r1,sales,DO2,lots
      r1,sales,DO1,11
      r1,sales,DO2,-1
      r1,sales,DP1,0
      r1,sales,SS1,5
      r1,sales,DO1,0
      `,
    );
    expect(staged.rows).toBe(8);
    expect(staged.accepted).toBe(3);
    expect(staged.problemCount).toBe(5);
    expect(staged.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(staged.problems[0]!.reason).toContain('XX9');
    expect(staged.problems[1]!.reason).toContain('lots');
    expect(staged.problems[2]!.reason).toContain('11');
  });

  it('an uploaded bank replaces the built-in one; reset brings the built-in one back', async () => {
    const { a } = engine;
    // "zz-custom-1" is no built-in question id; "zz-custom-1" is the only id of the upload.
    const answer = 'respondent,domain,question_id,answer\nr1,sales,zz-custom-1,5\n';
    const before = await stage(a, 'answers', answer);
    expect(before.problemCount).toBe(1);
    await a.discard(before);
    await load(
      a,
      'questions',
      'question_id,pillar,text\nzz-custom-1,data_as_product,Custom question\n',
    );
    const during = await stage(a, 'answers', answer);
    expect(during.problemCount).toBe(0);
    await a.commit(during);
    // 5 on the default 1–5 scale → 100; the built-in questions are gone, so only this counts
    const m = await metrics(a);
    expect(m.maturity.pillars.data_as_product).toBeCloseTo(100, 9);
    await a.reset();
    const after = await stage(a, 'answers', answer);
    expect(after.problemCount).toBe(1);
    await a.discard(after);
  });

  it('rejects bank rows with weight ≤ 0, scale_min ≥ scale_max or an unknown pillar', async () => {
    const { a } = engine;
    // line 2 ok; 3 weight 0; 4 weight -1; 5 scale 5–5; 6 scale 5–1; 7 pillar "culture"; 8 ok
    const staged = await stage(
      a,
      'questions',
      `
      question_id,pillar,text,weight,reverse,scale_min,scale_max
      Q1,domain_ownership,ok,1,false,1,5
      Q2,domain_ownership,zero weight,0,false,1,5
      Q3,data_as_product,negative weight,-1,false,1,5
      Q4,data_as_product,empty scale,1,false,5,5
      Q5,self_serve_platform,inverted scale,1,false,5,1
      Q6,culture,no such pillar,1,false,1,5
      Q7,federated_governance,ok,0.5,true,0,10
      `,
    );
    expect(staged.rows).toBe(7);
    expect(staged.accepted).toBe(2);
    expect(staged.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(staged.problems[4]!.reason).toContain('culture');
  });
});
