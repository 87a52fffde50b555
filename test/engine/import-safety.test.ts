// SPEC "Inputs": a file is validated before anything it holds replaces what was loaded; bad
// rows are listed by line with a reason; a cancelled or failed import leaves the previous
// state untouched; header handling (case, order, unknown columns, BOM).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputFileError, type InputKind } from '../../src/engine/inputs.ts';
import { type Engine, bytesOf, csv, fresh, load, metrics, openEngine, stage } from './helpers.ts';

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

/** A baseline with every kind loaded, so "unchanged" means something for each. */
async function loadBaseline(): Promise<void> {
  const { a } = engine;
  await load(a, 'ownership', 'service,domain\nledger,billing\n');
  await load(
    a,
    'questions',
    'question_id,pillar,text,scale_min,scale_max\nQ1,domain_ownership,Owned?,1,5\nQ2,data_as_product,SLAs?,1,5\n',
  );
  await load(a, 'answers', 'respondent,domain,question_id,answer\nr1,sales,Q1,4\nr1,sales,Q2,3\n');
  await load(
    a,
    'deployments',
    'deployed_at,domain,independent\n2025-12-01T10:00:00Z,sales,true\n2025-12-02T10:00:00Z,billing,false\n',
  );
  await load(a, 'dependencies', 'from_domain,to_domain\nsales,billing\n');
  await a.setProfile({ engineers: 120, domainCountOverride: null });
}

async function expectFileError(
  kind: InputKind,
  bytes: Uint8Array,
  name = 'bad.csv',
): Promise<InputFileError> {
  let caught: unknown;
  try {
    await engine.a.stage(kind, { name, bytes });
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputFileError);
  const err = caught as InputFileError;
  expect(err.fileName).toBe(name);
  expect(err.reason.length).toBeGreaterThan(0);
  return err;
}

describe('row problems', () => {
  it('lists each bad row by line with its reason; commit loads only the good rows', async () => {
    const { a } = engine;
    // line 2 ok (indep), 3 no such day, 4 ok (coord), 5 garbage date, 6 blank date,
    // 7 independent "perhaps", 8 ok (indep)
    const staged = await stage(
      a,
      'deployments',
      `
      deployed_at,domain,independent
      2025-12-01T10:00:00Z,sales,true
      2025-02-30T10:00:00Z,sales,true
      2025-12-02T10:00:00Z,sales,false
      not-a-date,sales,true
      ,sales,true
      2025-12-03T10:00:00Z,sales,perhaps
      2025-12-04T10:00:00Z,sales,yes
      `,
    );
    expect(staged.kind).toBe('deployments');
    expect(staged.fileName).toBe('deployments.csv');
    expect(staged.rows).toBe(7);
    expect(staged.accepted).toBe(3);
    expect(staged.problemCount).toBe(4);
    expect(staged.problems.map((p) => p.line)).toEqual([3, 5, 6, 7]);
    expect(staged.problems[0]!.reason).toContain('2025-02-30');
    expect(staged.problems[1]!.reason).toContain('not-a-date');
    expect(staged.problems[3]!.reason).toContain('perhaps');
    for (const p of staged.problems) expect(p.reason.length).toBeGreaterThan(0);

    // staging changed nothing
    expect((await metrics(a)).autonomy.total).toBe(0);
    await a.commit(staged);
    // loaded: lines 2, 4, 8 → 3 counted, 2 independent
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(3);
    expect(m.autonomy.independent).toBe(2);
  });

  it('a commit replaces every row of that kind', async () => {
    const { a } = engine;
    await load(
      a,
      'deployments',
      'deployed_at,domain\n2025-12-01T10:00:00Z,a\n2025-12-01T10:00:00Z,a\n2025-12-01T10:00:00Z,a\n',
    );
    await load(a, 'deployments', 'deployed_at,domain\n2025-12-01T10:00:00Z,b\n');
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(1);
    expect(m.domains.map((d) => d.key)).toEqual(['b']);
  });

  it('a blank answer is skipped, not an error', async () => {
    const { a } = engine;
    await load(a, 'questions', 'question_id,pillar,text\nQ1,domain_ownership,Owned?\n');
    const staged = await stage(a, 'answers', 'respondent,domain,question_id,answer\nr1,sales,Q1,\nr2,sales,Q1,4\n');
    expect(staged.problems).toEqual([]);
    expect(staged.skipped).toBe(1);
    expect(staged.rows).toBe(2);
  });
});

describe('headers', () => {
  it('match case-insensitively, in any order, ignoring unknown columns and a BOM', async () => {
    const { a } = engine;
    // same two deployments as "deployed_at,domain,independent"; 1 of 2 independent
    const text = csv(`
      Notes,INDEPENDENT,Domain,Deployed_At
      first,true,sales,2025-12-01T10:00:00Z
      "second, with a comma",false,sales,2025-12-02T10:00:00Z
    `);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(text)]);
    const staged = await a.stage('deployments', { name: 'bom.csv', bytes });
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(2);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.autonomy.ratio).toBe(0.5);
    expect(m.domains).toEqual([{ key: 'sales', label: 'sales' }]);
  });
});

describe('headers as SPEC writes them', () => {
  it('accepts "a, b, c" headers with a space after each comma', async () => {
    const { a } = engine;
    // SPEC writes the canonical headers as `from_domain, to_domain, from_asset, to_asset, kind`:
    // a user copying them gets " to_domain" etc. One edge sales → billing.
    const staged = await stage(
      a,
      'dependencies',
      'from_domain, to_domain, from_asset, to_asset, kind\nsales, billing, orders, invoices, api\n',
    );
    expect(staged.problems).toEqual([]);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.coupling.matrix).toEqual([{ from: 'sales', to: 'billing', count: 1 }]);
  });
});

describe('line numbers', () => {
  it('are the lines of the file, also after a blank line', async () => {
    const { a } = engine;
    // line 1 header, 2 ok, 3 blank, 4 bad date → the problem is on line 4
    const staged = await stage(a, 'deployments', 'deployed_at,domain\n2025-12-01,a\n\nbad,a\n');
    expect(staged.problems.map((p) => p.line)).toEqual([4]);
    expect(staged.accepted).toBe(1);
  });

  it('are the lines of the file, also after a quoted cell spanning two lines', async () => {
    const { a } = engine;
    // line 1 header, lines 2–3 one row (the notes cell holds a newline), line 4 bad date
    const staged = await stage(
      a,
      'deployments',
      'deployed_at,domain,notes\n2025-12-01,a,"two\nlines"\nbad,a,x\n',
    );
    expect(staged.rows).toBe(2);
    expect(staged.problems.map((p) => p.line)).toEqual([4]);
  });

  it('are the lines of the file past the slices the page reads in (8 MB)', async () => {
    const { a } = engine;
    // 500,000 quoted one-line rows (lines 2–500,001, 10 MB), then one row whose cell spans two
    // lines (500,002–500,003), a blank line (500,004) and a bad date on line 500,005.
    const rows = '2025-12-01,a,"x"\n'.repeat(500_000);
    const text = `deployed_at,domain,notes\n${rows}2025-12-01,a,"two\nlines"\n\nbad,a,x\n`;
    const staged = await a.stage('deployments', { name: 'big.csv', bytes: new TextEncoder().encode(text) });
    expect(staged.rows).toBe(500_002);
    expect(staged.problems.map((p) => p.line)).toEqual([500_005]);
  });
});

describe('a cancelled import leaves everything as it was', () => {
  it.each([
    ['deployments', 'deployed_at,domain,independent\n2025-12-05T10:00:00Z,hr,true\n'],
    ['dependencies', 'from_domain,to_domain\nhr,sales\nhr,billing\n'],
    ['answers', 'respondent,domain,question_id,answer\nr9,hr,Q1,1\n'],
    ['questions', 'question_id,pillar,text\nZ1,federated_governance,Policies?\n'],
    ['ownership', 'service,domain\nledger,hr\n'],
  ] as const)('discarding a staged %s file', async (kind, text) => {
    const { a } = engine;
    await loadBaseline();
    const before = await metrics(a);
    const staged = await stage(a, kind, text);
    expect(staged.problems).toEqual([]);
    // merely staged: nothing changed
    expect(await metrics(a)).toEqual(before);
    await a.discard(staged);
    expect(await metrics(a)).toEqual(before);
  });
});

describe('a failed file throws InputFileError and changes nothing', () => {
  const utf16 = (text: string): Uint8Array => {
    const out = [0xff, 0xfe];
    for (const ch of text) out.push(ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8);
    return new Uint8Array(out);
  };
  const cases: [string, InputKind, Uint8Array, number | null][] = [
    // [what, kind, bytes, expected line (null: not asserted)]
    [
      'an unclosed quote',
      'deployments',
      bytesOf('deployed_at,domain\n2025-12-01T10:00:00Z,sales\n2025-12-01T10:00:00Z,"sales\n2025-12-02T10:00:00Z,sales\n'),
      3,
    ],
    [
      'a row with too many columns',
      'deployments',
      bytesOf('deployed_at,domain\n2025-12-01T10:00:00Z,sales\n2025-12-01T10:00:00Z,sales,extra\n'),
      3,
    ],
    ['an empty file', 'deployments', new Uint8Array(0), null],
    ['a header-only file', 'deployments', bytesOf('deployed_at,domain,independent\n'), null],
    [
      'binary content',
      'dependencies',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48]),
      null,
    ],
    // "Café" in Latin-1 (0xE9): not UTF-8
    [
      'Latin-1 content',
      'deployments',
      new Uint8Array([...bytesOf('deployed_at,domain\n2025-12-01,Caf'), 0xe9, 0x0a]),
      null,
    ],
    ['UTF-16 content', 'answers', utf16('respondent,domain,question_id,answer\r\nr1,sales,Q1,4\r\n'), null],
    ['a missing deployed_at column', 'deployments', bytesOf('domain,independent\nsales,true\n'), null],
    ['a missing answer column', 'answers', bytesOf('respondent,domain,question_id\nr1,sales,Q1\n'), null],
    ['a missing pillar column', 'questions', bytesOf('question_id,text\nQ9,What?\n'), null],
    ['a missing domain column in an ownership map', 'ownership', bytesOf('service,owner\nledger,ann\n'), null],
  ];

  it.each(cases)('%s', async (_what, kind, bytes, line) => {
    const { a } = engine;
    await loadBaseline();
    const before = await metrics(a);
    const err = await expectFileError(kind, bytes);
    if (line !== null) expect(err.line).toBe(line);
    expect(await metrics(a)).toEqual(before);
  });
});
