// The one owner of the Assessment in the page. Every operation on it (opening DuckDB, staging,
// committing, discarding, profile changes, the demo) runs through one queue, and every change
// recomputes the figures inside the same queued step. So whatever is queued after a change —
// the next change, or an export — sees the figures of every input loaded before it.
import type { Assessment } from '../../engine/assessment.ts';
import type { CommitMode } from '../../engine/assessment.ts';
import type { PlannedImport } from '../../engine/ingest/recognise.ts';
import type { InputFile, InputKind, InputSummary, StagedImport } from '../../engine/inputs.ts';
import { INPUT_LABELS, InputFileError, MAX_FILE_BYTES } from '../../engine/inputs.ts';
import type { Metrics } from '../../engine/metrics-schema.ts';

/** `static/demo/profile.json`. */
interface DemoProfile {
  organisation?: string;
  engineers?: number | null;
  assessed_at?: string;
}

/** The demo's files, ownership first: the other inputs may resolve their domains through it. */
const DEMO_FILES: readonly [InputKind, string][] = [
  ['ownership', 'ownership.csv'],
  ['deployments', 'deployments.csv'],
  ['dependencies', 'dependencies.csv'],
  ['answers', 'answers.csv'],
];

export type DataSource = 'demo' | 'mixed' | 'own' | 'none';

class AssessmentState {
  /** The SPEC metrics document on screen (unrounded). */
  metrics = $state.raw<Metrics | null>(null);
  /** What the figures rest on: files, rows, time span, unknown answers. */
  summary = $state.raw<InputSummary | null>(null);
  /** What runs now ("Starting DuckDB…"), null when idle: drives the busy indicator. */
  busy = $state<string | null>(null);
  /** Queued operations not finished yet. */
  pending = $state(0);
  /** A failure not tied to one file (DuckDB would not start, a computation failed). */
  error = $state<string | null>(null);
  /** A file refused as a whole, by input: shown under that input. */
  fileErrors = $state<Partial<Record<InputKind, string>>>({});
  /** Warnings of the file last loaded for an input (rows landing in `unassigned`). */
  warnings = $state<Partial<Record<InputKind, string[]>>>({});
  /** A staged file with bad rows waiting for the user: load the valid rows or cancel. */
  review = $state.raw<StagedImport | null>(null);
  /** Messages of the drop zone's last drop: files not recognised or refused as a whole. */
  dropMessages = $state<string[]>([]);
  organisation = $state('');
  engineers = $state<number | null>(null);
  domainCountOverride = $state<number | null>(null);
  /** Inputs whose current rows are the demo's. */
  demoKinds = $state<InputKind[]>([]);

  #assessment: Promise<Assessment> | null = null;
  /** Reviews waiting behind the one on screen, each with how it will be committed. */
  #reviews: { staged: StagedImport; mode: CommitMode }[] = [];
  /** The files behind each loaded source: a format read across files is read again with them
   *  when another of its files arrives, and a replaced file's source is known. */
  readonly #sourceFiles = new Map<number, InputFile[]>();
  /** The demo's name, to tell whether the header still names the demo. */
  #demoOrganisation = '';
  #queue: Promise<unknown> = Promise.resolve();
  #computeError: unknown = null;
  /** The demo's assessment date while its figures are shown; otherwise "now" at each computation. */
  #assessedAt: Date | null = null;

  get source(): DataSource {
    const files = this.summary?.files.length ?? 0;
    if (files === 0) return 'none';
    if (this.demoKinds.length === 0) return 'own';
    return this.demoKinds.length >= files ? 'demo' : 'mixed';
  }

  /** First open: DuckDB starts and the demo organisation loads. */
  start(): Promise<void> {
    return this.loadDemo();
  }

  loadDemo(): Promise<void> {
    return this.#change('Loading the demo organisation…', async (a) => {
      const profile = (await fetchDemo('profile.json').then((r) => r.json())) as DemoProfile;
      const staged: StagedImport[] = [];
      try {
        // Stage every file before committing any: a demo that fails half-way changes nothing.
        for (const [kind, name] of DEMO_FILES) {
          const bytes = new Uint8Array(await (await fetchDemo(name)).arrayBuffer());
          staged.push(await a.stage(kind, { name, bytes }));
        }
      } catch (e) {
        for (const s of staged) await a.discard(s);
        throw e;
      }
      for (const s of staged) await a.commit(s);
      this.#sourceFiles.clear();
      this.#reviews = [];
      this.review = null;
      this.dropMessages = [];
      await a.useBuiltInQuestions();
      const engineers = typeof profile.engineers === 'number' ? profile.engineers : null;
      await a.setProfile({ engineers, domainCountOverride: null });
      this.engineers = engineers;
      this.domainCountOverride = null;
      this.organisation = this.#demoOrganisation = profile.organisation?.trim() || 'Demo organisation';
      this.#assessedAt = parseDate(profile.assessed_at);
      this.demoKinds = [...DEMO_FILES.map(([kind]) => kind), 'questions'];
      this.fileErrors = {};
      this.warnings = Object.fromEntries(staged.map((s) => [s.kind, s.warnings]));
    });
  }

  /**
   * A file picked in a labelled input: read as that kind (a canonical CSV, or any format of that
   * kind), replacing what the input held. Clean files load at once; a file with bad rows waits
   * in `review` for the user's decision; a refused file leaves everything as it was.
   */
  importFile(kind: InputKind, file: File): Promise<void> {
    this.fileErrors = { ...this.fileErrors, [kind]: undefined };
    return this.#change(`Checking ${file.name}…`, async (a) => {
      let input: InputFile;
      try {
        input = await read(file);
      } catch (e) {
        this.fileErrors = { ...this.fileErrors, [kind]: describeFileError(kind, file.name, e) };
        return false;
      }
      const { planImports } = await import('../../engine/ingest/recognise.ts');
      const { imports } = planImports([input], kind);
      // Nothing recognised it: stage it as the kind anyway, for the engine's precise reason.
      const planned: PlannedImport[] = imports.length > 0 ? imports : [{ kind, adapter: null, files: [input] }];
      let changed = false;
      for (const p of planned) {
        try {
          for (const staged of await stagePlanned(a, p)) changed = (await this.#settle(a, staged, { replace: 'kind' }, p.files)) || changed;
        } catch (e) {
          this.fileErrors = { ...this.fileErrors, [kind]: describeFileError(p.kind, file.name, e) };
        }
      }
      return changed;
    });
  }

  /**
   * Files dropped or chosen in the drop zone, any number at once: each is recognised and read.
   * Files of one kind add up (two CI systems' deployment logs); a format read across files (a
   * Backstage catalog) is read again with the files of it already loaded.
   */
  dropFiles(files: readonly File[]): Promise<void> {
    this.dropMessages = [];
    const what = files.length === 1 ? files[0]!.name : `${files.length} files`;
    return this.#change(`Reading ${what}…`, async (a) => {
      const messages: string[] = [];
      const inputs: InputFile[] = [];
      for (const file of files) {
        try {
          inputs.push(await read(file));
        } catch (e) {
          messages.push(`${file.name} was not loaded: ${message(e instanceof InputFileError ? e.reason : e)}.`);
        }
      }
      const { planImports } = await import('../../engine/ingest/recognise.ts');
      const { imports, unrecognised } = planImports(inputs);
      messages.push(...unrecognised.map((u) => `${u.file.name} was not loaded: ${u.reason}.`));
      let changed = false;
      for (const p of imports) {
        const earlier = p.adapter ? this.#sourcesOf(p.adapter.id) : [];
        const group = { ...p, files: [...earlier.flatMap((s) => this.#sourceFiles.get(s) ?? []), ...p.files] };
        const mode: CommitMode = earlier.length > 0 ? { replace: earlier } : p.kind === 'questions' ? { replace: 'kind' } : { add: true };
        try {
          for (const staged of await stagePlanned(a, group)) changed = (await this.#settle(a, staged, mode, group.files)) || changed;
        } catch (e) {
          messages.push(describeFileError(p.kind, p.files.map((f) => f.name).join(', '), e));
        }
      }
      this.dropMessages = messages;
      return changed;
    });
  }

  /** Unloads one loaded file (or one format's files). */
  removeSource(source: number): Promise<void> {
    const kind = this.summary?.files.find((f) => f.source === source)?.kind;
    return this.#change('Removing…', async (a) => {
      await a.remove([source]);
      this.#sourceFiles.delete(source);
      this.#changedByUser(kind);
      // Warnings were about the rows just removed.
      if (kind) this.warnings = { ...this.warnings, [kind]: [] };
    });
  }

  /** Puts new files in place of a loaded source, read as the same kind. */
  replaceSource(source: number, kind: InputKind, files: readonly File[]): Promise<void> {
    this.dropMessages = [];
    return this.#change('Replacing…', async (a) => {
      const inputs = await Promise.all(files.map(read));
      const { planImports } = await import('../../engine/ingest/recognise.ts');
      const { imports, unrecognised } = planImports(inputs, kind);
      const messages = unrecognised.map((u) => `${u.file.name} was not loaded: ${u.reason}.`);
      const planned = imports.find((p) => p.kind === kind);
      let changed = false;
      if (planned) {
        try {
          for (const staged of await stagePlanned(a, planned)) changed = (await this.#settle(a, staged, { replace: [source] }, planned.files)) || changed;
        } catch (e) {
          messages.push(describeFileError(kind, planned.files.map((f) => f.name).join(', '), e));
        }
      }
      this.dropMessages = messages;
      return changed;
    });
  }

  /** The review dialog's **Load valid rows**. */
  acceptReview(): Promise<void> {
    const next = this.#reviews.shift();
    this.review = this.#reviews[0]?.staged ?? null;
    if (!next) return Promise.resolve();
    return this.#change(`Loading ${next.staged.fileName}…`, async (a) => {
      await a.commit(next.staged, next.mode);
      this.#loaded(next.staged);
    });
  }

  /** The review dialog's **Cancel**: the staged rows go, nothing loaded before changes. */
  cancelReview(): Promise<void> {
    const next = this.#reviews.shift();
    this.review = this.#reviews[0]?.staged ?? null;
    if (!next) return Promise.resolve();
    this.#sourceFiles.delete(next.staged.id);
    return this.#run('Cancelling…', (a) => a.discard(next.staged));
  }

  /** Commits a clean staged import at once, or queues it for review. True when it loaded. */
  async #settle(a: Assessment, staged: StagedImport, mode: CommitMode, files: readonly InputFile[]): Promise<boolean> {
    this.#sourceFiles.set(staged.id, [...files]);
    if (staged.problemCount > 0) {
      this.#reviews.push({ staged, mode });
      this.review = this.#reviews[0]!.staged;
      return false;
    }
    await a.commit(staged, mode);
    this.#loaded(staged);
    return true;
  }

  #sourcesOf(format: string): number[] {
    return (this.summary?.files ?? []).filter((f) => f.format === format).map((f) => f.source);
  }

  useBuiltInQuestions(): Promise<void> {
    return this.#change('Loading the built-in question bank…', async (a) => {
      await a.useBuiltInQuestions();
      this.fileErrors = { ...this.fileErrors, questions: undefined };
      this.warnings = { ...this.warnings, questions: [] };
    });
  }

  setProfile(engineers: number | null, domainCountOverride: number | null): Promise<void> {
    if (engineers === this.engineers && domainCountOverride === this.domainCountOverride) {
      return Promise.resolve();
    }
    this.engineers = engineers;
    this.domainCountOverride = domainCountOverride;
    return this.#change('Recomputing…', (a) => a.setProfile({ engineers, domainCountOverride }));
  }

  /**
   * The metrics document for **Export metrics (JSON)**: queued behind every change made before
   * the click, so it waits for a computation under way and never misses a loaded input.
   */
  async exportMetrics(): Promise<Metrics> {
    await this.#run('Preparing the export…', async () => undefined);
    if (this.#computeError) throw this.#computeError;
    if (!this.metrics) throw new Error('There are no figures to export yet.');
    return this.metrics;
  }

  dismissError(): void {
    this.error = null;
  }

  #loaded(staged: StagedImport): void {
    this.#changedByUser(staged.kind);
    this.warnings = { ...this.warnings, [staged.kind]: staged.warnings };
  }

  #changedByUser(kind?: InputKind): void {
    // The figures are no longer the demo's alone: stop calling them by the demo's name.
    if (this.organisation === this.#demoOrganisation) this.organisation = 'Your organisation';
    if (kind) this.demoKinds = this.demoKinds.filter((k) => k !== kind);
    // Own files are assessed as of now; the demo keeps the date it was generated for.
    this.#assessedAt = null;
  }

  /** Runs a change and, in the same queued step, recomputes the figures. `op` may return
   *  `false` to say that nothing changed (a refused file, a file waiting for review). */
  #change(label: string, op: (a: Assessment) => Promise<unknown>): Promise<void> {
    return this.#run(label, async (a) => {
      if ((await op(a)) === false) return;
      this.busy = 'Computing the figures…';
      await this.#compute(a);
    }).catch((e: unknown) => {
      this.error = message(e);
    });
  }

  async #compute(a: Assessment): Promise<void> {
    try {
      const metrics = await a.metrics(this.#assessedAt ?? new Date());
      const summary = await a.summary();
      this.metrics = metrics;
      this.summary = summary;
      this.#computeError = null;
    } catch (e) {
      this.#computeError = e;
      throw new Error(`The figures could not be computed: ${message(e)}`, { cause: e });
    }
  }

  #run<T>(label: string, op: (a: Assessment) => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.#queue.then(async () => {
      try {
        const a = await this.#open();
        this.busy = label;
        return await op(a);
      } finally {
        this.pending--;
        this.busy = null;
      }
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #open(): Promise<Assessment> {
    if (!this.#assessment) {
      this.busy = 'Starting DuckDB…';
      this.#assessment = (async () => {
        // Lazy: DuckDB's client, worker and wasm load only when the first figure is needed.
        const [{ openBrowserConnector }, { Assessment }] = await Promise.all([
          import('../../engine/db/browser.ts'),
          import('../../engine/assessment.ts'),
        ]);
        return Assessment.open(await openBrowserConnector());
      })();
      // A failed start may be retried by the next operation.
      this.#assessment.catch(() => (this.#assessment = null));
    }
    return this.#assessment;
  }
}

async function read(file: File): Promise<InputFile> {
  // Refused before a byte is read: reading a file the tab cannot hold would crash it.
  if (file.size > MAX_FILE_BYTES) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new InputFileError(file.name, `is ${mb(file.size)}, more than the ${mb(MAX_FILE_BYTES)} a browser tab can hold; split it or use the command line`);
  }
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** A canonical CSV is staged file by file (they add up); a format reads all its files at once. */
async function stagePlanned(a: Assessment, planned: PlannedImport): Promise<StagedImport[]> {
  if (planned.adapter) return [await a.stageFormat(planned.adapter, planned.files)];
  const staged: StagedImport[] = [];
  try {
    for (const file of planned.files) staged.push(await a.stage(planned.kind, file));
  } catch (e) {
    for (const s of staged) await a.discard(s);
    throw e;
  }
  return staged;
}

function fetchDemo(name: string): Promise<Response> {
  // Relative to the page: the demo is served from the app's own origin, whatever its sub-path.
  return fetch(new URL(`demo/${name}`, document.baseURI)).then((r) => {
    if (!r.ok) throw new Error(`The demo file ${name} could not be read (HTTP ${r.status}).`);
    return r;
  });
}

function parseDate(text: string | undefined): Date | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function describeFileError(kind: InputKind, fileName: string, e: unknown): string {
  if (e instanceof InputFileError) {
    const where = e.line === null ? '' : ` (line ${e.line})`;
    return `${INPUT_LABELS[kind]}: ${e.fileName} was not loaded${where}: ${e.reason}. Nothing changed.`;
  }
  return `${INPUT_LABELS[kind]}: ${fileName} was not loaded: ${message(e)}. Nothing changed.`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const assessment = new AssessmentState();
