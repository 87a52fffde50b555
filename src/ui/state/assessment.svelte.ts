// The one owner of the Assessment in the page. Every operation on it (opening DuckDB, staging,
// committing, discarding, profile changes, the demo) runs through one queue, and every change
// recomputes the figures inside the same queued step. So whatever is queued after a change —
// the next change, or an export — sees the figures of every input loaded before it.
import type { Assessment } from '../../engine/assessment.ts';
import type { CommitMode } from '../../engine/assessment.ts';
import type { PlannedImport } from '../../engine/ingest/recognise.ts';
import type { ColumnMapping, FormatAdapter } from '../../engine/ingest/format.ts';
import type { InputFile, InputKind, InputSummary, RowProblem, StagedImport } from '../../engine/inputs.ts';
import { INPUT_LABELS, InputFileError, MAX_FILE_BYTES } from '../../engine/inputs.ts';
import type { CsvColumnMapping, MappingNeeded } from '../../engine/ingest/csv-header.ts';
import type { Metrics } from '../../engine/metrics-schema.ts';
import {
  ENTERED_FORMAT,
  ENTERED_SOURCE_NAME,
  type AnswerRow,
  type BankQuestion,
  type SourceSnapshot,
  type StateSnapshot,
} from './snapshot.ts';
import { DEMO_KINDS, loadDemoInto, parseDate, readDemoSnapshot, type DemoSnapshot } from './demo.ts';
import { startEngineWorker } from './engine-worker.ts';
import { originOf, rememberOrigin } from './file-origins.ts';

/** The imports of one change (a drop, a pick, a replace): they load together or not at all. */
interface Batch {
  items: { staged: StagedImport; mode: CommitMode; files: InputFile[] }[];
  /** Reviews of its bad rows still waiting for the user. */
  reviewsLeft: number;
}


export type DataSource = 'demo' | 'mixed' | 'own' | 'none';

class AssessmentState {
  /** The SPEC metrics document on screen (unrounded). */
  metrics = $state.raw<Metrics | null>(null);
  /** What the figures rest on: files, rows, time span, unknown answers. */
  summary = $state.raw<InputSummary | null>(null);
  /** What runs now ("Starting DuckDB…"), null when idle: drives the busy indicator. */
  #busy = $state<string | null>(null);
  get busy(): string | null {
    return this.#busy;
  }
  set busy(label: string | null) {
    this.#busy = label;
    this.progress = null; // a new step has no progress until DuckDB reports one
  }
  /** The running statement's progress (0–100) while DuckDB reports one, else null. */
  progress = $state<number | null>(null);
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
  /** A file whose columns the user is asked to map (the mapping step), and what to run again. */
  mappingAsk = $state.raw<{ need: MappingNeeded; retry: () => Promise<void> } | null>(null);
  engineers = $state<number | null>(null);
  domainCountOverride = $state<number | null>(null);
  /** Inputs whose current rows are the demo's. */
  demoKinds = $state<InputKind[]>([]);
  /** The statements of the question bank loaded now (what the workshop asks). */
  questions = $state.raw<BankQuestion[]>([]);
  /** Answers entered in the app (the workshop), whether or not they are in the figures now. */
  entered = $state.raw<AnswerRow[]>([]);
  /** The source holding the entered answers in the engine, null before the first answer. */
  enteredSource = $state<number | null>(null);
  /** Entered answers the engine refused (a question no longer in the bank), first ones. */
  enteredProblems = $state.raw<RowProblem[]>([]);

  #organisation = $state('');
  /** The organisation's name (the header, the saved assessment, the report). */
  get organisation(): string {
    return this.#organisation;
  }
  set organisation(name: string) {
    if (name === this.#organisation) return;
    // Renamed while the demo's snapshot is on screen: the demo, once loaded, keeps this name.
    if (this.#snapshotShown) this.#renamedOverSnapshot = true;
    this.#organisation = name;
    this.#notify('organisation');
  }

  /** True when the entered answers are among the loaded sources (a loaded answers file or the
   *  demo replaces every answers source; the entered ones are then kept aside). */
  get enteredInFigures(): boolean {
    const source = this.enteredSource;
    return source !== null && (this.summary?.files.some((f) => f.source === source) ?? false);
  }

  #assessment: Promise<Assessment> | null = null;
  /** Reviews waiting behind the one on screen, each with how it will be committed. */
  #reviews: { staged: StagedImport; batch: Batch }[] = [];
  /** The files behind each loaded source: a format read across files is read again with them
   *  when another of its files arrives, and a replaced file's source is known. */
  readonly #sourceFiles = new Map<number, InputFile[]>();
  /** Loaded sources that are the demo's files (saved by name, not by bytes). */
  readonly #demoSources = new Set<number>();
  /** The column mapping a source was read with (mapping step), to read it again the same way. */
  readonly #sourceMappings = new Map<number, ColumnMapping | CsvColumnMapping>();
  /** Told after every change that reached the figures, and when the organisation is renamed. */
  readonly #listeners = new Set<(why: 'change' | 'organisation') => void>();
  /** The entered answers to commit next: one commit at a time, always of the latest rows. */
  #enteredQueued: Promise<void> | null = null;
  /** The question bank's sources the `questions` list was read for. */
  #questionSources = '';
  /** The demo's name, to tell whether the header still names the demo. */
  #demoOrganisation = '';
  #queue: Promise<unknown> = Promise.resolve();
  #computeError: unknown = null;
  /** The demo's assessment date while its figures are shown; otherwise "now" at each computation. */
  #assessedAt: Date | null = null;
  /** DuckDB has started (the engine is open). */
  #engineOpen = false;
  /** The demo's snapshot may still be shown (the start's demo load has not finished). */
  #snapshotAllowed = false;
  /** The figures on screen are the demo's snapshot, not yet the engine's own. */
  #snapshotShown = false;
  #renamedOverSnapshot = false;
  /** The profile was changed while the snapshot was on screen: the demo, once loaded, keeps it. */
  #profileOverSnapshot = false;
  /** Calls of `setProfile` so far: the latest one's values are those the fields show. */
  #profileCalls = 0;

  get source(): DataSource {
    const files = this.summary?.files.length ?? 0;
    if (files === 0) return 'none';
    if (this.demoKinds.length === 0) return 'own';
    return this.demoKinds.length >= files ? 'demo' : 'mixed';
  }

  /**
   * Starts DuckDB at once, before any operation needs it: the page's first moment (main.ts). Its
   * worker is requested before anything else (its download and compile run beside the page's own
   * start); the first operation waits for it as before.
   */
  warmUp(): void {
    this.#open().catch(() => undefined);
  }

  /**
   * The demo organisation. `snapshot` (the page's start, when it opens on the demo): the demo's
   * figures as the engine computed them at build time (`static/demo/snapshot.json`), shown as soon
   * as they arrive while DuckDB starts and loads the demo; the engine's own figures then replace
   * them (the same figures). Everything that needs the engine waits in the queue behind the demo,
   * as always; `main[aria-busy]` stays true until the engine's figures are there.
   */
  loadDemo(snapshot?: Promise<DemoSnapshot | null>): Promise<void> {
    // Only on a page that shows nothing yet and has nothing queued: never over other figures.
    const withSnapshot = snapshot !== undefined && this.metrics === null && this.pending === 0 && !this.#snapshotAllowed;
    const done = this.#change('Loading the demo organisation…', async (a) => {
      const demo = await loadDemoInto(a, fetchDemoBytes);
      const { files, staged } = demo;
      this.#sourceFiles.clear();
      this.#demoSources.clear();
      this.#sourceMappings.clear();
      staged.forEach((s, i) => {
        this.#sourceFiles.set(s.id, [files[i]!]);
        this.#demoSources.add(s.id);
      });
      this.#reviews = [];
      this.review = null;
      this.dropMessages = [];
      // The profile changed meanwhile is applied next in the queue: the fields keep showing it.
      if (!this.#profileOverSnapshot) {
        this.engineers = demo.engineers;
        this.domainCountOverride = null;
      }
      this.#profileOverSnapshot = false;
      this.#demoOrganisation = demo.organisation;
      if (!this.#renamedOverSnapshot) this.#organisation = demo.organisation;
      this.#renamedOverSnapshot = false;
      this.#assessedAt = demo.assessedAt;
      this.demoKinds = [...DEMO_KINDS];
      this.fileErrors = {};
      this.warnings = Object.fromEntries(staged.map((s) => [s.kind, s.warnings]));
    });
    if (!withSnapshot) return done;
    this.#snapshotAllowed = true;
    snapshot
      .then((s) => {
        if (s && this.#snapshotAllowed && this.metrics === null) this.#showSnapshot(s);
      })
      .catch(() => undefined);
    return done.finally(() => {
      this.#snapshotAllowed = false;
      // The demo did not load (DuckDB would not start): its snapshot is not what the engine holds.
      if (this.#snapshotShown) this.#clearSnapshot();
    });
  }

  /** The demo's figures from its snapshot, as the demo load will set them. */
  #showSnapshot(s: DemoSnapshot): void {
    this.metrics = s.metrics;
    this.summary = s.summary;
    this.questions = s.questions;
    this.engineers = s.engineers;
    this.domainCountOverride = null;
    this.#organisation = this.#demoOrganisation = s.organisation;
    this.demoKinds = [...DEMO_KINDS];
    this.warnings = { ...s.warnings };
    this.#snapshotShown = true;
  }

  #clearSnapshot(): void {
    this.#snapshotShown = false;
    this.metrics = null;
    this.summary = null;
    this.questions = [];
    this.engineers = null;
    this.#organisation = this.#renamedOverSnapshot ? this.#organisation : '';
    this.#demoOrganisation = '';
    this.#renamedOverSnapshot = false;
    this.#profileOverSnapshot = false;
    this.demoKinds = [];
    this.warnings = {};
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
      const { batch, refused } = await this.#stageBatch(a, planned.map((p) => ({ planned: p, mode: { replace: 'kind' } })));
      if (refused && this.#askMapping(refused.error, () => this.importFile(kind, file))) return false;
      if (refused) {
        this.fileErrors = { ...this.fileErrors, [kind]: describeFileError(refused.kind, file.name, refused.error) };
        return false;
      }
      return this.#settle(a, batch);
    });
  }

  /**
   * Files dropped or chosen in the drop zone, any number at once: each is recognised and read.
   * Files of one kind add up (two CI systems' deployment logs); a format read across files (a
   * Backstage catalog) is read again with the files of it already loaded. A drop is one change:
   * if any of it is refused nothing of it loads, and Cancel on its bad rows drops all of it.
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
      const parts = imports.map((p) => {
        const earlier = p.adapter ? this.#sourcesOf(p.adapter.id) : [];
        const planned = { ...p, files: [...earlier.flatMap((s) => this.#sourceFiles.get(s) ?? []), ...p.files] };
        const mode: CommitMode = earlier.length > 0 ? { replace: earlier } : p.kind === 'questions' ? { replace: 'kind' } : { add: true };
        return { planned, mode, named: p.files.map((f) => f.name).join(', ') };
      });
      const { batch, refused } = await this.#stageBatch(a, parts);
      if (refused && this.#askMapping(refused.error, () => this.dropFiles(files))) {
        this.dropMessages = messages;
        return false;
      }
      if (refused) {
        messages.push(describeFileError(refused.kind, refused.named, refused.error));
        if (parts.length > 1) messages.push('Nothing of these files was loaded.');
      }
      this.dropMessages = messages;
      return refused ? false : this.#settle(a, batch);
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
        const { batch, refused } = await this.#stageBatch(a, [{ planned, mode: { replace: [source] } }]);
        if (refused) messages.push(describeFileError(kind, refused.named, refused.error));
        else changed = await this.#settle(a, batch);
      }
      this.dropMessages = messages;
      return changed;
    });
  }

  /** The review dialog's **Load valid rows**: when the batch's last review is accepted, all of it loads. */
  acceptReview(): Promise<void> {
    const next = this.#reviews.shift();
    this.review = this.#reviews[0]?.staged ?? null;
    if (!next) return Promise.resolve();
    next.batch.reviewsLeft--;
    if (next.batch.reviewsLeft > 0) return Promise.resolve();
    return this.#change(`Loading ${next.staged.fileName}…`, (a) => this.#commitBatch(a, next.batch));
  }

  /** The review dialog's **Cancel**: nothing of the batch loads, nothing loaded before changes. */
  cancelReview(): Promise<void> {
    const next = this.#reviews.shift();
    if (!next) {
      this.review = null;
      return Promise.resolve();
    }
    this.#reviews = this.#reviews.filter((r) => r.batch !== next.batch);
    this.review = this.#reviews[0]?.staged ?? null;
    return this.#run('Cancelling…', async (a) => {
      for (const item of next.batch.items) await a.discard(item.staged);
    });
  }

  /** The mapping step: true when `error` asks for a mapping, which is then asked of the user. */
  #askMapping(error: unknown, retry: () => Promise<void>): boolean {
    if (!isMappingNeeded(error)) return false;
    this.mappingAsk = { need: error, retry };
    return true;
  }

  /** **Use this mapping**: remembered for files of the same columns, and the file read again. */
  confirmMapping(mapping: ColumnMapping | CsvColumnMapping): Promise<void> {
    const ask = this.mappingAsk;
    this.mappingAsk = null;
    if (!ask) return Promise.resolve();
    saveMapping(ask.need.key, mapping);
    return ask.retry();
  }

  cancelMapping(): void {
    this.mappingAsk = null;
  }

  /** Stages every part before anything commits; the first refusal discards what was staged. */
  async #stageBatch(
    a: Assessment,
    parts: readonly { planned: PlannedImport; mode: CommitMode; named?: string }[],
  ): Promise<{ batch: Batch; refused: { kind: InputKind; named: string; error: unknown } | null }> {
    const batch: Batch = { items: [], reviewsLeft: 0 };
    for (const { planned, mode, named } of parts) {
      try {
        for (const staged of await stageWithSavedMapping(a, planned)) {
          // A canonical CSV staged from a group of files is that one file: saved and read again alone.
          const own = stagedFiles.get(staged.id);
          stagedFiles.delete(staged.id);
          batch.items.push({ staged, mode, files: own ? [own] : [...planned.files] });
        }
      } catch (error) {
        for (const item of batch.items) await a.discard(item.staged);
        const fallback = planned.files.map((f) => f.name).join(', ');
        return { batch: { items: [], reviewsLeft: 0 }, refused: { kind: planned.kind, named: named ?? fallback, error } };
      }
    }
    return { batch, refused: null };
  }

  /** Commits a clean batch at once, or queues its bad rows for review. True when it loaded. */
  async #settle(a: Assessment, batch: Batch): Promise<boolean> {
    const withProblems = batch.items.filter((i) => i.staged.problemCount > 0);
    if (withProblems.length === 0) {
      await this.#commitBatch(a, batch);
      return batch.items.length > 0;
    }
    batch.reviewsLeft = withProblems.length;
    this.#reviews.push(...withProblems.map((i) => ({ staged: i.staged, batch })));
    this.review = this.#reviews[0]!.staged;
    return false;
  }

  async #commitBatch(a: Assessment, batch: Batch): Promise<void> {
    for (const { staged, mode, files } of batch.items) {
      this.busy = `Loading ${staged.accepted.toLocaleString('en')} ${staged.accepted === 1 ? 'row' : 'rows'} of ${staged.fileName}…`;
      await a.commit(staged, mode);
      this.#sourceFiles.set(staged.id, files);
      // Saved with the source: it is read again with the same mapping (another browser too).
      const mapping = stagedMappings.get(staged.id);
      stagedMappings.delete(staged.id);
      if (mapping) this.#sourceMappings.set(staged.id, mapping);
      this.#loaded(staged);
    }
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
    if (this.#snapshotShown) this.#profileOverSnapshot = true;
    const call = ++this.#profileCalls;
    return this.#change('Recomputing…', async (a) => {
      await a.setProfile({ engineers, domainCountOverride });
      // Again, unless a later call is queued: a change queued before this one (the demo, an
      // opened assessment) may have set its own profile meanwhile.
      if (call === this.#profileCalls) {
        this.engineers = engineers;
        this.domainCountOverride = domainCountOverride;
      }
    });
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

  /**
   * Answers entered in the app (the workshop): the same rows as an imported answers file, held
   * by one source of their own that each call replaces. Calls made while one is waiting in the
   * queue join it: however fast the room answers, one commit runs at a time, with the latest rows.
   */
  enterAnswers(rows: readonly AnswerRow[]): Promise<void> {
    this.entered = [...rows];
    if (this.#enteredQueued) return this.#enteredQueued;
    const queued = this.#change('Scoring the answers…', async (a) => {
      this.#enteredQueued = null;
      const rows = this.entered;
      const previous = this.enteredInFigures ? this.enteredSource : null;
      if (rows.length === 0) {
        if (previous === null) {
          // Nothing in the figures to take out; the (now empty) entered answers are still kept.
          this.#notify('change');
          return false;
        }
        await a.remove([previous]);
        this.enteredSource = null;
        this.enteredProblems = [];
      } else {
        const staged = await a.stageRows('answers', ENTERED_SOURCE_NAME, rows.map(enteredRow));
        await a.commit(staged, previous === null ? { add: true } : { replace: [previous] });
        this.enteredSource = staged.id;
        this.enteredProblems = staged.problems;
      }
      this.#changedByUser();
    });
    this.#enteredQueued = queued;
    return queued;
  }

  /** Is told after every change that reached the figures (and of a renamed organisation). */
  onChange(listener: (why: 'change' | 'organisation') => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(why: 'change' | 'organisation'): void {
    for (const listener of this.#listeners) listener(why);
  }

  /**
   * What is loaded now, to be saved: queued behind every change made before the call, so it is
   * never caught half-way through one. It does not show as busy.
   */
  snapshot(): Promise<StateSnapshot> {
    const result = this.#queue.then(() => {
      const sources: SourceSnapshot[] = [];
      const loaded = [...(this.summary?.files ?? [])].sort((x, y) => x.source - y.source);
      for (const file of loaded) {
        // The built-in bank has no files of the user's; the entered answers are saved as rows.
        if (file.format === ENTERED_FORMAT && file.source === this.enteredSource) continue;
        const files = this.#sourceFiles.get(file.source);
        if (!files) continue;
        const mapping = this.#sourceMappings.get(file.source);
        sources.push({
          kind: file.kind,
          format: file.format,
          fileName: file.fileName,
          files,
          demo: this.#demoSources.has(file.source),
          ...(mapping ? { mapping } : {}),
        });
      }
      return {
        organisation: this.#organisation,
        demoOrganisation: this.#demoOrganisation,
        engineers: this.engineers,
        domainCountOverride: this.domainCountOverride,
        assessedAt: this.#assessedAt?.toISOString() ?? null,
        demoKinds: [...this.demoKinds],
        sources,
        entered: { rows: [...this.entered], inFigures: this.enteredInFigures },
        metrics: this.metrics,
      } satisfies StateSnapshot;
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Puts a saved assessment back: every input is read again through the engine from its files
   * and its valid rows committed as before, without dialogs. A source that can no longer be read
   * is left out and named in the result; nothing else is told (this is not a change to save).
   * `demoFile` gives the bytes of a demo file saved by name.
   */
  restore(snapshot: StateSnapshot, demoFile: (name: string) => Promise<Uint8Array> = fetchDemoBytes): Promise<string[]> {
    const problems: string[] = [];
    const result = this.#run('Opening the assessment…', async (a) => {
      await a.reset();
      this.#sourceFiles.clear();
      this.#demoSources.clear();
      this.#sourceMappings.clear();
      // `reset` dropped every staged file, those waiting for review too.
      this.#reviews = [];
      this.review = null;
      this.dropMessages = [];
      this.fileErrors = {};
      this.warnings = {};
      this.enteredSource = null;
      this.enteredProblems = [];
      const { FORMATS } = await import('../../engine/ingest/formats/index.ts');
      // The bank first (answers are checked against it), then as the drop zone orders kinds.
      const order: InputKind[] = ['questions', 'ownership', 'deployments', 'dependencies', 'answers'];
      const sources = snapshot.sources
        .map((source, i) => ({ source, i }))
        .sort((x, y) => order.indexOf(x.source.kind) - order.indexOf(y.source.kind) || x.i - y.i)
        .map(({ source }) => source);
      for (const source of sources) {
        try {
          const files = source.demo && source.files.every((f) => f.bytes.byteLength === 0)
            ? await Promise.all(source.files.map(async (f) => ({ name: f.name, bytes: await demoFile(f.name) })))
            : source.files;
          const adapter = FORMATS.find((f) => f.id === source.format) ?? null;
          const staged = await stageAgain(a, source, files, adapter);
          await a.commit(staged, source.kind === 'questions' ? { replace: 'kind' } : { add: true });
          this.#sourceFiles.set(staged.id, files);
          if (source.demo) this.#demoSources.add(staged.id);
          if (source.mapping) this.#sourceMappings.set(staged.id, source.mapping);
          if (staged.warnings.length > 0) this.warnings = { ...this.warnings, [source.kind]: staged.warnings };
        } catch (e) {
          problems.push(describeFileError(source.kind, source.fileName, e));
        }
      }
      this.entered = [...snapshot.entered.rows];
      if (snapshot.entered.inFigures && snapshot.entered.rows.length > 0) {
        const staged = await a.stageRows('answers', ENTERED_SOURCE_NAME, snapshot.entered.rows.map(enteredRow));
        await a.commit(staged, { add: true });
        this.enteredSource = staged.id;
        this.enteredProblems = staged.problems;
      }
      await a.setProfile({ engineers: snapshot.engineers, domainCountOverride: snapshot.domainCountOverride });
      this.engineers = snapshot.engineers;
      this.domainCountOverride = snapshot.domainCountOverride;
      this.#organisation = snapshot.organisation;
      this.#demoOrganisation = snapshot.demoOrganisation;
      this.demoKinds = [...snapshot.demoKinds];
      this.#assessedAt = parseDate(snapshot.assessedAt ?? undefined);
      this.busy = 'Computing the figures…';
      await this.#compute(a);
      return problems;
    });
    return result.catch((e: unknown) => {
      this.error = message(e);
      return [...problems, message(e)];
    });
  }

  #loaded(staged: StagedImport): void {
    this.#changedByUser(staged.kind);
    this.warnings = { ...this.warnings, [staged.kind]: staged.warnings };
  }

  #changedByUser(kind?: InputKind): void {
    // The figures are no longer the demo's alone: stop calling them by the demo's name.
    if (this.#organisation === this.#demoOrganisation) this.#organisation = 'Your organisation';
    if (kind) this.demoKinds = this.demoKinds.filter((k) => k !== kind);
    // Own inputs are assessed as of their last change (kept with a saved assessment, so that it
    // reopens with the same date); the demo keeps the date it was generated for.
    this.#assessedAt = new Date();
  }

  /** Runs a change and, in the same queued step, recomputes the figures. `op` may return
   *  `false` to say that nothing changed (a refused file, a file waiting for review). */
  #change(label: string, op: (a: Assessment) => Promise<unknown>): Promise<void> {
    return this.#run(label, async (a) => {
      if ((await op(a)) === false) return;
      this.busy = 'Computing the figures…';
      await this.#compute(a);
      this.#notify('change');
    }).catch((e: unknown) => {
      this.error = message(e);
    });
  }

  async #compute(a: Assessment): Promise<void> {
    try {
      let metrics = await a.metrics(this.#assessedAt ?? new Date());
      let summary = await a.summary();
      // The bank's statements, read again only when its files changed.
      const bank = summary.files.filter((f) => f.kind === 'questions').map((f) => f.source).join(',');
      if (bank !== this.#questionSources) {
        let questions = await questionBank(a);
        if (this.#snapshotShown) questions = sameAs(this.questions, questions);
        this.questions = questions;
        this.#questionSources = bank;
      }
      if (this.#snapshotShown) {
        // The engine's figures of the demo replace its snapshot's. They are the same (test/demo):
        // the objects on screen then stay, so that nothing is drawn again.
        metrics = sameAs(this.metrics, metrics);
        summary = sameAs(this.summary, summary);
        this.#snapshotShown = false;
      }
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
        if (!this.#engineOpen) this.busy = 'Starting DuckDB…';
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
      // DuckDB's worker first (its script is large and compiles off the page's thread), then its
      // client and the engine, chunks of their own loaded beside it.
      const worker = startEngineWorker();
      const connector = import('../../engine/db/browser.ts').then(({ openBrowserConnector }) => openBrowserConnector(worker));
      this.#assessment = (async () => {
        const { Assessment } = await import('../../engine/assessment.ts');
        const opened = await connector;
        opened.onProgress?.((percent) => {
          if (this.busy !== null) this.progress = percent >= 100 ? null : Math.floor(percent);
        });
        return Assessment.open(opened);
      })();
      this.#assessment.then(
        () => (this.#engineOpen = true),
        () => {
          // A failed start may be retried by the next operation, with a new worker.
          worker.terminate();
          this.#assessment = null;
        },
      );
      connector.catch(() => undefined);
    }
    return this.#assessment;
  }
}

/** `shown` when it holds exactly `computed`; else `computed`, and a warning for whoever builds the
 *  app: the demo's snapshot is not what the engine computes (`npm run demo:generate` rewrites it). */
function sameAs<T>(shown: T | null, computed: T): T {
  if (shown !== null && JSON.stringify(shown) === JSON.stringify(computed)) return shown;
  console.warn('static/demo/snapshot.json differs from what the engine computes: run `npm run demo:generate`.');
  return computed;
}

async function read(file: File): Promise<InputFile> {
  // Refused before a byte is read: reading a file the tab cannot hold would crash it.
  if (file.size > MAX_FILE_BYTES) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new InputFileError(file.name, `is ${mb(file.size)}, more than the ${mb(MAX_FILE_BYTES)} a browser tab can hold; split it or use the command line with --engine native`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  rememberOrigin(bytes, file);
  return { name: file.name, bytes };
}

/** The file behind each canonical CSV staged from a group (by staged id). */
const stagedFiles = new Map<number, InputFile>();
/** The column mapping each staged import was read with, when the mapping step gave one. */
const stagedMappings = new Map<number, ColumnMapping | CsvColumnMapping>();

const MAPPING_STORE = 'mesh-readiness:column-mapping:';

/** By name, not `instanceof`: the class lives in the engine's lazy chunk (it carries papaparse). */
function isMappingNeeded(error: unknown): error is MappingNeeded {
  return error instanceof InputFileError && error.name === 'MappingNeeded';
}

/** A mapping confirmed earlier for files of these columns (by `MappingNeeded.key`), if any. */
function savedMapping(key: string): ColumnMapping | CsvColumnMapping | undefined {
  try {
    const text = localStorage.getItem(MAPPING_STORE + key);
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as ColumnMapping) : undefined;
  } catch {
    return undefined;
  }
}

function saveMapping(key: string, mapping: ColumnMapping | CsvColumnMapping): void {
  try {
    localStorage.setItem(MAPPING_STORE + key, JSON.stringify(mapping));
  } catch {
    // Storage full or denied: the mapping applies now and is asked again next time.
  }
}

/** Stages a planned import; where it asks for a mapping and one was confirmed for files of the
 *  same columns before, stages it again with that mapping (once: a stale one asks again). */
async function stageWithSavedMapping(a: Assessment, planned: PlannedImport): Promise<StagedImport[]> {
  try {
    return await stagePlanned(a, planned);
  } catch (error) {
    const mapping = isMappingNeeded(error) ? savedMapping(error.key) : undefined;
    if (!mapping) throw error;
    return stagePlanned(a, planned, mapping);
  }
}

/** A canonical CSV is staged file by file (they add up); a format reads all its files at once. */
async function stagePlanned(
  a: Assessment,
  planned: PlannedImport,
  mapping?: ColumnMapping | CsvColumnMapping,
): Promise<StagedImport[]> {
  if (planned.adapter) {
    const s = await a.stageFormat(planned.adapter, planned.files, { mapping: mapping as ColumnMapping });
    if (mapping) stagedMappings.set(s.id, mapping);
    return [s];
  }
  const staged: StagedImport[] = [];
  try {
    for (const file of planned.files) {
      const s = await a.stage(planned.kind, await engineCopy(file), { columnMapping: mapping as CsvColumnMapping });
      stagedFiles.set(s.id, file);
      if (mapping) stagedMappings.set(s.id, mapping);
      staged.push(s);
    }
  } catch (e) {
    for (const s of staged) {
      stagedFiles.delete(s.id);
      await a.discard(s);
    }
    throw e;
  }
  return staged;
}

/** Reads a saved source again the way it was first read. */
async function stageAgain(a: Assessment, source: SourceSnapshot, files: InputFile[], adapter: FormatAdapter | null): Promise<StagedImport> {
  try {
    return await stageOnce(a, source, files, adapter, source.mapping);
  } catch (error) {
    // Saved before its mapping was kept with it: the mapping confirmed in this browser, if any.
    const mapping = !source.mapping && isMappingNeeded(error) ? savedMapping(error.key) : undefined;
    if (!mapping) throw error;
    return stageOnce(a, source, files, adapter, mapping);
  }
}

async function stageOnce(
  a: Assessment,
  source: SourceSnapshot,
  files: InputFile[],
  adapter: FormatAdapter | null,
  mapping: ColumnMapping | CsvColumnMapping | undefined,
): Promise<StagedImport> {
  if (adapter) return a.stageFormat(adapter, files, mapping ? { mapping: mapping as ColumnMapping } : {});
  if (source.format === 'canonical-csv' && files.length === 1) {
    return a.stage(source.kind, await engineCopy(files[0]!), mapping ? { columnMapping: mapping as CsvColumnMapping } : {});
  }
  // A format this version no longer names: recognise the files again.
  const { planImports } = await import('../../engine/ingest/recognise.ts');
  const planned = planImports(files, source.kind).imports.find((p) => p.kind === source.kind);
  if (!planned) throw new InputFileError(source.fileName, `is no longer read as a ${INPUT_LABELS[source.kind].toLowerCase()}`);
  if (planned.adapter) return a.stageFormat(planned.adapter, planned.files);
  return a.stage(source.kind, await engineCopy(planned.files[0]!));
}

/**
 * The bytes handed to DuckDB's worker are transferred (`registerFileBuffer` detaches them in the
 * page): the engine reads a copy, and the page keeps the file to save it and read it again.
 */
/**
 * The bytes for the engine, which takes them (DuckDB-WASM detaches what it registers) while the
 * page keeps its own. A file the user picked is read again from disk (off the page's thread);
 * copying 300 MB on the page's thread would hold it for a second.
 */
async function engineCopy(file: InputFile): Promise<InputFile> {
  const origin = originOf(file.bytes);
  return { name: file.name, bytes: origin ? new Uint8Array(await origin.arrayBuffer()) : file.bytes.slice() };
}

/** An entered answer as the engine's canonical answers row. */
function enteredRow(row: AnswerRow): Record<string, string | null> {
  return {
    respondent: row.respondent.trim() || null,
    domain: row.domain.trim() || null,
    question_id: row.question_id,
    answer: row.answer,
  };
}

/** The statements of the question bank loaded now, in bank order. */
async function questionBank(a: Assessment): Promise<BankQuestion[]> {
  return a.questions();
}

/** The demo's snapshot (`static/demo/snapshot.json`), or null when it cannot be read or shown. */
export async function fetchDemoSnapshot(): Promise<DemoSnapshot | null> {
  try {
    return readDemoSnapshot(await (await fetchDemo('snapshot.json')).json());
  } catch {
    return null;
  }
}

async function fetchDemoBytes(name: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchDemo(name)).arrayBuffer());
}

function fetchDemo(name: string): Promise<Response> {
  // Relative to the page: the demo is served from the app's own origin, whatever its sub-path.
  return fetch(new URL(`demo/${name}`, document.baseURI)).then((r) => {
    if (!r.ok) throw new Error(`The demo file ${name} could not be read (HTTP ${r.status}).`);
    return r;
  });
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
