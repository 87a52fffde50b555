// SPEC "Metrics export": every document the engine writes validates against the zod schema
// (the helpers' metrics() parses every document of every test; this file checks the envelope
// on an empty and on a full assessment, and that the document survives JSON as is).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { metricsSchema } from '../../src/engine/metrics-schema.ts';
import { ASSESSED_AT, type Engine, fresh, load, metrics, openEngine } from './helpers.ts';

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

function expectDocument(m: unknown, at: Date): void {
  const doc = metricsSchema.parse(m);
  expect(doc.schema).toBe('mesh-readiness/metrics@1');
  expect(new Date(doc.assessed_at).getTime()).toBe(at.getTime());
  expect(doc.autonomy.target).toBe(0.8);
  // plain JSON: no undefined, NaN, Infinity, Date or bigint anywhere
  expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  // every by_domain map has one entry per listed domain
  const keys = doc.domains.map((d) => d.key).sort();
  expect(Object.keys(doc.maturity.by_domain).sort()).toEqual(keys);
  expect(Object.keys(doc.autonomy.by_domain).sort()).toEqual(keys);
  expect(Object.keys(doc.coupling.by_domain).sort()).toEqual(keys);
  // domains sorted by key
  expect(doc.domains.map((d) => d.key)).toEqual(keys);
}

describe('the metrics document', () => {
  it('validates for an empty assessment', async () => {
    const m = await engine.a.metrics(ASSESSED_AT);
    expectDocument(m, ASSESSED_AT);
    expect(m.domains).toEqual([]);
    expect(m.pilot_domains).toEqual([]);
    expect(m.readiness.domain_count).toBe(0);
    expect(m.readiness.engineers).toBeNull();
  });

  it('validates for a full assessment, at another date', async () => {
    const { a } = engine;
    await load(a, 'ownership', 'service,domain\nledger,Billing\ncheckout,Sales\n');
    await load(
      a,
      'deployments',
      `
      deployed_at,service,domain,deployment_id,change_id,coordinated_with,independent,status,environment
      2025-11-03T10:00:00+01:00,checkout,,1,C1,,,success,prod
      2025-11-04T10:00:00Z,ledger,,2,C1,,,success,prod
      2025-11-05T10:00:00Z,ledger,,3,,sales,,success,prod
      2025-11-12T10:00:00Z,checkout,,4,,,true,failed,prod
      2025-11-13T10:00:00Z,checkout,,5,,,true,success,staging
      2025-11-13T11:00:00Z,checkout,,5,,,true,success,prod
      2025-11-13T12:00:00Z,checkout,,5,,,true,success,prod
      2025-11-20T10:00:00Z,orphan,,6,,,,,
      `,
    );
    await load(
      a,
      'dependencies',
      'from_domain,to_domain,from_asset,to_asset,kind\n,,checkout,ledger,api\nsales,sales,a,b,table\n',
    );
    await load(
      a,
      'questions',
      'question_id,pillar,text\nA,domain_ownership,a\nB,data_as_product,b\nC,self_serve_platform,c\nD,federated_governance,d\n',
    );
    await load(
      a,
      'answers',
      'respondent,domain,question_id,answer\nr1,sales,A,4\nr1,sales,B,2\nr1,sales,C,n/a\nr2,billing,D,5\nr2,billing,A,1\n',
    );
    await a.setProfile({ engineers: 250, domainCountOverride: 14 });
    const at = new Date('2026-03-31T12:34:56Z');
    const m = await engine.a.metrics(at);
    expectDocument(m, at);
    expect(m.readiness.engineers).toBe(250);
    expect(m.readiness.domain_count).toBe(14);
    expect(await metrics(a, at)).toEqual(m);
  });
});
