// The built-in demo organisation (static/demo/), loaded the one way both the page and the demo's
// snapshot use: every file staged before any is committed, the built-in question bank, the
// demo's profile. Plain TypeScript (no runes, no DOM): scripts/generate-demo.ts runs it in Node.
//
// The snapshot (static/demo/snapshot.json) is what the engine computes from the demo: the
// metrics document, the input summary, the question bank's statements and the files' warnings,
// written by `npm run demo:generate` with the real engine (DuckDB-WASM's Node bindings). The page
// shows it the moment it opens on the demo, while DuckDB starts and loads the same files; the
// engine's own results then replace it, and they are the same (test/demo checks the file is what
// the engine writes, test/ui/cold-start.test.ts that the page shows the same figures).
import type { Assessment } from '../../engine/assessment.ts';
import type { InputFile, InputKind, InputSummary, StagedImport } from '../../engine/inputs.ts';
import type { Metrics } from '../../engine/metrics-schema.ts';
import type { BankQuestion } from './snapshot.ts';

/** The demo's files, ownership first: the other inputs may resolve their domains through it. */
export const DEMO_FILES: readonly [InputKind, string][] = [
  ['ownership', 'ownership.csv'],
  ['deployments', 'deployments.csv'],
  ['dependencies', 'dependencies.csv'],
  ['answers', 'answers.csv'],
];

/** The inputs whose rows are the demo's once it is loaded (the built-in bank included). */
export const DEMO_KINDS: readonly InputKind[] = [...DEMO_FILES.map(([kind]) => kind), 'questions'];

/** `static/demo/profile.json`. */
interface DemoProfile {
  organisation?: string;
  engineers?: number | null;
  assessed_at?: string;
}

export interface LoadedDemo {
  /** The demo's files as read, in `DEMO_FILES` order, and what staging them said. */
  files: InputFile[];
  staged: StagedImport[];
  organisation: string;
  engineers: number | null;
  /** The date the demo's figures are computed for. */
  assessedAt: Date | null;
}

/**
 * Loads the demo into `a`: its files staged (all before any is committed: a demo that fails
 * half-way changes nothing), committed, the built-in question bank, its profile. `read` gives
 * a demo file's bytes by name (`profile.json` too).
 */
export async function loadDemoInto(a: Assessment, read: (name: string) => Promise<Uint8Array>): Promise<LoadedDemo> {
  const [profileBytes, ...contents] = await Promise.all([read('profile.json'), ...DEMO_FILES.map(([, name]) => read(name))]);
  const profile = JSON.parse(new TextDecoder().decode(profileBytes)) as DemoProfile;
  const files = DEMO_FILES.map(([, name], i): InputFile => ({ name, bytes: contents[i]! }));
  const staged: StagedImport[] = [];
  try {
    for (const [i, [kind]] of DEMO_FILES.entries()) {
      // The bytes handed to DuckDB's worker are transferred: the engine reads a copy.
      const file = files[i]!;
      staged.push(await a.stage(kind, { name: file.name, bytes: file.bytes.slice() }));
    }
  } catch (e) {
    for (const s of staged) await a.discard(s);
    throw e;
  }
  for (const s of staged) await a.commit(s);
  await a.useBuiltInQuestions();
  const engineers = typeof profile.engineers === 'number' ? profile.engineers : null;
  await a.setProfile({ engineers, domainCountOverride: null });
  return {
    files,
    staged,
    organisation: profile.organisation?.trim() || 'Demo organisation',
    engineers,
    assessedAt: parseDate(profile.assessed_at),
  };
}

/** `static/demo/snapshot.json`: what the page shows of the demo before DuckDB is ready. */
export interface DemoSnapshot {
  /** What this file is, and its layout's version (a page reading another layout ignores it). */
  snapshot: 'mesh-readiness-demo';
  version: 1;
  organisation: string;
  engineers: number | null;
  /** The metrics document, the input summary and the bank's statements, as the engine gave them. */
  metrics: Metrics;
  summary: InputSummary;
  questions: BankQuestion[];
  /** Warnings of each demo file (rows landing in `unassigned`), by input. */
  warnings: Partial<Record<InputKind, string[]>>;
}

/** The figures the page computes after a change (`assessment.svelte.ts`), as of `assessedAt`. */
export async function figuresOf(a: Assessment, assessedAt: Date): Promise<Pick<DemoSnapshot, 'metrics' | 'summary' | 'questions'>> {
  const metrics = await a.metrics(assessedAt);
  const summary = await a.summary();
  const questions: BankQuestion[] = await a.questions();
  return { metrics, summary, questions };
}

/** The demo's snapshot, computed by the engine `a` (a fresh one) from the demo's files. */
export async function demoSnapshot(a: Assessment, read: (name: string) => Promise<Uint8Array>): Promise<DemoSnapshot> {
  const demo = await loadDemoInto(a, read);
  if (!demo.assessedAt) throw new Error('the demo profile has no assessed_at: its figures would change with the clock');
  return {
    snapshot: 'mesh-readiness-demo',
    version: 1,
    organisation: demo.organisation,
    engineers: demo.engineers,
    ...(await figuresOf(a, demo.assessedAt)),
    warnings: Object.fromEntries(demo.staged.map((s) => [s.kind, s.warnings])),
  };
}

/** The snapshot's file: one byte sequence for one snapshot (the test compares bytes). */
export function demoSnapshotText(snapshot: DemoSnapshot): string {
  return `${JSON.stringify(snapshot, null, 1)}\n`;
}

/** A snapshot read from the file, or null when it is not one this page knows how to show. */
export function readDemoSnapshot(value: unknown): DemoSnapshot | null {
  if (typeof value !== 'object' || value === null) return null;
  const s = value as Partial<DemoSnapshot>;
  if (s.snapshot !== 'mesh-readiness-demo' || s.version !== 1) return null;
  if (!s.metrics || !s.summary || !Array.isArray(s.questions) || typeof s.organisation !== 'string') return null;
  return s as DemoSnapshot;
}

export function parseDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}
