// SPEC "Dependency export": distinct edges, communication overhead, coupling share, the
// matrix D(i,j) and per-domain fan-in / fan-out / partners.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Engine, fresh, load, metrics, openEngine, sortMatrix } from './helpers.ts';

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

describe('coupling', () => {
  it('counts distinct edges, keeps self-edges out of the overhead, and builds the matrix', async () => {
    const { a } = engine;
    // line from       to       from_asset to_asset  kind    edge
    //  2   sales      billing  orders     invoices  api     e1
    //  3   sales      billing  orders     invoices  api     = e1 (duplicate row)
    //  4   sales      billing  orders     invoices  table   e2 (kind distinguishes)
    //  5   Sales      Billing  orders     invoices  api     = e1 (domains are keys)
    //  6   sales      sales    orders     carts     api     e3 self-edge
    //  7   billing    sales    invoices   orders    event   e4
    //  8   marketing  sales    —          —         —       e5
    //  9   marketing  sales    —          —         —       = e5
    // 10   marketing  billing  campaigns  invoices  —       e6
    // 11   sales      billing  payments   invoices  api     e7 (other from_asset)
    // distinct edges: e1..e7 = 7; self: e3 → overhead 6; coupling_share 6/7
    // D(sales,billing) = e1,e2,e7 = 3; D(billing,sales) = 1; D(marketing,sales) = 1;
    // D(marketing,billing) = 1                                    Σ = 6 ✓
    // sales:     fan_out 3, fan_in D(b,s)+D(m,s) = 2, partners {billing, marketing} = 2
    // billing:   fan_out 1, fan_in D(s,b)+D(m,b) = 4, partners {sales, marketing} = 2
    // marketing: fan_out 2, fan_in 0,                 partners {sales, billing} = 2
    await load(
      a,
      'dependencies',
      `
      from_domain,to_domain,from_asset,to_asset,kind
      sales,billing,orders,invoices,api
      sales,billing,orders,invoices,api
      sales,billing,orders,invoices,table
      Sales,Billing,orders,invoices,api
      sales,sales,orders,carts,api
      billing,sales,invoices,orders,event
      marketing,sales,,,
      marketing,sales,,,
      marketing,billing,campaigns,invoices,
      sales,billing,payments,invoices,api
      `,
    );
    const m = await metrics(a);
    expect(m.coupling.total_edges).toBe(7);
    expect(m.coupling.overhead).toBe(6);
    expect(m.coupling.coupling_share).toBeCloseTo(6 / 7, 12);
    // The matrix is D(i,j), i ≠ j (entries with a count of at least 1).
    expect(sortMatrix(m.coupling.matrix.filter((c) => c.from !== c.to))).toEqual([
      { from: 'billing', to: 'sales', count: 1 },
      { from: 'marketing', to: 'billing', count: 1 },
      { from: 'marketing', to: 'sales', count: 1 },
      { from: 'sales', to: 'billing', count: 3 },
    ]);
    expect(m.coupling.by_domain).toEqual({
      billing: { fan_out: 1, fan_in: 4, partners: 2 },
      marketing: { fan_out: 2, fan_in: 0, partners: 2 },
      sales: { fan_out: 3, fan_in: 2, partners: 2 },
    });
  });

  it('counts a partner once when connected both ways', async () => {
    const { a } = engine;
    // a→b, b→a, a→c: a partners {b, c} = 2; b partners {a} = 1; c partners {a} = 1
    // a fan_out 2, fan_in 1; b fan_out 1, fan_in 1; c fan_out 0, fan_in 1
    await load(a, 'dependencies', 'from_domain,to_domain\na,b\nb,a\na,c\n');
    const m = await metrics(a);
    expect(m.coupling.by_domain).toEqual({
      a: { fan_out: 2, fan_in: 1, partners: 2 },
      b: { fan_out: 1, fan_in: 1, partners: 1 },
      c: { fan_out: 0, fan_in: 1, partners: 1 },
    });
    expect(m.coupling.overhead).toBe(3);
    expect(m.coupling.coupling_share).toBe(1);
  });

  it('is 0 overhead and 0 share with only self-edges', async () => {
    const { a } = engine;
    // two distinct self-edges of sales → total_edges 2, overhead 0, share 0/2 = 0
    await load(
      a,
      'dependencies',
      'from_domain,to_domain,from_asset,to_asset\nsales,sales,a,b\nsales,sales,b,c\n',
    );
    const m = await metrics(a);
    expect(m.coupling.total_edges).toBe(2);
    expect(m.coupling.overhead).toBe(0);
    expect(m.coupling.coupling_share).toBe(0);
    expect(m.coupling.matrix.filter((c) => c.from !== c.to)).toEqual([]);
    expect(m.coupling.by_domain.sales).toEqual({ fan_out: 0, fan_in: 0, partners: 0 });
  });

  it('is all zero with no dependency export; domains from other inputs get zero entries', async () => {
    const { a } = engine;
    await load(a, 'deployments', 'deployed_at,domain\n2025-12-01T10:00:00Z,sales\n');
    const m = await metrics(a);
    expect(m.coupling.total_edges).toBe(0);
    expect(m.coupling.overhead).toBe(0);
    expect(m.coupling.coupling_share).toBe(0);
    expect(m.coupling.matrix).toEqual([]);
    expect(m.coupling.by_domain).toEqual({ sales: { fan_out: 0, fan_in: 0, partners: 0 } });
  });

  it('a new export replaces the old one', async () => {
    const { a } = engine;
    await load(a, 'dependencies', 'from_domain,to_domain\na,b\na,c\n');
    await load(a, 'dependencies', 'from_domain,to_domain\nx,y\n');
    // only x→y is left: total 1, overhead 1; a, b, c are no longer seen in any input
    const m = await metrics(a);
    expect(m.coupling.total_edges).toBe(1);
    expect(m.coupling.matrix).toEqual([{ from: 'x', to: 'y', count: 1 }]);
    expect(m.domains.map((d) => d.key)).toEqual(['x', 'y']);
  });
});
