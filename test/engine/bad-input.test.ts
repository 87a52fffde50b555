// Bad input of issue #3 not covered elsewhere: refused with the file, line and reason, nothing lost.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bytesOf, fresh, load, metrics, openEngine, type Engine } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});
afterAll(() => engine.close());
beforeEach(() => fresh(engine.a));

describe('bad input', () => {
  it('refuses a 50 MB single field, naming its line, and changes nothing', async () => {
    const { a } = engine;
    await load(a, 'deployments', `
      deployed_at,domain
      2026-03-02T10:00:00Z,Sales
    `);
    const before = await metrics(a);
    const huge = `deployed_at,domain,service\n2026-03-02T10:00:00Z,Sales,ok\n2026-03-03T10:00:00Z,Sales,"${'x'.repeat(50 * 1024 * 1024)}"\n`;
    await expect(a.stage('deployments', { name: 'huge.csv', bytes: bytesOf(huge) })).rejects.toMatchObject({
      fileName: 'huge.csv',
      reason: 'a line is longer than 4 MB: no deployment, dependency or answer is that large',
    });
    expect(await metrics(a)).toEqual(before);
  });

  it('refuses mixed delimiters at the first row that breaks the header', async () => {
    const { a } = engine;
    // The header uses commas; line 3 uses semicolons: one value where the header has three.
    const mixed = 'deployed_at,domain,service\n2026-03-02T10:00:00Z,Sales,api\n2026-03-03T10:00:00Z;Sales;api\n';
    await expect(a.stage('deployments', { name: 'mixed.csv', bytes: bytesOf(mixed) })).rejects.toMatchObject({
      line: 3,
      reason: 'this row has 1 value where the header has 3 columns (a stray or mixed delimiter?)',
    });
  });

  it('lists a blank date as a row problem', async () => {
    const { a } = engine;
    const staged = await a.stage('deployments', {
      name: 'blank.csv',
      bytes: bytesOf('deployed_at,domain\n,Sales\n2026-03-02,Sales\n'),
    });
    expect(staged.problems).toEqual([{ line: 2, reason: 'deployed_at is empty' }]);
    expect(staged.accepted).toBe(1);
  });
});
