// Shared plumbing for the SPEC tests: one real DuckDB-WASM engine per test file, CSV fixtures
// written inline, and every metrics document checked against the zod schema on the way out.
import { expect } from 'vitest';
import { openNodeConnector } from '../../src/engine/db/node.ts';
import { Assessment } from '../../src/engine/assessment.ts';
import { metricsSchema, type Metrics, type Pillar } from '../../src/engine/metrics-schema.ts';
import type { InputKind, StagedImport } from '../../src/engine/inputs.ts';

/** The assessment date used throughout (a Monday). */
export const ASSESSED_AT = new Date('2026-01-05T00:00:00Z');

export const RECOMMENDATION: Record<Pillar, string> = {
  domain_ownership: 'Increase domain ownership - assign clear data owners',
  data_as_product: 'Formalize data products with SLAs and quality guarantees',
  self_serve_platform: 'Build self-serve platform abstractions for domain teams',
  federated_governance: 'Establish cross-domain governance standards and policies',
};

/** Loose matchers for a pillar's name in free text ("data_as_product", "Data as a product"). */
export const PILLAR_TEXT: Record<Pillar, RegExp> = {
  domain_ownership: /domain[ _-]?ownership/i,
  data_as_product: /data[ _-]?as[ _-]?(a[ _-]?)?product/i,
  self_serve_platform: /self[ _-]?serve/i,
  federated_governance: /governance/i,
};

export interface Engine {
  a: Assessment;
  close(): Promise<void>;
}

export async function openEngine(): Promise<Engine> {
  const db = await openNodeConnector();
  const a = await Assessment.open(db);
  return {
    a,
    async close() {
      await db.close();
    },
  };
}

/** Back to a clean slate: empty inputs, built-in bank, no profile. */
export async function fresh(a: Assessment): Promise<void> {
  await a.reset();
  await a.setProfile({ engineers: null, domainCountOverride: null });
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Inline fixtures are indented template strings: strip the common indentation and blank ends. */
export function csv(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => l.match(/^ */)![0].length),
  );
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

export async function stage(
  a: Assessment,
  kind: InputKind,
  text: string,
  name = `${kind}.csv`,
): Promise<StagedImport> {
  return a.stage(kind, { name, bytes: bytesOf(csv(text)) });
}

/** Stages and commits a fixture; the fixture must be clean (no row problems). */
export async function load(
  a: Assessment,
  kind: InputKind,
  text: string,
  name = `${kind}.csv`,
): Promise<StagedImport> {
  const staged = await stage(a, kind, text, name);
  expect(staged.problems, `${name} should have no row problems`).toEqual([]);
  await a.commit(staged);
  return staged;
}

/** The metrics document, always validated against the published zod schema. */
export async function metrics(a: Assessment, at: Date = ASSESSED_AT): Promise<Metrics> {
  const m = await a.metrics(at);
  metricsSchema.parse(m);
  return m;
}

/**
 * A question bank with exactly one question per pillar on a 0–100 scale, so that an answer
 * of x scores exactly x: s = (x − 0) ÷ (100 − 0) × 100 = x.
 */
export const BANK_0_100 = `
  question_id,pillar,text,weight,reverse,scale_min,scale_max
  DO,domain_ownership,Every data set has a named owning domain,1,false,0,100
  DP,data_as_product,Data products have SLAs,1,false,0,100
  SS,self_serve_platform,Teams provision data infrastructure alone,1,false,0,100
  FG,federated_governance,Global policies are enforced automatically,1,false,0,100
`;

export type PillarValues = Partial<Record<Pillar, number | null>>;

const QUESTION_OF: Record<Pillar, string> = {
  domain_ownership: 'DO',
  data_as_product: 'DP',
  self_serve_platform: 'SS',
  federated_governance: 'FG',
};

/**
 * Loads BANK_0_100 and one answer per given pillar for one domain, so every organisation
 * pillar score equals the given value exactly (one domain, one answer, weight 1).
 * Pillars left out (or null) are not answered: not assessed.
 */
export async function loadPillars(
  a: Assessment,
  values: PillarValues,
  domain = 'core',
): Promise<void> {
  await load(a, 'questions', BANK_0_100);
  const rows = Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([p, v]) => `r1,${domain},${QUESTION_OF[p as Pillar]},${v}`);
  if (rows.length > 0) {
    await load(a, 'answers', ['respondent,domain,question_id,answer', ...rows].join('\n'));
  }
}

/**
 * A deployment log for one domain with `independent` of `total` deployments independent
 * (explicit independent=true/false), all counted, all in one week.
 */
export async function loadAutonomy(
  a: Assessment,
  independent: number,
  total: number,
  domain = 'core',
): Promise<void> {
  const rows = [];
  for (let i = 0; i < total; i++) {
    rows.push(`2025-12-01T10:00:00Z,${domain},dep-${i},${i < independent}`);
  }
  await load(a, 'deployments', ['deployed_at,domain,deployment_id,independent', ...rows].join('\n'));
}

export function sortMatrix<T extends { from: string; to: string }>(rows: T[]): T[] {
  return [...rows].sort((x, y) => (x.from + '\u0000' + x.to).localeCompare(y.from + '\u0000' + y.to));
}
