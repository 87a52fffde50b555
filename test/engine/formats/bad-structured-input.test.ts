// Bad YAML and JSON given to the dependency formats (issue 3, item 5): alias bombs, `[]`, `{}`,
// nesting past the limit, repeated keys, invalid syntax, `__proto__`/`constructor` keys. Each is
// refused with the file (and line where there is one), never crashes, and leaves what was loaded
// exactly as it was. `recognise` never throws, whatever it is given.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backstageCatalog } from '../../../src/engine/ingest/formats/backstage-catalog.ts';
import { dataProductRegistry } from '../../../src/engine/ingest/formats/data-product-registry.ts';
import { dbtManifest } from '../../../src/engine/ingest/formats/dbt-manifest.ts';
import { DEPENDENCY_FORMATS } from '../../../src/engine/ingest/formats/dependency-formats.ts';
import { odps } from '../../../src/engine/ingest/formats/odps.ts';
import { openLineageEvents } from '../../../src/engine/ingest/formats/openlineage-events.ts';
import { MAX_NESTING, tooDeepAt, unusableStructuredText } from '../../../src/engine/ingest/formats/structured-input.ts';
import type { FormatAdapter, FormatFile } from '../../../src/engine/ingest/format.ts';
import { InputFileError } from '../../../src/engine/inputs.ts';
import { type Engine, fresh, load, metrics, openEngine } from '../helpers.ts';
import { inputFile, yamlFile } from './format-helpers.ts';

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

function refusal(adapter: FormatAdapter, file: FormatFile): InputFileError {
  try {
    adapter.read([file], NO_CONTEXT);
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error(`${adapter.id} read ${file.name}`);
}

/** The billion laughs: 9^7 ≈ 4.8 million strings from a few hundred bytes. */
const BOMB_LINES = [
  '    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  '    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  '    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  '    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  '    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  '    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
];
const BOMB_CATALOG: FormatFile = {
  name: 'bomb.yaml',
  text: [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: bomb',
    'spec:',
    '  owner: team-a',
    '  dependsOn: [resource:db]',
    '  extra:',
    ...BOMB_LINES,
  ].join('\n'),
};

describe('YAML alias bombs', () => {
  it('are refused with the file and the document line, and nothing loaded changes', async () => {
    const { a } = engine;
    await load(a, 'dependencies', `
      from_domain,to_domain
      sales,billing
    `);
    const before = await metrics(a);
    expect(backstageCatalog.recognise(BOMB_CATALOG)).toBe(true);
    const started = Date.now();
    const error = await a.stageFormat(backstageCatalog, [inputFile(BOMB_CATALOG.name, BOMB_CATALOG.text)]).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).message).toBe(
      'bomb.yaml:1: uses YAML aliases that expand without bound (an "alias bomb"); it is refused unread',
    );
    expect(await metrics(a)).toEqual(before);
  });

  it('are refused by the registry and ODPS too (YAML read the same way)', () => {
    const registry: FormatFile = {
      name: 'registry.yaml',
      text: ['id: logistics.shipments', 'upstream_dependencies: [orders.completed]', 'extra:', ...BOMB_LINES].join('\n'),
    };
    expect(dataProductRegistry.recognise(registry)).toBe(true);
    expect(refusal(dataProductRegistry, registry).reason).toMatch(/alias bomb/);
    const product: FormatFile = {
      name: 'p.odps.yaml',
      text: ['apiVersion: v1.0.0', 'kind: DataProduct', 'id: p', 'domain: x', 'extra:', ...BOMB_LINES].join('\n'),
    };
    expect(odps.recognise(product)).toBe(true);
    expect(refusal(odps, product).reason).toMatch(/alias bomb/);
    expect(unusableStructuredText(registry)?.reason).toMatch(/alias bomb/);
  });

  it('a few ordinary aliases are fine; an alias to another document is invalid YAML, not a bomb', async () => {
    const catalog = yamlFile('anchors.yaml', `
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: web
      spec:
        owner: &team team-sales
        system: *team
        dependsOn: [component:api]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: api
      spec:
        owner: team-api
      ---
      apiVersion: backstage.io/v1alpha1
      kind: System
      metadata:
        name: team-sales
      spec:
        owner: team-sales
        domain: sales
    `);
    // web's system is *team = team-sales (a system of domain sales); api → its owner team-api.
    const staged = await engine.a.stageFormat(backstageCatalog, [catalog]);
    expect(staged.accepted).toBe(1);
    await engine.a.commit(staged);
    expect((await metrics(engine.a)).coupling.matrix).toEqual([{ from: 'sales', to: 'team-api', count: 1 }]);
    const across: FormatFile = {
      name: 'across.yaml',
      text: 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: &n a\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: *n\n',
    };
    expect(refusal(backstageCatalog, across).reason).toMatch(/^is not valid YAML \(/);
  });
});

describe('JSON that is [], {} or nested too deeply', () => {
  const empty = (name: string, text: string): FormatFile => ({ name, text });

  it('[] and {} are refused with a reason by every JSON format, and explained when no format claims them', () => {
    expect(refusal(openLineageEvents, empty('events.json', '[]')).message).toBe('events.json: is an empty list ([]): there is nothing in it to read');
    expect(refusal(openLineageEvents, empty('event.json', '{}')).message).toBe('event.json: is an empty object ({}): there is nothing in it to read');
    expect(refusal(dbtManifest, empty('manifest.json', ' {}\n')).message).toBe('manifest.json: is an empty object ({}): there is nothing in it to read');
    expect(refusal(dataProductRegistry, empty('registry.json', '[]')).message).toBe('registry.json: is an empty list ([]): there is nothing in it to read');
    expect(refusal(odps, empty('product.json', '{}')).message).toBe('product.json: is an empty object ({}): there is nothing in it to read');
    // No format claims them (nothing in them says what they are); the drop zone can still say why.
    for (const text of ['[]', '{}', '  [ ]\n']) {
      const file = empty('x.json', text);
      expect(DEPENDENCY_FORMATS.filter((a) => a.recognise(file))).toEqual([]);
      expect(unusableStructuredText(file)?.reason).toMatch(/^is an empty (list|object)/);
    }
    expect(unusableStructuredText(empty('ok.json', '{"a": 1}'))).toBeNull();
    expect(unusableStructuredText(empty('list.yaml', '[]\n'))?.reason).toBe('is an empty list ([]): there is nothing in it to read');
  });

  it('nesting past the limit is refused before any parser sees it, with its line', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const event: FormatFile = {
      name: 'deep.json',
      text: `{"eventTime": "2026-01-05T10:00:00Z", "run": {"runId": "r"},\n "job": {"namespace": "a", "name": "b"},\n "inputs": ${deep(200_000)}}`,
    };
    expect(openLineageEvents.recognise(event)).toBe(true);
    const started = Date.now();
    expect(refusal(openLineageEvents, event).message).toBe(
      `deep.json:3: nests more than ${MAX_NESTING} levels deep; no catalog, manifest or event does that, so it is refused unread`,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    const manifest: FormatFile = {
      name: 'manifest.json',
      text: `{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"}, "nodes": ${deep(100)}}`,
    };
    expect(refusal(dbtManifest, manifest).reason).toMatch(/nests more than 64 levels deep/);
    const catalog: FormatFile = {
      name: 'deep.yaml',
      text: `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n  deep: ${deep(50_000)}\n`,
    };
    expect(refusal(backstageCatalog, catalog).message).toMatch(/^deep\.yaml:6: nests more than 64 levels deep/);
    // Block nesting by indentation counts too.
    let block = 'apiVersion: backstage.io/v1alpha1\nkind: Component\n';
    for (let i = 0; i < 600; i++) block += `${' '.repeat(i)}k${i}:\n`;
    expect(refusal(backstageCatalog, { name: 'indent.yaml', text: block }).reason).toMatch(/nests more than 64 levels deep/);
    // 64 levels are fine; brackets inside strings and comments do not count.
    expect(tooDeepAt(deep(64), 'json')).toBe(-1);
    expect(tooDeepAt(deep(65), 'json')).toBe(64);
    expect(tooDeepAt(`{"a": "${'['.repeat(500)}"}`, 'json')).toBe(-1);
    expect(tooDeepAt(`a: '${'{'.repeat(500)}'\nb: "${'['.repeat(500)}" # ${'['.repeat(500)}\n`, 'yaml')).toBe(-1);
  });
});

describe('other bad YAML and JSON', () => {
  it('a repeated key or invalid syntax names the line', () => {
    const dup: FormatFile = {
      name: 'dup.yaml',
      text: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  name: b\n',
    };
    expect(refusal(backstageCatalog, dup).message).toMatch(/^dup\.yaml:5: repeats a key in one mapping \(Map keys must be unique\); a key may appear only once$/);
    const broken: FormatFile = {
      name: 'broken.yaml',
      text: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [a, b\nspec: {}\n',
    };
    expect(refusal(backstageCatalog, broken).message).toMatch(/^broken\.yaml:\d+: is not valid YAML \(/);
    const json: FormatFile = {
      name: 'events.json',
      text: '[\n  {"eventTime": "x", "run": {"runId": "r"}, "job": {"namespace": "a", "name": "b"}},\n  {"eventTime": oops}\n]',
    };
    expect(refusal(openLineageEvents, json).message).toMatch(/^events\.json:3: is not valid JSON \(/);
    const ndjson: FormatFile = {
      name: 'events.ndjson',
      text: '{"eventTime": "x", "run": {"runId": "r"}, "job": {"namespace": "a", "name": "b"}}\n{"eventTime": }\n',
    };
    expect(refusal(openLineageEvents, ndjson).message).toMatch(/^events\.ndjson:2: line is not valid JSON/);
  });

  it('__proto__ and constructor keys are plain keys: never read as fields, never on any prototype', async () => {
    const catalog = yamlFile('proto.yaml', `
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: web
        __proto__: { polluted: yes }
      spec:
        owner: team-web
        constructor: { system: evil }
        __proto__: { system: evil }
        dependsOn: [component:api]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: api
        constructor: x
      spec:
        owner: team-api
    `);
    const staged = await engine.a.stageFormat(backstageCatalog, [catalog]);
    // No system was read from the hostile keys: both components use their owner.
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(1);
    await engine.a.commit(staged);
    expect((await metrics(engine.a)).coupling.matrix).toEqual([{ from: 'team-web', to: 'team-api', count: 1 }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).system).toBeUndefined();

    const event: FormatFile = {
      name: 'proto.json',
      text: '{"__proto__": {"job": {"namespace": "a", "name": "b"}}, "eventTime": "x", "run": {"runId": "r"}}',
    };
    expect(refusal(openLineageEvents, event).reason).toBe('holds no OpenLineage run event');
    expect(({} as Record<string, unknown>).job).toBeUndefined();
  });

  it('recognise never throws and claims nothing odd', () => {
    const odd = ['', ' ', '\u0000\u0001binary', '{', '[', '"', 'apiVersion: [', 'null', '42', '{"eventTime": ', '\uFEFF{}', '['.repeat(100_000)];
    for (const text of odd) {
      for (const adapter of DEPENDENCY_FORMATS) {
        expect(() => adapter.recognise({ name: 'odd.json', text }), `${adapter.id} on ${JSON.stringify(text.slice(0, 20))}`).not.toThrow();
      }
    }
  });
});

describe('a Parquet file', () => {
  it('is named as Parquet and sent to the command line, not called binary, in the browser engine', async () => {
    const { planImports } = await import('../../../src/engine/ingest/recognise.ts');
    // 'PAR1' at both ends is how every Parquet file starts and ends; the rest is binary.
    const bytes = new Uint8Array([0x50, 0x41, 0x52, 0x31, 0x15, 0x00, 0x15, 0x1c, 0x50, 0x41, 0x52, 0x31]);
    const plan = planImports([{ name: 'deployments.parquet', bytes }], 'deployments');
    expect(plan.unrecognised.map((u) => u.reason)).toEqual([
      'it is a Parquet file: Parquet is read by the command line with --engine native (the browser reads CSV, JSON and YAML)',
    ]);
    // Staged directly on DuckDB-WASM (no Parquet reader offline), it is refused with that advice.
    await expect(engine.a.stage('deployments', { name: 'deployments.parquet', bytes })).rejects.toThrow(/Parquet/);
  });
});
