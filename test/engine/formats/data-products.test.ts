// The seeds' data product registry and the Open Data Product Standard → dependencies, on the real
// engine. The registry entries follow seed 000's registry entry and seed 003's specification
// (hand-made: the seeds show the fields, not a file); ODPS uses the real bitol-io example plus a
// hand-made producer whose output ports carry the contracts it reads.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataProductRegistry } from '../../../src/engine/ingest/formats/data-product-registry.ts';
import { odps } from '../../../src/engine/ingest/formats/odps.ts';
import { InputFileError } from '../../../src/engine/inputs.ts';
import { type Engine, fresh, load, metrics, openEngine, sortMatrix } from '../helpers.ts';
import { formatFile, inputFile, lineWith, realFiles, yamlFile } from './format-helpers.ts';

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

// Seed 000's registry entry (id `domain.product`, status, owner, upstream_dependencies), three of
// them in one YAML list.
const REGISTRY = yamlFile('registry.yaml', `
  # Data product registry, in the form of seed 000's entry
  - id: logistics.shipment_tracking
    status: production
    owner: logistics_eng_team
    upstream_dependencies: [orders.completed_orders, customers.addresses]
  - id: orders.completed_orders
    domain: Order Management
    owner: orders_team
    status: production
    upstream_dependencies:
      - payments.settlements
  - id: payments.settlements
    owner: payments_team
    status: beta
`);

// Seed 003's data product specification, as JSON: `name`, `domain`, and `lineage` naming
// upstream data sets without a domain.
const MISSION = inputFile('mission_completion_rate.json', JSON.stringify({
  name: 'mission_completion_rate',
  domain: 'operations',
  owner: 'team-operations',
  output_format: 'parquet',
  schema_version: 'v2.1',
  lineage: ['missions_raw', 'team_assignments'],
  consumer_teams: ['analytics', 'performance-dashboard'],
}, null, 2));

describe('data product registry', () => {
  it('reads seed 000 entries: each upstream x.y is an edge to domain x, or to the product in the files', async () => {
    const { a } = engine;
    // e1 logistics.shipment_tracking → orders.completed_orders: a product here, its own domain
    //    "Order Management" wins over the id's "orders"           logistics → order-management
    // e2 logistics.shipment_tracking → customers.addresses: not here → "customers"
    // e3 orders.completed_orders → payments.settlements: a product here without "domain": its
    //    id's "payments"                                             order-management → payments
    // 3 edges, all cross-domain: overhead 3.
    expect(dataProductRegistry.recognise(formatFile(REGISTRY))).toBe(true);
    const result = dataProductRegistry.read([formatFile(REGISTRY)], { questions: [] });
    expect(result.rows.map((r) => r.line)).toEqual([
      lineWith(REGISTRY, 'upstream_dependencies: [orders'),
      lineWith(REGISTRY, 'upstream_dependencies: [orders'),
      lineWith(REGISTRY, '- payments.settlements'),
    ]);
    const staged = await a.stageFormat(dataProductRegistry, [REGISTRY]);
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(3);
    expect(staged.warnings).toEqual([
      'Data product registry: 3 data products in 3 domains; 3 upstream dependencies (2 on products in these files, placed by their domain).',
      '2 products have no "domain": the part of the id before the dot stands for it (logistics.shipment_tracking and payments.settlements).',
      '1 product lists no upstream dependencies: payments.settlements.',
    ]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.domains).toEqual([
      { key: 'customers', label: 'customers' },
      { key: 'logistics', label: 'logistics' },
      { key: 'order-management', label: 'Order Management' },
      { key: 'payments', label: 'payments' },
    ]);
    expect(m.coupling).toMatchObject({ overhead: 3, total_edges: 3, coupling_share: 1 });
    expect(sortMatrix(m.coupling.matrix)).toEqual([
      { from: 'logistics', to: 'customers', count: 1 },
      { from: 'logistics', to: 'order-management', count: 1 },
      { from: 'order-management', to: 'payments', count: 1 },
    ]);
  });

  it('reads seed 003 lineage without a domain prefix: the ownership map places it', async () => {
    const { a } = engine;
    // operations → missions_raw, operations → team_assignments: no domain (neither a product here
    // nor `domain.product`) → unassigned until the ownership map says: missions_raw is Operations'
    // (a self-edge), team_assignments Personnel's. Overhead 2 → 1 of 2 edges.
    expect(dataProductRegistry.recognise(formatFile(MISSION))).toBe(true);
    const staged = await a.stageFormat(dataProductRegistry, [MISSION]);
    expect(staged.accepted).toBe(2);
    expect(staged.warnings).toContain(
      '2 upstreams name neither a product in these files nor "domain.product" (missions_raw and team_assignments): the ownership map places them by that name, else they count under "unassigned".',
    );
    await a.commit(staged);
    expect((await metrics(a)).coupling.matrix).toEqual([{ from: 'operations', to: 'unassigned', count: 2 }]);
    await load(a, 'ownership', `
      service,domain
      missions_raw,Operations
      team_assignments,Personnel
    `);
    const m = await metrics(a);
    expect(m.coupling).toMatchObject({ overhead: 1, total_edges: 2 });
    expect(m.coupling.matrix).toEqual([{ from: 'operations', to: 'personnel', count: 1 }]);
  });

  it('reads files together, one product per file or a products list, and reports a product without a domain', async () => {
    const { a } = engine;
    const one = yamlFile('shipments.yaml', `
      id: logistics.shipment_tracking
      owner: logistics_eng_team
      upstream_dependencies: [orders.completed_orders]
    `);
    const wrapped = yamlFile('more.yaml', `
      products:
        - id: orders.completed_orders
          domain: Sales
          lineage: [crm.customers]
        - id: scratchpad
          lineage: [orders.completed_orders]
    `);
    // logistics → orders.completed_orders, whose domain in these files is Sales: logistics → sales
    // sales → crm. scratchpad has no domain and its id no dot: a problem at its line.
    const staged = await a.stageFormat(dataProductRegistry, [one, wrapped]);
    expect(staged.accepted).toBe(2);
    expect(staged.problems).toEqual([
      {
        file: 'more.yaml',
        line: lineWith(wrapped, '- id: scratchpad'),
        reason: 'data product scratchpad has no domain (no "domain", and its id is not "domain.product"), so its dependencies cannot be placed',
      },
    ]);
    await a.commit(staged);
    expect(sortMatrix((await metrics(a)).coupling.matrix)).toEqual([
      { from: 'logistics', to: 'sales', count: 1 },
      { from: 'sales', to: 'crm', count: 1 },
    ]);
  });

  it('does not claim DataHub lineage, ODPS or data contracts (they have `lineage` or `id` too)', () => {
    for (const f of [...realFiles('datahub'), ...realFiles('data-products/odps'), ...realFiles('data-contracts')]) {
      expect(dataProductRegistry.recognise(formatFile(f)), f.name).toBe(false);
    }
  });
});

// A producer for the real ODPS example: it provides two of the contracts the customer product's
// input ports read, and reads one of the customer product's output contracts.
const PAYMENTS_PRODUCT = yamlFile('payments.odps.yaml', `
  apiVersion: v1.0.0
  kind: DataProduct
  id: 6a1f6f52-1c1e-4a53-9d7e-3f9c2f0a0001
  name: Payments
  domain: payments
  status: active
  inputPorts:
    - name: ledger
      version: 1.0.0
      contractId: c2798941-1b7e-4b03-9e0d-955b1a872b33
  outputPorts:
    - name: payments
      version: 2.0.0
      contractId: dbb7b1eb-7628-436e-8914-2a00638ba6da
    - name: onlinetransactions
      version: 1.0.0
      contractId: ec2a112d-5cfe-49f3-8760-f9cfb4597544
`);

describe('Open Data Product Standard', () => {
  const [customer] = realFiles('data-products/odps');

  it('refuses the example alone: its input ports read contracts no product given provides', async () => {
    const error = await engine.a.stageFormat(odps, [customer!]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).reason).toBe(
      "holds no dependencies: none of the 4 input ports' contracts (dbb7b1eb-7628-436e-8914-2a00638ba6db, dbb7b1eb-7628-436e-8914-2a00638ba6da, ec2a112d-5cfe-49f3-8760-f9cfb4597544 and ec2a112d-5cfe-49f3-8760-f9cfb4597547) is provided by an output port of another data product in the files given. Read the producing products' ODPS files together with it",
    );
  });

  it("matches input ports' contracts to other products' output ports, read together", async () => {
    const { a } = engine;
    // Customer Data Product (seller) input ports:
    //   line 18 payments 1.0.0            …6db  no product provides it → problem
    //   line 21 payments 2.0.0            …6da  Payments' output port  → seller → payments
    //   line 24 onlinetransactions 1.0.0  …544  Payments' output port  → same pair, one edge
    //   line 27 onlinetransactions 1.1.0  …547  no product provides it → problem
    // Payments (payments) input port ledger …b33 = Customer Data Product's rawtransactions 2.0.0
    //                                                                  → payments → seller
    // 2 edges, both cross-domain: overhead 2.
    const staged = await a.stageFormat(odps, [customer!, PAYMENTS_PRODUCT]);
    expect(staged.accepted).toBe(2);
    expect(staged.problems).toEqual([
      {
        file: 'customer-data-product.odps.yaml',
        line: 18,
        reason: 'input port payments 1.0.0 of Customer Data Product reads contract dbb7b1eb-7628-436e-8914-2a00638ba6db, which no output port of another data product in the files given provides',
      },
      {
        file: 'customer-data-product.odps.yaml',
        line: 27,
        reason: 'input port onlinetransactions 1.1.0 of Customer Data Product reads contract ec2a112d-5cfe-49f3-8760-f9cfb4597547, which no output port of another data product in the files given provides',
      },
    ]);
    expect(staged.warnings).toEqual([
      "Open Data Product Standard: 2 data products in 2 domains (Customer Data Product → seller and Payments → payments); 3 of 5 input ports matched to another product's output port by contractId, giving 2 dependencies.",
    ]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.coupling).toMatchObject({ overhead: 2, total_edges: 2, coupling_share: 1 });
    expect(sortMatrix(m.coupling.matrix)).toEqual([
      { from: 'payments', to: 'seller', count: 1 },
      { from: 'seller', to: 'payments', count: 1 },
    ]);
  });
});
