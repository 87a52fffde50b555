// SPEC "Identity of a domain" and "Ownership map": domain keys, labels (first spelling seen in
// the fixed input order), service → domain resolution, and the `unassigned` domain.
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

const OWNERSHIP = `
  service,domain
   Checkout-API ,Sales Ops
  ledger,billing
`;

describe('ownership map resolution', () => {
  it('fills a missing domain from the service (case-insensitive, trimmed); else unassigned with a warning', async () => {
    const { a } = engine;
    await load(a, 'ownership', OWNERSHIP);
    // line  service         domain   → domain key   independent
    //  2    checkout-api    —        → sales-ops    true
    //  3    "CHECKOUT-API " —        → sales-ops    false
    //  4    ledger          Finance  → finance (a given domain wins over the map)  true
    //  5    unknown-svc     —        → unassigned   true
    //  6    —               —        → unassigned   false
    // sales-ops 1/2, finance 1/1, unassigned 1/2, billing (map only) nothing counted
    // organisation 3/5 = 0.6 (unassigned rows are deployments too)
    const staged = await stage(
      a,
      'deployments',
      `
      deployed_at,service,domain,independent
      2025-12-01T10:00:00Z,checkout-api,,true
      2025-12-01T10:00:00Z,CHECKOUT-API ,,false
      2025-12-01T10:00:00Z,ledger,Finance,true
      2025-12-01T10:00:00Z,unknown-svc,,true
      2025-12-01T10:00:00Z,,,false
      `,
    );
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(5);
    expect(staged.warnings.some((w) => /unassigned/i.test(w))).toBe(true);
    await a.commit(staged);

    const m = await metrics(a);
    // keys sorted: billing, finance, sales-ops, unassigned; labels: first spelling, map first
    expect(m.domains).toEqual([
      { key: 'billing', label: 'billing' },
      { key: 'finance', label: 'Finance' },
      { key: 'sales-ops', label: 'Sales Ops' },
      { key: 'unassigned', label: 'Unassigned' },
    ]);
    expect(m.autonomy.by_domain['sales-ops']).toEqual({ ratio: 0.5, independent: 1, total: 2 });
    expect(m.autonomy.by_domain.finance).toEqual({ ratio: 1, independent: 1, total: 1 });
    expect(m.autonomy.by_domain.unassigned).toEqual({ ratio: 0.5, independent: 1, total: 2 });
    expect(m.autonomy.by_domain.billing).toEqual({ ratio: null, independent: 0, total: 0 });
    expect(m.autonomy.ratio).toBeCloseTo(0.6, 12);
    // unassigned is never counted as a domain: billing, finance, sales-ops = 3
    expect(m.readiness.domain_count).toBe(3);
  });

  it('rule 4 compares against the domain resolved from the map', async () => {
    const { a } = engine;
    await load(a, 'ownership', OWNERSHIP);
    // line 2: checkout-api → sales-ops, coordinated_with "Sales Ops" = its own → independent
    // line 3: checkout-api → sales-ops, change K1; line 4: domain sales_ops, change K1:
    //         K1 is shared within sales-ops only → both independent
    // line 5: ledger → billing, change K2; line 6: checkout-api → sales-ops, change K2:
    //         shared across billing and sales-ops → both coordinated
    // sales-ops: 4 counted (2, 3, 4, 6), independent 3; billing: 1 counted, 0 independent
    await load(
      a,
      'deployments',
      `
      deployed_at,service,domain,change_id,coordinated_with
      2025-12-01T10:00:00Z,checkout-api,,,Sales Ops
      2025-12-01T10:00:00Z,checkout-api,,K1,
      2025-12-01T10:00:00Z,,sales_ops,K1,
      2025-12-01T10:00:00Z,ledger,,K2,
      2025-12-01T10:00:00Z,checkout-api,,K2,
      `,
    );
    const m = await metrics(a);
    expect(m.autonomy.by_domain['sales-ops']).toEqual({ ratio: 0.75, independent: 3, total: 4 });
    expect(m.autonomy.by_domain.billing).toEqual({ ratio: 0, independent: 0, total: 1 });
  });

  it('accepts a team, domain map', async () => {
    const { a } = engine;
    await load(a, 'ownership', 'team,domain\nPayments Crew,billing\n');
    // "payments crew" (any case) → billing; 1 deployment, independent → billing 1/1
    const staged = await stage(
      a,
      'deployments',
      'deployed_at,service,independent\n2025-12-01T10:00:00Z,payments crew,true\n',
    );
    expect(staged.warnings).toEqual([]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.autonomy.by_domain.billing).toEqual({ ratio: 1, independent: 1, total: 1 });
    expect(m.domains.map((d) => d.key)).toEqual(['billing']);
  });

  it('resolves dependency rows without domains through their assets', async () => {
    const { a } = engine;
    await load(a, 'ownership', OWNERSHIP);
    // line 2: checkout-api → ledger: from sales-ops, to billing (both via the map)
    // line 3: from given "marketing", to_asset ledger → billing
    // line 4: from_asset "nobody-owns-me", no from_domain → unassigned; to_domain billing
    // cross-domain edges: sales-ops→billing, marketing→billing, unassigned→billing
    // billing fan_in = 3 (every edge points at it)
    const staged = await stage(
      a,
      'dependencies',
      `
      from_domain,to_domain,from_asset,to_asset,kind
      ,,checkout-api,ledger,api
      marketing,,campaigns,ledger,api
      ,billing,nobody-owns-me,ledger,api
      `,
    );
    expect(staged.problems).toEqual([]);
    expect(staged.warnings.some((w) => /unassigned/i.test(w))).toBe(true);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.coupling.by_domain['sales-ops']).toMatchObject({ fan_out: 1, fan_in: 0 });
    expect(m.coupling.by_domain.marketing).toMatchObject({ fan_out: 1, fan_in: 0 });
    expect(m.coupling.by_domain.billing).toMatchObject({ fan_out: 0, fan_in: 3 });
    expect(m.coupling.by_domain.unassigned).toMatchObject({ fan_out: 1, fan_in: 0 });
    expect(m.domains.map((d) => d.key)).toEqual(['billing', 'marketing', 'sales-ops', 'unassigned']);
  });

  it('applies a map committed after the deployment log', async () => {
    const { a } = engine;
    // Before the map: the one deployment is unassigned. After: it belongs to billing.
    await load(a, 'deployments', 'deployed_at,service\n2025-12-01T10:00:00Z,ledger\n');
    const before = await metrics(a);
    expect(before.autonomy.by_domain.unassigned).toMatchObject({ total: 1 });
    await load(a, 'ownership', OWNERSHIP);
    const after = await metrics(a);
    expect(after.autonomy.by_domain.billing).toMatchObject({ total: 1, independent: 1 });
    expect(after.domains.map((d) => d.key)).not.toContain('unassigned');
  });
});

describe('domain identity and labels', () => {
  it('one key per spelling family; label = first spelling in the order map, deployments, dependencies, answers', async () => {
    const { a } = engine;
    // Committed in the reverse of the label order, to show the order is fixed, not by commit.
    await load(
      a,
      'questions',
      'question_id,pillar,text,scale_min,scale_max\nQ1,domain_ownership,Owned?,1,5\n',
    );
    // answers: "DATA PLATFORM" (data-platform) and "Marketing" (marketing: first seen here)
    await load(
      a,
      'answers',
      `
      respondent,domain,question_id,answer
      r1,DATA PLATFORM,Q1,3
      r2,Marketing,Q1,3
      r3,sales ops,Q1,3
      `,
    );
    // dependencies: finance (already "Finance" in deployments), "Data Platform" (first seen here)
    await load(
      a,
      'dependencies',
      `
      from_domain,to_domain
      finance,Data Platform
      data_platform,Sales-Ops
      `,
    );
    // deployments: "sales_ops" (already "Sales Ops" in the map), "Finance" (first seen here)
    await load(
      a,
      'deployments',
      `
      deployed_at,domain
      2025-12-01T10:00:00Z,sales_ops
      2025-12-01T10:00:00Z,Finance
      2025-12-01T10:00:00Z,FINANCE
      `,
    );
    await load(a, 'ownership', 'service,domain\ncheckout,Sales   Ops\n');
    const m = await metrics(a);
    // "Sales   Ops": a run of white space is one "-" → key sales-ops; the label is as written
    expect(m.domains).toEqual([
      { key: 'data-platform', label: 'Data Platform' },
      { key: 'finance', label: 'Finance' },
      { key: 'marketing', label: 'Marketing' },
      { key: 'sales-ops', label: 'Sales   Ops' },
    ]);
    expect(m.readiness.domain_count).toBe(4);
    // every by_domain map has exactly these keys
    const keys = m.domains.map((d) => d.key);
    expect(Object.keys(m.maturity.by_domain).sort()).toEqual(keys);
    expect(Object.keys(m.autonomy.by_domain).sort()).toEqual(keys);
    expect(Object.keys(m.coupling.by_domain).sort()).toEqual(keys);
  });

  it('normalises runs of white space, tabs, _ and - to one "-"; case folds beyond ASCII', async () => {
    const { a } = engine;
    // " Sales__Ops " → trimmed "Sales__Ops" → "sales-ops"; "sales - ops": the run " - " is one
    // "-" → "sales-ops"; "SALES\tOPS" (tab) → "sales-ops"
    // "Café" and "CAFÉ" → "café"
    // → two domains: café (2 deployments), sales-ops (3 deployments)
    await load(
      a,
      'deployments',
      [
        'deployed_at,domain',
        '2025-12-01T10:00:00Z, Sales__Ops ',
        '2025-12-01T10:00:00Z,sales - ops',
        '2025-12-01T10:00:00Z,SALES\tOPS',
        '2025-12-01T10:00:00Z,Café',
        '2025-12-01T10:00:00Z,CAFÉ',
      ].join('\n'),
    );
    const m = await metrics(a);
    expect(m.domains).toEqual([
      { key: 'café', label: 'Café' },
      { key: 'sales-ops', label: 'Sales__Ops' },
    ]);
    expect(m.autonomy.by_domain['sales-ops']).toMatchObject({ total: 3 });
    expect(m.autonomy.by_domain['café']).toMatchObject({ total: 2 });
  });

  it('reads a Backstage entity reference as the domain it names', async () => {
    const { a } = engine;
    // SPEC "Identity of a domain": domain:default/sales yields the key sales.
    // "domain:default/sales-ops" → sales-ops, same domain as "Sales Ops";
    // "domain:default/hr" → hr
    await load(
      a,
      'deployments',
      `
      deployed_at,domain
      2025-12-01T10:00:00Z,Sales Ops
      2025-12-01T10:00:00Z,domain:default/sales-ops
      2025-12-01T10:00:00Z,domain:default/hr
      `,
    );
    const m = await metrics(a);
    expect(m.domains.map((d) => d.key)).toEqual(['hr', 'sales-ops']);
    expect(m.autonomy.by_domain['sales-ops']).toMatchObject({ total: 2 });
    expect(m.autonomy.by_domain.hr).toMatchObject({ total: 1 });
  });
});
