// Batch mode (the command line): commits only insert, and the derived tables are rebuilt once
// before they are next read. The figures, the input summary and what staging warns about must be
// exactly those of the page's mode, where every commit rebuilds them in its own transaction.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Assessment } from '../../src/engine/assessment.ts';
import { openNodeConnector } from '../../src/engine/db/node.ts';
import type { InputKind } from '../../src/engine/inputs.ts';

const small = (name: string) => join(import.meta.dirname, '../fixtures/small', name);
const AT = new Date('2026-03-16T09:00:00Z');

async function run(batch: boolean) {
  const a = await Assessment.open(await openNodeConnector(), { batch });
  const warnings: string[][] = [];
  // The ownership map first: staging the deployments after it must see its owners (their
  // warning about rows without an owner reads them).
  for (const [kind, name] of [['ownership', 'ownership.csv'], ['deployments', 'deployments.csv'],
    ['dependencies', 'dependencies.csv']] as [InputKind, string][]) {
    const staged = await a.stage(kind, { name, bytes: new Uint8Array(readFileSync(small(name))) });
    warnings.push(staged.warnings);
    await a.commit(staged, { add: true });
  }
  await a.setProfile({ engineers: 40 });
  const out = { metrics: await a.metrics(AT), summary: await a.summary(), warnings };
  await a.close();
  return out;
}

describe('batch mode', () => {
  it('gives the same figures, summary and warnings as rebuilding in every commit', async () => {
    const page = await run(false);
    const batch = await run(true);
    expect(batch).toEqual(page);
    // The fixture's figures (test/fixtures/small/README.md): 2 of 4 counted deployments independent.
    expect(batch.metrics.autonomy).toMatchObject({ independent: 2, total: 4 });
  });
});
