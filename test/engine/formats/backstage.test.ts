// Backstage catalog → dependencies and ownership map, on the real engine: the real catalogs in
// test/fixtures/real/dependencies/backstage/ and small hand-made catalogs for the edge cases.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backstageCatalog } from '../../../src/engine/ingest/formats/backstage-catalog.ts';
import { backstageOwnership } from '../../../src/engine/ingest/formats/backstage-ownership.ts';
import { InputFileError } from '../../../src/engine/inputs.ts';
import { type Engine, fresh, load, metrics, openEngine, sortMatrix } from '../helpers.ts';
import { inputFile, lineWith, realFiles, yamlFile } from './format-helpers.ts';

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

describe('Backstage catalog-model-examples (26 files read together)', () => {
  const files = realFiles('backstage/catalog-model-examples');

  it('places every component, resource and API, and finds the one consumesApis edge', async () => {
    const { a } = engine;
    // Entities: 12 components, 1 resource, 1 API, 3 systems, 3 domains, 4 groups, 12 users, 3 locations.
    // Systems → domains: artist-engagement-portal → artists; audio-playback, podcast → playback.
    // Placement (system → domain, else owner group; a user owner → the user's first group):
    //   artist-lookup, www-artist, resource artists-db            → artists  (system)
    //   playback-sdk, shuffle-api, podcast-api, queue-proxy       → playback (system)
    //   petstore (team-c), wayback-archive, wayback-archive-storage, wayback-search, API wayback-archive
    //   (team-a), wayback-archive-ingestion (team-d), searcher (user:guest, member of team-a) → owner
    // Edges: dependsOn — none in these versions of the files; consumesApis — wayback-search consumes
    // api:default/wayback-archive, which component wayback-archive provides: 1 edge team-a → team-a.
    const staged = await a.stageFormat(backstageCatalog, files);
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(1);
    expect(staged.warnings).toContain(
      'Backstage catalog of 26 files: 12 components, 1 resource, 1 API, 3 systems, 3 domains, 4 groups, 12 users, 3 locations.',
    );
    expect(staged.warnings).toContain(
      '14 components, resources and APIs in 5 domains; 7 through the domain of their system (3 systems of artists and playback).',
    );
    const noSystem = staged.warnings.find((w) => w.startsWith('7 entities have no system'));
    expect(noSystem).toContain('petstore → team-c');
    expect(noSystem).toContain('searcher → team-a (owner user guest → their group team-a)');
    expect(noSystem).toContain('API wayback-archive → team-a');
    expect(noSystem).toContain('wayback-archive-ingestion → team-d');
    // Location acme/org.yaml lists 8 group files; 3 of them were given.
    const groups = staged.warnings.find((w) => w.startsWith('Location example-groups (acme/org.yaml)'));
    expect(groups).toContain('lists 8 targets; 3 among the files given');
    expect(groups).toContain('5 not: ./infrastructure-group.yaml, ./boxoffice-group.yaml, ./backstage-group.yaml, ./team-c-group.yaml and ./team-e-big-name-group.yaml');
    expect(staged.warnings).toContain('Location example-domains (all-domains.yaml) lists 3 targets, all among the files given.');
    await a.commit(staged);

    const m = await metrics(a);
    expect(m.domains).toEqual([{ key: 'team-a', label: 'team-a' }]);
    // One self-edge: overhead 0 of 1 edge.
    expect(m.coupling).toMatchObject({ overhead: 0, total_edges: 1, coupling_share: 0, matrix: [] });
  });

  it('yields the ownership map that places deployments by service name', async () => {
    const { a } = engine;
    // 14 entity references + 13 bare names (components and the resource; an API's name is not a
    // service name) = 27 rows; domains artists, playback, team-a, team-c, team-d.
    const staged = await a.stageFormat(backstageOwnership, files);
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(27);
    expect(staged.warnings).toContain('Ownership map of 27 names: 14 entity references, 13 component and resource names.');
    await a.commit(staged);
    // searcher → team-a (via its owner's group), podcast-api → playback (system podcast),
    // component:default/www-artist → artists (system artist-engagement-portal).
    await load(a, 'deployments', `
      deployed_at,service,independent
      2026-01-05T10:00:00Z,searcher,true
      2026-01-05T11:00:00Z,podcast-api,false
      2026-01-05T12:00:00Z,component:default/www-artist,true
    `);
    const m = await metrics(a);
    expect(m.domains.map((d) => d.key)).toEqual(['artists', 'playback', 'team-a', 'team-c', 'team-d']);
    expect(m.readiness.domain_count).toBe(5);
    expect(m.autonomy.by_domain['team-a']).toEqual({ ratio: 1, independent: 1, total: 1 });
    expect(m.autonomy.by_domain.playback).toEqual({ ratio: 0, independent: 0, total: 1 });
    expect(m.autonomy.by_domain.artists).toEqual({ ratio: 1, independent: 1, total: 1 });
  });
});

describe('Backstage rhdh-showcase (13 files: Location files, relative targets)', () => {
  const files = realFiles('backstage/rhdh-showcase');

  it('reads the five dependsOn edges; the system without a domain uses its owner group', async () => {
    const { a } = engine;
    // component backstage-showcase (system janus-idp, owner janus-authors) dependsOn
    // resource:pgdb, argocd, obc, keycloak, github (all system janus-idp). janus-idp has no domain,
    // so every entity's owner group janus-authors is the domain: 5 self-edges, overhead 0.
    const staged = await a.stageFormat(backstageCatalog, files);
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(5);
    expect(staged.warnings).toContain('5 dependencies: 5 dependsOn.');
    expect(staged.warnings.some((w) => w.startsWith('1 system has no domain (janus-idp)'))).toBe(true);
    expect(staged.warnings.some((w) => w.startsWith('Location entities (all.yaml)') && w.includes('1 not: ./apis.yaml'))).toBe(true);
    expect(staged.warnings.some((w) => w.startsWith('Location groups (groups.yaml)') && w.includes('./groups/rhdh-team.yaml'))).toBe(true);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.domains).toEqual([{ key: 'janus-authors', label: 'janus-authors' }]);
    expect(m.coupling).toMatchObject({ overhead: 0, total_edges: 5, coupling_share: 0 });
  });

  it('maps the repository slug and the Kubernetes/Argo CD keys to the domain', async () => {
    const { a } = engine;
    // 6 references + 6 names + github.com/project-slug redhat-developer/rhdh + janus-idp (the
    // argocd/app-name and backstage.io/kubernetes-id share the value: one row) = 14 rows.
    const staged = await a.stageFormat(backstageOwnership, files);
    expect(staged.accepted).toBe(14);
    await a.commit(staged);
    await load(a, 'deployments', `
      deployed_at,service,independent
      2026-01-05T10:00:00Z,redhat-developer/rhdh,true
      2026-01-05T11:00:00Z,janus-idp,true
      2026-01-05T12:00:00Z,Redhat-Developer/RHDH,false
    `);
    const m = await metrics(a);
    expect(m.autonomy.by_domain['janus-authors']).toEqual({ ratio: 2 / 3, independent: 2, total: 3 });
    expect(m.domains).toEqual([{ key: 'janus-authors', label: 'janus-authors' }]);
  });
});

describe('Backstage create-app 0.9.2 (what a new Backstage app ships)', () => {
  const files = realFiles('backstage/create-app-0.9.2');

  it('has no dependencies: refused as a dependency export with the reason, read as an ownership map', async () => {
    const { a } = engine;
    await expect(a.stageFormat(backstageCatalog, files)).rejects.toThrow(
      /holds no dependencies: it names no dependsOn, dependencyOf or consumesApis .*it can still be loaded as an ownership map/,
    );
    // System examples has no domain: example-website and the API example-grpc-api → owner guests.
    const staged = await a.stageFormat(backstageOwnership, files);
    expect(staged.accepted).toBe(3);
    await a.commit(staged);
    expect((await metrics(a)).domains).toEqual([{ key: 'guests', label: 'guests' }]);
  });
});

// A hand-made catalog of three files: domains and systems, components, and a Location.
const SHOP_DOMAINS = yamlFile('shop/domains.yaml', `
  apiVersion: backstage.io/v1alpha1
  kind: Domain
  metadata:
    name: sales
  spec:
    owner: team-sales
  ---
  apiVersion: backstage.io/v1alpha1
  kind: System
  metadata:
    name: checkout
  spec:
    owner: team-sales
    domain: sales
  ---
  apiVersion: backstage.io/v1alpha1
  kind: System
  metadata:
    name: ledger
  spec:
    owner: team-pay
    domain: domain:default/payments
`);
const SHOP_COMPONENTS = yamlFile('shop/components.yaml', `
  apiVersion: backstage.io/v1alpha1
  kind: Component
  metadata:
    name: web-shop
  spec:
    owner: team-sales
    system: checkout
    dependsOn:
      - component:cart-api
      - resource:default/orders-db
    consumesApis: [payments-api]
  ---
  apiVersion: backstage.io/v1alpha1
  kind: Component
  metadata:
    name: cart-api
  spec:
    owner: team-sales
    system: checkout
    dependsOn: [orders-db]
  ---
  apiVersion: backstage.io/v1alpha1
  kind: Component
  metadata:
    name: payment-service
  spec:
    owner: group:default/team-pay
    system: ledger
    providesApis: [payments-api]
    dependsOn: [resource:ledger-db]
  ---
  apiVersion: backstage.io/v1alpha1
  kind: Component
  metadata:
    name: fraud-check
  spec:
    owner: team-risk
    dependsOn:
      - component:payment-service
      - component:ghost-service
  ---
  apiVersion: backstage.io/v1alpha1
  kind: Resource
  metadata:
    name: orders-db
  spec:
    owner: team-sales
    system: checkout
  ---
  apiVersion: backstage.io/v1alpha1
  kind: Resource
  metadata:
    name: ledger-db
  spec:
    owner: team-pay
    system: ledger
  ---
  apiVersion: backstage.io/v1alpha1
  kind: API
  metadata:
    name: payments-api
  spec:
    owner: team-pay
    system: ledger
`);
const SHOP_LOCATION = yamlFile('shop/all.yaml', `
  apiVersion: backstage.io/v1alpha1
  kind: Location
  metadata:
    name: shop
  spec:
    targets: [./domains.yaml, ./components.yaml, ./apis.yaml]
`);

describe('Backstage edge cases (hand-made)', () => {
  it('resolves component → system → domain, matches consumesApis to the provider, and keeps going past a missing entity', async () => {
    const { a } = engine;
    // Domains: checkout → sales; ledger → payments (`domain:default/payments`, the Domain entity is
    // not in the files: its name is enough). fraud-check has no system → its owner team-risk.
    //   e1 web-shop → cart-api          dependsOn     sales → sales
    //   e2 web-shop → orders-db         dependsOn     sales → sales
    //   e3 web-shop → payment-service   consumesApis  sales → payments (the provider of payments-api)
    //   e4 cart-api → orders-db         dependsOn     sales → sales (no kind: resolved by name)
    //   e5 payment-service → ledger-db  dependsOn     payments → payments
    //   e6 fraud-check → payment-service dependsOn    team-risk → payments
    //   fraud-check → component:ghost-service: not in the files → a problem at its line
    // 6 edges; cross-domain e3, e6 → overhead 2, share 2/6.
    // payments: fan_in 2, partners {sales, team-risk}; sales: fan_out 1; team-risk: fan_out 1.
    const staged = await a.stageFormat(backstageCatalog, [SHOP_LOCATION, SHOP_DOMAINS, SHOP_COMPONENTS]);
    expect(staged.accepted).toBe(6);
    expect(staged.problems).toEqual([
      {
        file: 'shop/components.yaml',
        line: lineWith(SHOP_COMPONENTS, 'component:ghost-service'),
        reason: 'component:default/fraud-check dependsOn component:default/ghost-service, which is not in the files given',
      },
    ]);
    expect(staged.warnings).toContain('6 dependencies: 5 dependsOn, 1 consumesApis, each to the component that provides the API.');
    expect(staged.warnings).toContain('1 dependsOn entry names no kind; each was matched to the one component or resource of that name.');
    expect(staged.warnings.some((w) => w.startsWith('1 entity has no system') && w.includes('fraud-check → team-risk'))).toBe(true);
    expect(staged.warnings).toContain(
      'Location shop (shop/all.yaml) lists 3 targets; 2 among the files given (./domains.yaml and ./components.yaml), 1 not: ./apis.yaml. What those hold is not read; add them to read it.',
    );
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.domains.map((d) => d.key)).toEqual(['payments', 'sales', 'team-risk']);
    expect(m.coupling.total_edges).toBe(6);
    expect(m.coupling.overhead).toBe(2);
    expect(m.coupling.coupling_share).toBeCloseTo(2 / 6, 12);
    expect(sortMatrix(m.coupling.matrix)).toEqual([
      { from: 'sales', to: 'payments', count: 1 },
      { from: 'team-risk', to: 'payments', count: 1 },
    ]);
    expect(m.coupling.by_domain).toEqual({
      payments: { fan_out: 0, fan_in: 2, partners: 2 },
      sales: { fan_out: 1, fan_in: 0, partners: 1 },
      'team-risk': { fan_out: 1, fan_in: 0, partners: 1 },
    });
  });

  it('names the missing system of a component, and the API nobody provides or defines', async () => {
    const { a } = engine;
    const catalog = yamlFile('catalog.yaml', `
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: billing
      spec:
        owner: team-bill
        system: invoicing
        consumesApis: [tax-api, rates-api]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: reports
      spec:
        owner: team-bi
        dependsOn: [component:billing]
        consumesApis: [rates-api]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: API
      metadata:
        name: rates-api
      spec:
        owner: team-fx
    `);
    // billing's system invoicing is not in the file: its domain is unknown, so every edge that
    // touches billing is a problem (reports → billing, billing → rates-api). billing consumes
    // tax-api: neither provided nor defined → a problem. reports → api rates-api: no component
    // provides it, but the API entity is there (owner team-fx) → the edge goes to the API itself.
    const staged = await a.stageFormat(backstageCatalog, [catalog]);
    expect(staged.accepted).toBe(1);
    const missingSystem =
      'component:default/billing is part of system:default/invoicing, which is not in the files given, so its domain is unknown (add the file that defines invoicing)';
    const consumes = lineWith(catalog, 'consumesApis: [tax-api');
    expect(staged.problems).toEqual([
      {
        file: 'catalog.yaml',
        line: consumes,
        reason: 'component:default/billing consumes api:default/tax-api, which is not in the files given and which no component here provides',
      },
      {
        file: 'catalog.yaml',
        line: consumes,
        reason: `component:default/billing → api:default/rates-api (consumesApis) is left out: ${missingSystem}`,
      },
      {
        file: 'catalog.yaml',
        line: lineWith(catalog, 'component:billing'),
        reason: `component:default/reports → component:default/billing (dependsOn) is left out: ${missingSystem}`,
      },
    ]);
    expect(staged.warnings.some((w) => w.includes('1 consumesApis (1 to an API no component in the files provides, so to the API itself)'))).toBe(true);
    await a.commit(staged);
    const m = await metrics(a);
    // reports (owner team-bi) → api rates-api (owner team-fx): one cross-domain edge.
    expect(m.coupling.matrix).toEqual([{ from: 'team-bi', to: 'team-fx', count: 1 }]);
  });

  it('uses the entity namespace for references without one, and refuses to depend on a group', async () => {
    const { a } = engine;
    const catalog = yamlFile('ops.yaml', `
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: pager
        namespace: ops
      spec:
        owner: group:default/sre
        dependsOn: [component:notifier, group:sre]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: notifier
        namespace: ops
      spec:
        owner: comms
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: notifier
      spec:
        owner: someone-else
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Group
      metadata:
        name: sre
        namespace: ops
    `);
    // component:notifier from namespace ops is component:ops/notifier (owner comms), not the
    // default one; group:sre is group:ops/sre, which cannot be depended on.
    const staged = await a.stageFormat(backstageCatalog, [catalog]);
    expect(staged.accepted).toBe(1);
    expect(staged.problems).toEqual([
      { file: 'ops.yaml', line: lineWith(catalog, 'dependsOn'), reason: 'component:ops/pager dependsOn group:ops/sre, a group, which cannot be depended on' },
    ]);
    await a.commit(staged);
    expect((await metrics(a)).coupling.matrix).toEqual([{ from: 'sre', to: 'comms', count: 1 }]);
  });

  it("reads the catalog API's JSON (GET /api/catalog/entities) with each entity's line", async () => {
    const { a } = engine;
    const entity = (kind: string, name: string, spec: object) =>
      `  {"apiVersion": "backstage.io/v1alpha1", "kind": "${kind}", "metadata": {"name": "${name}"}, "spec": ${JSON.stringify(spec)}}`;
    const list = inputFile('entities.json', `[\n${[
      entity('Component', 'checkout', { owner: 'team-shop', dependsOn: ['component:pricing', 'resource:missing-db'] }),
      entity('Component', 'pricing', { owner: 'team-pricing' }),
    ].join(',\n')}\n]\n`);
    // checkout (team-shop) → pricing (team-pricing); resource:missing-db is not there: line 2.
    const staged = await a.stageFormat(backstageCatalog, [list]);
    expect(staged.accepted).toBe(1);
    expect(staged.problems).toEqual([
      { file: 'entities.json', line: 2, reason: 'component:default/checkout dependsOn resource:default/missing-db, which is not in the files given' },
    ]);
    const byQuery = inputFile('by-query.json', JSON.stringify({ items: [JSON.parse(entity('Component', 'solo', { owner: 'x' }))], totalItems: 1 }));
    const owned = await a.stageFormat(backstageOwnership, [byQuery]);
    expect(owned.accepted).toBe(2);
  });

  it('refuses a catalog whose only dependencies all name missing entities, leaving what was loaded', async () => {
    const { a } = engine;
    await load(a, 'dependencies', `
      from_domain,to_domain
      sales,billing
    `);
    const before = await metrics(a);
    const catalog = yamlFile('lonely.yaml', `
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: lonely
      spec:
        owner: team-x
        dependsOn: [resource:gone]
    `);
    const error = await a.stageFormat(backstageCatalog, [catalog]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).message).toBe(
      'lonely.yaml: holds no dependencies: none of its dependencies could be placed: component:default/lonely dependsOn resource:default/gone, which is not in the files given',
    );
    expect(await metrics(a)).toEqual(before);
  });
});
