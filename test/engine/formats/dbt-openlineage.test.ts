// dbt manifest and OpenLineage events → dependencies, on the real engine: the real jaffle_shop
// manifest, Marquez's apples events and the OpenLineage spec examples, plus hand-made files for
// groups, cross-project refs, ownership facets, run merging and data-source namespaces.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbtManifest } from '../../../src/engine/ingest/formats/dbt-manifest.ts';
import { openLineageEvents } from '../../../src/engine/ingest/formats/openlineage-events.ts';
import { type Engine, fresh, load, metrics, openEngine, sortMatrix } from '../helpers.ts';
import { formatFile, inputFile, lineWith, realFiles } from './format-helpers.ts';

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

const NO_CONTEXT = { questions: [] };

describe('dbt manifest', () => {
  const [jaffle] = realFiles('dbt');

  it('reads jaffle_shop: 8 depends_on edges of 5 models, all in the package jaffle_shop', async () => {
    const { a } = engine;
    // customers → stg_customers, stg_orders, stg_payments; orders → stg_orders, stg_payments;
    // stg_customers → raw_customers; stg_orders → raw_orders; stg_payments → raw_payments (seeds).
    // 19 tests also depend on models: not data dependencies. No groups: domain = package.
    // 8 self-edges of jaffle_shop: overhead 0.
    const result = dbtManifest.read([formatFile(jaffle!)], NO_CONTEXT);
    expect(result.rows.map((r) => `${r.values.from_asset} → ${r.values.to_asset} (${r.values.kind}) @${r.line}`)).toEqual([
      'model.jaffle_shop.customers → model.jaffle_shop.stg_customers (ref) @15',
      'model.jaffle_shop.customers → model.jaffle_shop.stg_orders (ref) @15',
      'model.jaffle_shop.customers → model.jaffle_shop.stg_payments (ref) @15',
      'model.jaffle_shop.orders → model.jaffle_shop.stg_orders (ref) @189',
      'model.jaffle_shop.orders → model.jaffle_shop.stg_payments (ref) @189',
      'model.jaffle_shop.stg_customers → seed.jaffle_shop.raw_customers (ref) @375',
      'model.jaffle_shop.stg_orders → seed.jaffle_shop.raw_orders (ref) @484',
      'model.jaffle_shop.stg_payments → seed.jaffle_shop.raw_payments (ref) @602',
    ]);
    expect(lineWith(jaffle!, '"model.jaffle_shop.orders":{')).toBe(189);

    const staged = await a.stageFormat(dbtManifest, [jaffle!]);
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(8);
    expect(staged.warnings).toEqual([
      'dbt manifest of jaffle_shop: 5 models, 3 seeds; 8 dependencies (depends_on of models and snapshots; tests are not dependencies).',
      'Domain by package (dbt project) for 8 nodes, as no node belongs to a dbt group: jaffle_shop.',
    ]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.domains).toEqual([{ key: 'jaffle-shop', label: 'jaffle_shop' }]);
    expect(m.coupling).toMatchObject({ overhead: 0, total_edges: 8, coupling_share: 0 });
  });

  it('places nodes by group, else package; a node of another project by the package in its id', async () => {
    const { a } = engine;
    const manifest = inputFile('target/manifest.json', JSON.stringify({
      metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', project_name: 'shop' },
      nodes: {
        'model.shop.orders': {
          resource_type: 'model', package_name: 'shop', group: 'sales',
          depends_on: { nodes: ['source.shop.raw.orders', 'model.shop.customers', 'model.finance.fx_rates'], macros: ['macro.dbt.x'] },
        },
        'model.shop.customers': { resource_type: 'model', package_name: 'shop', group: 'crm', depends_on: { nodes: ['seed.shop.countries'] } },
        'model.shop.margin': { resource_type: 'model', package_name: 'shop', depends_on: { nodes: ['model.shop.orders', 'model.shop.orders'] } },
        'seed.shop.countries': { resource_type: 'seed', package_name: 'shop', depends_on: { nodes: [] } },
        'test.shop.not_null_orders': { resource_type: 'test', package_name: 'shop', depends_on: { nodes: ['model.shop.orders'] } },
      },
      sources: { 'source.shop.raw.orders': { resource_type: 'source', package_name: 'shop' } },
      groups: {
        'group.shop.sales': { name: 'sales', owner: { name: 'Sales Analytics' } },
        'group.shop.crm': { name: 'crm', owner: { email: 'crm@example.com' } },
      },
    }, null, 2));
    // orders (group sales)    → source raw.orders (package shop)  source  sales → shop
    // orders                  → customers (group crm)             ref     sales → crm
    // orders                  → model.finance.fx_rates (not here: package finance) sales → finance
    // customers (crm)         → seed countries (shop)             ref     crm → shop
    // margin (no group: shop) → orders (sales), listed twice      ref     shop → sales
    // the test's dependency is no data dependency. 5 edges, all cross-domain: overhead 5, share 1.
    const staged = await a.stageFormat(dbtManifest, [manifest]);
    expect(staged.accepted).toBe(5);
    expect(staged.warnings).toEqual([
      'dbt manifest of shop: 3 models, 1 seed, 1 source; 5 dependencies (depends_on of models and snapshots; tests are not dependencies).',
      'Domain by dbt group for 2 nodes: sales (owner Sales Analytics) and crm (owner crm@example.com).',
      'Domain by package (dbt project) for 4 nodes without a group: shop and finance.',
      "1 node is not in the manifest (another project's, as dbt Mesh refers to them), placed by the package in their id: model.finance.fx_rates.",
    ]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.coupling).toMatchObject({ overhead: 5, total_edges: 5, coupling_share: 1 });
    expect(sortMatrix(m.coupling.matrix)).toEqual([
      { from: 'crm', to: 'shop', count: 1 },
      { from: 'sales', to: 'crm', count: 1 },
      { from: 'sales', to: 'finance', count: 1 },
      { from: 'sales', to: 'shop', count: 1 },
      { from: 'shop', to: 'sales', count: 1 },
    ]);
    expect(m.coupling.by_domain.sales).toEqual({ fan_out: 3, fan_in: 1, partners: 3 });
    expect(m.coupling.by_domain.shop).toEqual({ fan_out: 1, fan_in: 2, partners: 2 });
  });

  it("recognises dbt's other artifacts and says which file to give instead", async () => {
    const runResults = inputFile('run_results.json', JSON.stringify({
      metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json' },
      results: [],
    }));
    expect(dbtManifest.recognise(formatFile(runResults))).toBe(true);
    await expect(engine.a.stageFormat(dbtManifest, [runResults])).rejects.toThrow(
      "run_results.json: is dbt's run-results.json, not its manifest: give target/manifest.json",
    );
  });
});

describe('OpenLineage events', () => {
  it('reads the Marquez apples (8 files together): jobs linked through datasets, outside sources by namespace', async () => {
    const { a } = engine;
    // Jobs (namespace grandmas.kitchen, no ownership facet → domain grandmas.kitchen), by what they
    // read (r) and write (w), runs merged by runId (8 events, 8 runs, 5 jobs):
    //   gather_apples (runs 1, 7)        r laurents-orchard:red.delicious, backyard:crab.apples  w apples
    //   prepare_apple_filling (2, 8)     r apples, cinnamon, cupboard:sugar                      w apple.filling
    //   prepare_apple_cider (3)          r apples, cupboard:sugar                                w apple.cider
    //   prepare_vinegar (5)              r apple.cider                                           w cupboard:apple.vinegar
    //   prepare_apple_pie (6, 9)         r apple.filling                                         w apple.pie
    // Between jobs (consumer → producer): filling → gather, cider → gather, vinegar → cider,
    // pie → filling: 4 self-edges of grandmas.kitchen.
    // On datasets no job writes, placed by their namespace: gather → laurents-orchard,
    // gather → backyard, filling → grandmas.kitchen (cinnamon), filling → cupboard, cider → cupboard.
    // 9 edges; cross-domain 4 (orchard, backyard, cupboard ×2): overhead 4, share 4/9.
    const files = realFiles('openlineage/marquez-apples');
    expect(files).toHaveLength(8);
    const staged = await a.stageFormat(openLineageEvents, files);
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(9);
    expect(staged.warnings).toEqual([
      'OpenLineage: 8 events (8 COMPLETE) in 8 runs of 5 jobs.',
      'Domain by namespace for 5 jobs without an ownership facet: grandmas.kitchen.',
      '9 dependencies: 4 between jobs (one reads what another writes), 5 on datasets no job in these events writes (placed by their ownership facet or namespace: laurents-orchard, backyard, grandmas.kitchen and cupboard).',
    ]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.domains.map((d) => d.key)).toEqual(['backyard', 'cupboard', 'grandmas.kitchen', 'laurents-orchard']);
    expect(m.coupling.total_edges).toBe(9);
    expect(m.coupling.overhead).toBe(4);
    expect(m.coupling.coupling_share).toBeCloseTo(4 / 9, 12);
    expect(sortMatrix(m.coupling.matrix)).toEqual([
      { from: 'grandmas.kitchen', to: 'backyard', count: 1 },
      { from: 'grandmas.kitchen', to: 'cupboard', count: 2 },
      { from: 'grandmas.kitchen', to: 'laurents-orchard', count: 1 },
    ]);
    expect(m.coupling.by_domain['grandmas.kitchen']).toEqual({ fan_out: 4, fan_in: 0, partners: 3 });
    expect(m.coupling.by_domain.cupboard).toEqual({ fan_out: 0, fan_in: 2, partners: 1 });
  });

  it('refuses a facet fragment on its own, and the full spec example that holds no dependency', async () => {
    const { a } = engine;
    const spec = realFiles('openlineage/spec-examples');
    const byName = (n: string) => spec.find((f) => f.name === n)!;
    await expect(a.stageFormat(openLineageEvents, [byName('OwnershipJobFacet-1.json')])).rejects.toThrow(
      'OwnershipJobFacet-1.json: is an OpenLineage facet (ownership) on its own: a part of an event, not a run event.',
    );
    await expect(a.stageFormat(openLineageEvents, [byName('OwnershipDatasetFacet-1.json')])).rejects.toThrow(/facet \(ownership\) on its own/);
    await expect(a.stageFormat(openLineageEvents, [byName('ParentRunFacet-2.json')])).rejects.toThrow(/facet \(parent\) on its own/);
    // One COMPLETE event of myjob.mytask, reading and writing the same table: no dependency.
    await expect(a.stageFormat(openLineageEvents, [byName('client-python-example_full_event.json')])).rejects.toThrow(
      'client-python-example_full_event.json: holds no dependencies: 1 event of 1 job, and no job reads a dataset that another job writes or that comes from outside them',
    );
    // Read together with the apples, the fragments are problems and the rest loads.
    const staged = await a.stageFormat(openLineageEvents, [...realFiles('openlineage/marquez-apples'), ...spec]);
    expect(staged.accepted).toBe(9);
    expect(staged.problems.map((p) => p.file)).toEqual(['OwnershipDatasetFacet-1.json', 'OwnershipJobFacet-1.json', 'ParentRunFacet-2.json']);
    expect(staged.warnings).toContain('1 read of a dataset the same job writes is no dependency.');
  });

  it('merges runs by runId, takes domains from ownership facets, and leaves data-source namespaces to the ownership map', async () => {
    const { a } = engine;
    const event = (type: string, run: string, job: string, owner: string | null, inputs: object[], outputs: object[]) =>
      JSON.stringify({
        eventType: type, eventTime: '2026-01-05T10:00:00Z', run: { runId: run },
        job: { namespace: 'etl', name: job, ...(owner ? { facets: { ownership: { owners: [{ name: owner }] } } } : {}) },
        inputs, outputs, producer: 'test',
      });
    const ds = (namespace: string, name: string, owner?: string) =>
      owner ? { namespace, name, facets: { ownership: { owners: [{ name: owner }] } } } : { namespace, name };
    const ndjson = inputFile('events.ndjson', [
      event('START', 'r1', 'load_orders', 'team:sales', [ds('postgres://db:5432', 'public.orders')], []),
      event('COMPLETE', 'r1', 'load_orders', 'team:sales', [], [ds('warehouse', 'sales.orders')]),
      event('COMPLETE', 'r2', 'revenue', 'team:finance', [ds('warehouse', 'sales.orders'), ds('warehouse', 'fx.rates', 'group:treasury')], [ds('warehouse', 'finance.revenue')]),
      event('COMPLETE', 'r3', 'dedupe', null, [ds('warehouse', 'finance.revenue')], [ds('warehouse', 'finance.clean')]),
    ].join('\n') + '\n');
    // line 1 load_orders (sales) → dataset:postgres://db:5432:public.orders: a data-source
    //        namespace and no owner → no domain (ownership map, else unassigned)
    // line 3 revenue (finance) → load_orders (sales): it writes warehouse:sales.orders (run r1)
    // line 3 revenue → dataset:warehouse:fx.rates, owner group:treasury → treasury
    // line 4 dedupe (no facet: namespace etl) → revenue (finance)
    // 4 edges, all cross-domain (sales → unassigned counts too): overhead 4.
    const staged = await a.stageFormat(openLineageEvents, [ndjson]);
    expect(staged.accepted).toBe(4);
    expect(staged.warnings).toEqual([
      'OpenLineage: 4 events (1 START, 3 COMPLETE) in 3 runs of 3 jobs.',
      'Domain by ownership facet for 2 jobs: sales and finance.',
      'Domain by namespace for 1 job without an ownership facet: etl.',
      '4 dependencies: 2 between jobs (one reads what another writes), 2 on datasets no job in these events writes (placed by their ownership facet or namespace: treasury).',
      '1 dataset has a data-source namespace and no ownership facet, so no domain (dataset:postgres://db:5432:public.orders): the ownership map places it by that name, else it counts under "unassigned".',
      '1 row has no domain and no owner for its asset in the ownership map: it counts under "unassigned"',
    ]);
    await a.commit(staged);
    let m = await metrics(a);
    expect(m.coupling).toMatchObject({ overhead: 4, total_edges: 4 });
    expect(sortMatrix(m.coupling.matrix)).toEqual([
      { from: 'etl', to: 'finance', count: 1 },
      { from: 'finance', to: 'sales', count: 1 },
      { from: 'finance', to: 'treasury', count: 1 },
      { from: 'sales', to: 'unassigned', count: 1 },
    ]);
    // The ownership map places the source table in Sales: the edge becomes a self-edge.
    await load(a, 'ownership', `
      service,domain
      dataset:postgres://db:5432:public.orders,Sales
    `);
    m = await metrics(a);
    expect(m.coupling).toMatchObject({ overhead: 3, total_edges: 4 });
  });

  it('reads a JSON list of events and names the line of an entry that is not an event', async () => {
    const { a } = engine;
    const list = inputFile('events.json', `[
  {"eventType": "COMPLETE", "eventTime": "2026-01-05T10:00:00Z", "run": {"runId": "a"},
   "job": {"namespace": "crm", "name": "score"}, "inputs": [{"namespace": "sales", "name": "orders"}]},
  {"note": "not an event"}
]
`);
    const staged = await a.stageFormat(openLineageEvents, [list]);
    expect(staged.accepted).toBe(1);
    expect(staged.problems).toEqual([{ file: 'events.json', line: 4, reason: 'entry 2 is not an OpenLineage event (it names no job)' }]);
  });
});
