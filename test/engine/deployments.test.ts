// SPEC "Deployment log": counting rules 1–4 in order, the excluded counts, and the autonomy
// ratio (organisation, per domain, per ISO week). Every expected figure is worked out by hand
// in the comments beside the fixture.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Engine, fresh, load, metrics, openEngine, stage } from './helpers.ts';

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

describe('rule 1: status', () => {
  it('counts only the listed success statuses (any case, trimmed); a blank status counts', async () => {
    const { a } = engine;
    // line  status          counted?
    //  2    success         yes
    //  3    SUCCEEDED       yes
    //  4    Successful      yes
    //  5    ok              yes
    //  6    Deployed        yes
    //  7    DONE            yes
    //  8    completed       yes (cell is " completed ": trimmed)
    //  9    (blank)         yes (status absent)
    // 10    failed          no  → excluded.status
    // 11    rolled_back     no  → excluded.status
    // 12    pending         no  → excluded.status
    // 13    success-ish     no  → excluded.status (not in the list)
    // counted 8, all independent (explicit true) → ratio 8/8 = 1; excluded.status = 4.
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,status,independent
      2025-12-01T10:00:00Z,sales,success,true
      2025-12-01T10:00:00Z,sales,SUCCEEDED,true
      2025-12-01T10:00:00Z,sales,Successful,true
      2025-12-01T10:00:00Z,sales,ok,true
      2025-12-01T10:00:00Z,sales,Deployed,true
      2025-12-01T10:00:00Z,sales,DONE,true
      2025-12-01T10:00:00Z,sales, completed ,true
      2025-12-01T10:00:00Z,sales,,true
      2025-12-01T10:00:00Z,sales,failed,true
      2025-12-01T10:00:00Z,sales,rolled_back,true
      2025-12-01T10:00:00Z,sales,pending,true
      2025-12-01T10:00:00Z,sales,success-ish,true
      `,
    );
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(8);
    expect(m.autonomy.independent).toBe(8);
    expect(m.autonomy.ratio).toBe(1);
    expect(m.autonomy.excluded).toEqual({ status: 4, environment: 0, duplicate_id: 0 });
  });
});

describe('rule 2: environment', () => {
  it('counts only prod/production/prd/live (any case); a blank environment counts', async () => {
    const { a } = engine;
    // line  environment     counted?
    //  2    prod            yes
    //  3    PRODUCTION      yes
    //  4    Prd             yes
    //  5    LIVE            yes
    //  6    (blank)         yes
    //  7    staging         no → excluded.environment
    //  8    dev             no → excluded.environment
    //  9    production-eu   no → excluded.environment (not in the list)
    // 10    status failed AND env staging → rule 1 comes first: excluded.status, not environment
    // counted 5 (independent false on all) → independent 0, ratio 0/5 = 0.
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,environment,status,independent
      2025-12-01T10:00:00Z,sales,prod,,false
      2025-12-01T10:00:00Z,sales,PRODUCTION,,false
      2025-12-01T10:00:00Z,sales,Prd,,false
      2025-12-01T10:00:00Z,sales,LIVE,,false
      2025-12-01T10:00:00Z,sales,,,false
      2025-12-01T10:00:00Z,sales,staging,,false
      2025-12-01T10:00:00Z,sales,dev,,false
      2025-12-01T10:00:00Z,sales,production-eu,,false
      2025-12-01T10:00:00Z,sales,staging,failed,false
      `,
    );
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(5);
    expect(m.autonomy.independent).toBe(0);
    expect(m.autonomy.ratio).toBe(0);
    expect(m.autonomy.excluded).toEqual({ status: 1, environment: 3, duplicate_id: 0 });
  });
});

describe('rule 3: repeated deployment_id', () => {
  it('keeps the first counted row; a repeat of an excluded row is not a duplicate', async () => {
    const { a } = engine;
    // line id  status  env      independent  verdict
    //  2   d1  success prod     true         counted (first d1)            indep
    //  3   d2  FAILED  prod     true         excluded.status
    //  4   d3  success staging  true         excluded.environment
    //  5   d1  success prod     false        excluded.duplicate_id (d1 already counted;
    //                                        its independent=false must NOT be used)
    //  6   d2  ok      prod     false        counted: first COUNTED d2 (line 3 was excluded) coord
    //  7   d3  done    live     true         counted: first counted d3                    indep
    //  8   d4  failed  prod     true         excluded.status
    //  9   d4  failed  prod     true         excluded.status (rule 1 before rule 3)
    // 10   d2  success prod     true         excluded.duplicate_id (d2 counted at line 6)
    // 11   —   success prod     true         counted (no id, never a duplicate)           indep
    // 12   —   success prod     true         counted                                      indep
    // counted: lines 2, 6, 7, 11, 12 = 5; independent: 2, 7, 11, 12 = 4 → ratio 4/5 = 0.8
    // excluded: status 3 (3, 8, 9), environment 1 (4), duplicate_id 2 (5, 10)
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,deployment_id,status,environment,independent
      2025-12-01T10:00:00Z,sales,d1,success,prod,true
      2025-12-01T11:00:00Z,sales,d2,FAILED,prod,true
      2025-12-01T12:00:00Z,sales,d3,success,staging,true
      2025-12-02T10:00:00Z,sales,d1,success,prod,false
      2025-12-02T11:00:00Z,sales,d2,ok,prod,false
      2025-12-02T12:00:00Z,sales,d3,done,live,true
      2025-12-03T10:00:00Z,sales,d4,failed,prod,true
      2025-12-03T11:00:00Z,sales,d4,failed,prod,true
      2025-12-03T12:00:00Z,sales,d2,success,prod,true
      2025-12-04T10:00:00Z,sales,,success,prod,true
      2025-12-04T11:00:00Z,sales,,success,prod,true
      `,
    );
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(5);
    expect(m.autonomy.independent).toBe(4);
    expect(m.autonomy.ratio).toBeCloseTo(0.8, 12);
    expect(m.autonomy.excluded).toEqual({ status: 3, environment: 1, duplicate_id: 2 });
  });

  it('the first row is the first by line, also when it is not the earliest in time', async () => {
    const { a } = engine;
    // line 2: d1 at 2025-12-05, independent=false → counted (first d1 in the file), coordinated
    // line 3: d1 at 2025-12-01, independent=true  → excluded.duplicate_id
    // → total 1, independent 0, ratio 0
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,deployment_id,independent
      2025-12-05T10:00:00Z,sales,d1,false
      2025-12-01T10:00:00Z,sales,d1,true
      `,
    );
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(1);
    expect(m.autonomy.independent).toBe(0);
    expect(m.autonomy.excluded.duplicate_id).toBe(1);
  });
});

describe('rule 4: coordinated or independent', () => {
  it('applies independent, coordinated_with and shared change_id in order', async () => {
    const { a } = engine;
    // id  domain      change  coordinated_with   independent status  → verdict (why)
    // a   sales               billing            true               → indep (explicit true wins)
    // b   sales                                  false              → coord (explicit false)
    // c   sales               sales                                 → indep (only its own domain)
    // d   sales               Sales                                 → indep (own domain, other case)
    // e   sales               sales;billing                         → coord (names billing)
    // f   sales               "sales | billing"                     → coord (| separator, spaces)
    // g   Sales Ops           sales_ops                             → indep (same key sales-ops)
    // h   sales_ops           SALES-OPS|                            → indep (same key; empty part)
    // j   billing     CH1                                           → coord (CH1 also k: sales, counted)
    // k   sales       CH1                                           → coord (CH1 also j: billing, counted)
    // l   billing     CH2                                           → indep (CH2 only in billing)
    // m   billing     CH2                                           → indep
    // n   billing     CH3                                           → indep (CH3's other row o is excluded)
    // o   sales       CH3                                   failed  → excluded.status
    // p   billing     CH4                                           → coord (CH4 also q: sales, counted;
    //                                                                 q's explicit true does not matter)
    // q   sales       CH4                    yes                    → indep (explicit yes)
    // r   billing                            No                     → coord
    // s   billing                            1                      → indep
    // t   billing             sales          0                      → coord
    // u   billing                            TRUE                   → indep
    // a   billing     CH5                                           → excluded.duplicate_id (id a again)
    // w   sales       CH5                                           → indep (CH5's other row is excluded)
    //
    // sales:     a i, b c, c i, d i, e c, f c, k c, q i, w i → total 9, independent 5
    // sales-ops: g i, h i                                   → total 2, independent 2
    // billing:   j c, l i, m i, n i, p c, r c, s i, t c, u i → total 9, independent 5
    // organisation: total 20, independent 12 → ratio 12/20 = 0.6
    // excluded: status 1 (o), environment 0, duplicate_id 1 (second a)
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,deployment_id,change_id,coordinated_with,independent,status
      2025-12-01T10:00:00Z,sales,a,,billing,true,
      2025-12-01T10:00:00Z,sales,b,,,false,
      2025-12-01T10:00:00Z,sales,c,,sales,,
      2025-12-01T10:00:00Z,sales,d,,Sales,,
      2025-12-01T10:00:00Z,sales,e,,sales;billing,,
      2025-12-01T10:00:00Z,sales,f,,"sales | billing",,
      2025-12-01T10:00:00Z,Sales Ops,g,,sales_ops,,
      2025-12-01T10:00:00Z,sales_ops,h,,SALES-OPS|,,
      2025-12-01T10:00:00Z,billing,j,CH1,,,
      2025-12-01T10:00:00Z,sales,k,CH1,,,
      2025-12-01T10:00:00Z,billing,l,CH2,,,
      2025-12-01T10:00:00Z,billing,m,CH2,,,
      2025-12-01T10:00:00Z,billing,n,CH3,,,
      2025-12-01T10:00:00Z,sales,o,CH3,,,failed
      2025-12-01T10:00:00Z,billing,p,CH4,,,
      2025-12-01T10:00:00Z,sales,q,CH4,,yes,
      2025-12-01T10:00:00Z,billing,r,,,No,
      2025-12-01T10:00:00Z,billing,s,,,1,
      2025-12-01T10:00:00Z,billing,t,,sales,0,
      2025-12-01T10:00:00Z,billing,u,,,TRUE,
      2025-12-01T10:00:00Z,billing,a,CH5,,,
      2025-12-01T10:00:00Z,sales,w,CH5,,,
      `,
    );
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(20);
    expect(m.autonomy.independent).toBe(12);
    expect(m.autonomy.ratio).toBeCloseTo(0.6, 12);
    expect(m.autonomy.excluded).toEqual({ status: 1, environment: 0, duplicate_id: 1 });
    expect(m.autonomy.by_domain.sales).toMatchObject({ total: 9, independent: 5 });
    expect(m.autonomy.by_domain.sales!.ratio).toBeCloseTo(5 / 9, 12);
    expect(m.autonomy.by_domain['sales-ops']).toEqual({ ratio: 1, independent: 2, total: 2 });
    expect(m.autonomy.by_domain.billing).toMatchObject({ total: 9, independent: 5 });
    expect(m.autonomy.by_domain.billing!.ratio).toBeCloseTo(5 / 9, 12);
    // The one label of sales-ops is its first spelling in the log.
    expect(m.domains.find((d) => d.key === 'sales-ops')?.label).toBe('Sales Ops');
  });

  it('a change_id shared only within one domain, or only with an excluded row, stays independent', async () => {
    const { a } = engine;
    // line 2: sales  X1 success           → counted
    // line 3: sales  X1 success           → counted; X1 only in sales → both independent
    // line 4: billing X2 environment dev  → excluded.environment
    // line 5: sales  X2                   → counted; X2's billing row is not counted → independent
    // → total 3, independent 3, ratio 1; excluded.environment 1
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,change_id,environment
      2025-12-01T10:00:00Z,sales,X1,prod
      2025-12-01T11:00:00Z,sales,X1,prod
      2025-12-01T12:00:00Z,billing,X2,dev
      2025-12-01T13:00:00Z,sales,X2,
      `,
    );
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(3);
    expect(m.autonomy.independent).toBe(3);
    expect(m.autonomy.ratio).toBe(1);
    expect(m.autonomy.excluded).toEqual({ status: 0, environment: 1, duplicate_id: 0 });
  });

  it('rejects an independent value outside true/false/yes/no/1/0 as a row problem', async () => {
    const { a } = engine;
    // line 2 "Yes" ok, line 3 "maybe" → problem naming the value, line 4 "2" → problem
    const staged = await stage(
      a,
      'deployments',
      `
      deployed_at,domain,independent
      2025-12-01T10:00:00Z,sales,Yes
      2025-12-01T10:00:00Z,sales,maybe
      2025-12-01T10:00:00Z,sales,2
      `,
    );
    expect(staged.rows).toBe(3);
    expect(staged.accepted).toBe(1);
    expect(staged.problemCount).toBe(2);
    expect(staged.problems.map((p) => p.line)).toEqual([3, 4]);
    expect(staged.problems[0]!.reason).toContain('maybe');
    expect(staged.problems[1]!.reason).toContain('2');
  });
});

describe('autonomy ratio: organisation, per domain, weekly', () => {
  it('is independent ÷ counted overall and per domain; null with 0 where nothing is counted', async () => {
    const { a } = engine;
    // sales: 3 counted (true, true, false) → 2/3
    // billing: 1 counted (false) → 0/1 = 0
    // hr: only a failed deployment → 0 counted → ratio null, total 0 (hr is still a domain seen)
    // organisation: 2 of 4 → 0.5
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,independent,status
      2025-12-01T10:00:00Z,sales,true,
      2025-12-01T10:00:00Z,sales,true,
      2025-12-01T10:00:00Z,sales,false,
      2025-12-01T10:00:00Z,billing,false,
      2025-12-01T10:00:00Z,hr,true,failed
      `,
    );
    // marketing is seen only in the dependency export → an autonomy entry with nothing counted
    await load(a, 'dependencies', 'from_domain,to_domain\nmarketing,sales\n');
    const m = await metrics(a);
    expect(m.autonomy.ratio).toBe(0.5);
    expect(m.autonomy.independent).toBe(2);
    expect(m.autonomy.total).toBe(4);
    expect(m.autonomy.target).toBe(0.8);
    expect(m.autonomy.by_domain.sales!.ratio).toBeCloseTo(2 / 3, 12);
    expect(m.autonomy.by_domain.sales).toMatchObject({ independent: 2, total: 3 });
    expect(m.autonomy.by_domain.billing).toEqual({ ratio: 0, independent: 0, total: 1 });
    expect(m.autonomy.by_domain.marketing).toEqual({ ratio: null, independent: 0, total: 0 });
    expect(m.autonomy.by_domain.hr).toEqual({ ratio: null, independent: 0, total: 0 });
    expect(Object.keys(m.autonomy.by_domain).sort()).toEqual(m.domains.map((d) => d.key).sort());
    // no answers at all: every domain's pillar scores are null
    expect(m.maturity.by_domain.sales).toEqual({
      domain_ownership: null,
      data_as_product: null,
      self_serve_platform: null,
      federated_governance: null,
    });
  });

  it('is null with total 0 and no weeks when there is no deployment log', async () => {
    const m = await metrics(engine.a);
    expect(m.autonomy.ratio).toBeNull();
    expect(m.autonomy.total).toBe(0);
    expect(m.autonomy.independent).toBe(0);
    expect(m.autonomy.weekly).toEqual([]);
    expect(m.autonomy.excluded).toEqual({ status: 0, environment: 0, duplicate_id: 0 });
  });

  it('buckets by ISO week in UTC after converting offsets', async () => {
    const { a } = engine;
    // deployed_at (as written)        UTC                          ISO week  indep
    // 2024-01-01T00:30:00+02:00       Sun 2023-12-31 22:30         2023-W52  true
    // 2023-12-31T23:30:00-02:00       Mon 2024-01-01 01:30         2024-W01  false
    // 2024-01-07 23:59                Sun 2024-01-07 23:59 (space)  2024-W01  true
    // 2024-01-08                      Mon 2024-01-08 00:00          2024-W02  true
    // 2021-01-03                      Sun 2021-01-03 00:00          2020-W53  true
    // 2021-01-04T00:00:00+01:00       Sun 2021-01-03 23:00          2020-W53  false
    // 2024-12-29T23:59:59Z            Sun 2024-12-29                2024-W52  false
    // 2024-12-30T00:00:00Z            Mon 2024-12-30                2025-W01  true
    // 2024-03-01T10:00:00+02:00       Fri 2024-03-01 08:00          2024-W09  true
    // 2024-03-04T01:00:00+02:00       Sun 2024-03-03 23:00          2024-W09  true
    // weeks ascending (only weeks with counted deployments):
    //   2020-W53 1/2 = 0.5, 2023-W52 1/1, 2024-W01 1/2 = 0.5, 2024-W02 1/1,
    //   2024-W09 2/2, 2024-W52 0/1, 2025-W01 1/1
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,independent
      2024-01-01T00:30:00+02:00,sales,true
      2023-12-31T23:30:00-02:00,sales,false
      2024-01-07 23:59,sales,true
      2024-01-08,sales,true
      2021-01-03,billing,true
      2021-01-04T00:00:00+01:00,billing,false
      2024-12-29T23:59:59Z,billing,false
      2024-12-30T00:00:00Z,billing,true
      2024-03-01T10:00:00+02:00,sales,true
      2024-03-04T01:00:00+02:00,sales,true
      `,
    );
    const m = await metrics(a);
    expect(m.autonomy.weekly).toEqual([
      { week: '2020-W53', ratio: 0.5, independent: 1, total: 2 },
      { week: '2023-W52', ratio: 1, independent: 1, total: 1 },
      { week: '2024-W01', ratio: 0.5, independent: 1, total: 2 },
      { week: '2024-W02', ratio: 1, independent: 1, total: 1 },
      { week: '2024-W09', ratio: 1, independent: 2, total: 2 },
      { week: '2024-W52', ratio: 0, independent: 0, total: 1 },
      { week: '2025-W01', ratio: 1, independent: 1, total: 1 },
    ]);
    // 7 of 10 independent overall
    expect(m.autonomy.ratio).toBeCloseTo(0.7, 12);
  });

  it('weekly figures count only counted deployments and use the change_id rule across weeks', async () => {
    const { a } = engine;
    // 2025-12-01 (Mon, W49) sales   C1            → coordinated (C1 also billing, counted, W50)
    // 2025-12-08 (Mon, W50) billing C1            → coordinated
    // 2025-12-09 (Tue, W50) billing     failed    → excluded, in no week
    // 2025-12-15 (Mon, W51) billing     staging   → excluded: week W51 must not appear
    // → 2025-W49 0/1, 2025-W50 0/1
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,change_id,status,environment
      2025-12-01T09:00:00Z,sales,C1,,
      2025-12-08T09:00:00Z,billing,C1,,
      2025-12-09T09:00:00Z,billing,,failed,
      2025-12-15T09:00:00Z,billing,,,staging
      `,
    );
    const m = await metrics(a);
    expect(m.autonomy.weekly).toEqual([
      { week: '2025-W49', ratio: 0, independent: 0, total: 1 },
      { week: '2025-W50', ratio: 0, independent: 0, total: 1 },
    ]);
  });
});

describe('deployed_at parsing', () => {
  it('rejects impossible dates, garbage and blanks as row problems naming the value', async () => {
    const { a } = engine;
    // line 2 ok; line 3 2024-02-30 (no such day); line 4 garbage; line 5 blank; line 6 ok
    const staged = await stage(
      a,
      'deployments',
      `
      deployed_at,domain
      2024-02-29T12:00:00Z,sales
      2024-02-30,sales
      yesterday at noon,sales
      ,sales
      2024-03-01 10:00,sales
      `,
    );
    expect(staged.rows).toBe(5);
    expect(staged.accepted).toBe(2);
    expect(staged.problemCount).toBe(3);
    expect(staged.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(staged.problems[0]!.reason).toContain('2024-02-30');
    expect(staged.problems[1]!.reason).toContain('yesterday at noon');
  });

  it('accepts fractional seconds and a T without seconds', async () => {
    const { a } = engine;
    // 2025-12-07T23:59:59.999Z   Sun → 2025-W49
    // 2025-12-08T00:00           Mon, no seconds, UTC → 2025-W50
    // 2025-12-08T01:30:00.5+02:00 → Sun 2025-12-07 23:30:00.5 UTC → 2025-W49
    // 2025-12-08T05:00:00+05:45  → Sun 2025-12-07 23:15 UTC → 2025-W49
    // 2025-12-07T20:00:00-09:30  → Mon 2025-12-08 05:30 UTC → 2025-W50
    const staged = await stage(
      a,
      'deployments',
      `
      deployed_at,domain
      2025-12-07T23:59:59.999Z,sales
      2025-12-08T00:00,sales
      2025-12-08T01:30:00.5+02:00,sales
      2025-12-08T05:00:00+05:45,sales
      2025-12-07T20:00:00-09:30,sales
      `,
    );
    expect(staged.problems).toEqual([]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.autonomy.weekly.map((w) => [w.week, w.total])).toEqual([
      ['2025-W49', 3],
      ['2025-W50', 2],
    ]);
  });

  it('rejects month 13, hour 25 and 31 April', async () => {
    const { a } = engine;
    const staged = await stage(
      a,
      'deployments',
      `
      deployed_at,domain
      2025-13-01,sales
      2025-01-01T25:00:00Z,sales
      2025-04-31,sales
      2025-04-30,sales
      `,
    );
    expect(staged.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(staged.accepted).toBe(1);
  });
});

describe('file layout', () => {
  it('reads CRLF line endings; trims deployment ids before comparing', async () => {
    const { a } = engine;
    // line 2 id "d1", line 3 id " d1 " → trimmed "d1": a duplicate → excluded.duplicate_id 1
    const staged = await stage(
      a,
      'deployments',
      'deployed_at,domain,deployment_id\r\n2025-12-01T10:00:00Z,sales,d1\r\n2025-12-02T10:00:00Z,sales, d1 \r\nbad,sales,d2\r\n',
    );
    expect(staged.problems.map((p) => p.line)).toEqual([4]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(1);
    expect(m.autonomy.excluded.duplicate_id).toBe(1);
    expect(m.domains).toEqual([{ key: 'sales', label: 'sales' }]);
  });

  it.each([
    // A file without quotes or tabs takes DuckDB's plain trim of spaces; one with a tab (or a
    // quote) the trim of spaces, tabs and line breaks. Both must give the same values.
    ['spaces only', ' sales ', ' d1 ', 'd1  '],
    ['tabs', '\tsales \t', '\td1', 'd1\t'],
    ['quoted line breaks', '" sales\n"', '"\nd1 "', '"d1\r\n"'],
  ])('trims values of %s the same way', async (_what, domain, id1, id2) => {
    const { a } = engine;
    // two rows of domain "sales" with the id "d1" → one counted, one duplicate
    await load(a, 'deployments', `deployed_at,domain,deployment_id\n2025-12-01T10:00:00Z,${domain},${id1}\n2025-12-02T10:00:00Z,sales,${id2}\n`);
    const m = await metrics(a);
    expect(m.domains).toEqual([{ key: 'sales', label: 'sales' }]);
    expect(m.autonomy.total).toBe(1);
    expect(m.autonomy.excluded.duplicate_id).toBe(1);
  });

  it('lists at most 500 problems but counts them all', async () => {
    const { a } = engine;
    // 600 rows with a bad date + 1 good row → problemCount 600, problems listed 500 (lines 2…501)
    const rows = Array.from({ length: 600 }, (_, i) => `bad-${i},sales`);
    const staged = await a.stage('deployments', {
      name: 'many.csv',
      bytes: new TextEncoder().encode(['deployed_at,domain', ...rows, '2025-12-01,sales'].join('\n')),
    });
    expect(staged.rows).toBe(601);
    expect(staged.accepted).toBe(1);
    expect(staged.problemCount).toBe(600);
    expect(staged.problems).toHaveLength(500);
    expect(staged.problems[0]!.line).toBe(2);
    expect(staged.problems[499]!.line).toBe(501);
  });
});
