// Saved assessments, as the page uses them: the open assessment is saved after every change
// (coalesced: one save at a time, of the latest state), comes back on start, and the list of
// saved assessments can be opened, renamed, duplicated, deleted (with undo), exported as a file
// and imported from one. Every save says how it went: "Saved", or "Not saved: … — the previous
// version is kept".
import { assessment, fetchDemoSnapshot } from './assessment.svelte.ts';
import { APP_VERSION } from './app-version.ts';
import { EMPTY_SNAPSHOT, type StateSnapshot } from './snapshot.ts';
import { displayName, reasonOf, SavedStore, type SavedAssessment } from './saved-assessments.ts';
import type { Metrics } from '../../engine/metrics-schema.ts';
import { downloadText } from '../download.ts';

export type SaveStatus =
  | { state: 'starting' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'failed'; reason: string; previous: boolean }
  | { state: 'off'; reason: string };

/** `navigator.storage.persist()`: kept even when the disk runs low, or the browser's choice. */
export type Persistence = 'granted' | 'not-granted' | 'unsupported' | 'unknown';

/** How long a deleted assessment can be brought back from the notice. */
const UNDO_MS = 15_000;

class Saved {
  /** Saved assessments, most recently saved first (deleted ones left out). */
  list = $state.raw<SavedAssessment[]>([]);
  /** The assessment the page has open and saves into; null until the first save. */
  activeId = $state<string | null>(null);
  status = $state.raw<SaveStatus>({ state: 'starting' });
  persistence = $state<Persistence>('unknown');
  /** The assessment just deleted, while it can be brought back. */
  deleted = $state.raw<SavedAssessment | null>(null);
  /** What the last action on the list did, for the notice under the list. */
  notice = $state<{ text: string; bad: boolean } | null>(null);

  #store: SavedStore | null = null;
  #dirty = false;
  #saving: Promise<void> | null = null;
  #opening = false;
  #nameTimer: ReturnType<typeof setTimeout> | undefined;
  #undoTimer: ReturnType<typeof setTimeout> | undefined;
  #persistAsked = false;

  get active(): SavedAssessment | null {
    return this.list.find((r) => r.id === this.activeId) ?? null;
  }

  /** First open: the assessment open before the reload (or crash) comes back; else the demo. */
  async start(): Promise<void> {
    // The demo's figures, fetched beside IndexedDB; shown only if the page opens on the demo.
    const demoSnapshot = fetchDemoSnapshot();
    assessment.onChange((why) => {
      if (this.#opening) return;
      if (why === 'organisation') {
        clearTimeout(this.#nameTimer);
        this.#nameTimer = setTimeout(() => this.#schedule(), 400);
      } else {
        this.#schedule();
      }
    });
    if (typeof document !== 'undefined') {
      // Leaving the tab (or closing it) starts any save still waiting (a name being typed).
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'hidden') void this.flush();
      });
    }
    try {
      this.#store = await SavedStore.open();
      await this.#store.purge().catch(() => undefined);
      const active = await this.#store.active();
      await this.#refresh();
      if (active && this.list.some((r) => r.id === active) && (await this.#open(active, false))) return;
    } catch (e) {
      this.#store = null;
      this.status = { state: 'off', reason: `this browser does not let the page keep data (${reasonOf(e)})` };
    }
    // Nothing saved yet (or no storage): the demo, saved as the first assessment. Its figures
    // show from its snapshot at once, then from the engine once DuckDB has loaded it.
    await assessment.loadDemo(demoSnapshot);
  }

  /** Opens a saved assessment: its inputs are read again and its figures computed. */
  async open(id: string): Promise<void> {
    await this.#open(id, true);
  }

  /** An empty assessment, saved at once so that it is in the list. */
  async create(): Promise<void> {
    await this.flush();
    this.#opening = true;
    try {
      await assessment.restore(EMPTY_SNAPSHOT);
      this.activeId = null;
    } finally {
      this.#opening = false;
    }
    this.#schedule();
    await this.flush();
    this.notice = { text: 'A new, empty assessment is open. Load its inputs or answer the questionnaire.', bad: false };
  }

  async rename(id: string, name: string): Promise<void> {
    if (!this.#store) return;
    await this.#store.rename(id, name);
    await this.#refresh();
  }

  async duplicate(id: string): Promise<void> {
    if (!this.#store) return;
    await this.flush();
    const source = this.list.find((r) => r.id === id);
    const copy = await this.#store.duplicate(id, `Copy of ${source ? displayName(source) : 'assessment'}`);
    await this.#refresh();
    this.notice = { text: `Duplicated as “${displayName(copy)}”.`, bad: false };
  }

  /** Deletes a saved assessment (not the open one); it can be brought back for a while. */
  async remove(id: string): Promise<void> {
    if (!this.#store || id === this.activeId) return;
    const record = this.list.find((r) => r.id === id) ?? null;
    await this.#store.remove(id);
    this.deleted = record;
    clearTimeout(this.#undoTimer);
    this.#undoTimer = setTimeout(() => (this.deleted = null), UNDO_MS);
    this.notice = null;
    await this.#refresh();
  }

  async undoRemove(): Promise<void> {
    const record = this.deleted;
    if (!this.#store || !record) return;
    clearTimeout(this.#undoTimer);
    await this.#store.restore(record.id);
    this.deleted = null;
    await this.#refresh();
    this.notice = { text: `“${displayName(record)}” is back.`, bad: false };
  }

  /** Waits for every save asked for so far. */
  async flush(): Promise<void> {
    if (this.#nameTimer !== undefined) {
      clearTimeout(this.#nameTimer);
      this.#nameTimer = undefined;
      this.#dirty = true;
    }
    // Changes queued in the assessment notify when they finish: wait for them first.
    await assessment.snapshot().catch(() => undefined);
    if (this.#dirty && !this.#saving) this.#schedule();
    while (this.#saving) await this.#saving;
  }

  /** Tries the failed save again. */
  retry(): void {
    this.#schedule();
  }

  /** Asks the browser to keep saved assessments even when space runs low. */
  async askPersistence(): Promise<void> {
    this.#persistAsked = true;
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage?.persist) {
      this.persistence = 'unsupported';
      return;
    }
    try {
      this.persistence = (await storage.persisted()) || (await storage.persist()) ? 'granted' : 'not-granted';
    } catch {
      this.persistence = 'not-granted';
    }
  }

  /** The open assessment (or a saved one) as an assessment file, downloaded. */
  async exportFile(id: string | null = this.activeId): Promise<void> {
    const { writeAssessmentFile, assessmentFileName } = await import('./assessment-file.ts');
    let snapshot: StateSnapshot;
    let record: SavedAssessment | null = null;
    if (id === null || id === this.activeId) {
      await this.flush();
      snapshot = await assessment.snapshot();
      record = this.active;
    } else {
      if (!this.#store) return;
      const loaded = await this.#store.load(id);
      record = loaded.record;
      snapshot = await withDemoBytes(loaded.snapshot);
    }
    const name = record ? displayName(record) : snapshot.organisation || 'assessment';
    const text = await writeAssessmentFile(snapshot, { name: record?.name ?? null, appVersion: APP_VERSION });
    downloadText(assessmentFileName(name, snapshot.metrics?.assessed_at ?? snapshot.assessedAt), text, 'application/json');
  }

  /** Opens an assessment file: checked whole first; a damaged one changes nothing. Once read it
   *  becomes a saved assessment of its own, and is opened. */
  async importFile(file: File): Promise<void> {
    this.notice = null;
    let read;
    try {
      const { readAssessmentFile } = await import('./assessment-file.ts');
      read = await readAssessmentFile(file.name, new Uint8Array(await file.arrayBuffer()));
    } catch (e) {
      this.notice = { text: e instanceof Error ? e.message : String(e), bad: true };
      return;
    }
    if (!this.#store) {
      // No storage: open it all the same, unsaved.
      await this.flush();
      await assessment.restore(read.snapshot);
      this.notice = { text: `${file.name} is open (not saved: this browser does not keep data).`, bad: false };
      return;
    }
    await this.flush();
    // Its files are kept as the file holds them, the demo's too: another version of the app may
    // ship another demo.
    const snapshot = { ...read.snapshot, sources: read.snapshot.sources.map((s) => ({ ...s, demo: false })) };
    let record: SavedAssessment;
    try {
      record = await this.#store.save(null, snapshot, { name: read.name, appVersion: APP_VERSION, active: false });
    } catch (e) {
      this.notice = { text: `${file.name} was not opened: it could not be saved (${reasonOf(e)}). Nothing changed.`, bad: true };
      return;
    }
    await this.#refresh();
    await this.#open(record.id, true);
    this.notice = { text: `Opened ${file.name} as “${displayName(record)}”.`, bad: false };
  }

  /** The stored metrics documents of saved assessments (progress over time). */
  async metricsOf(ids: readonly string[]): Promise<Map<string, Metrics | null>> {
    return this.#store ? this.#store.metricsOf(ids) : new Map();
  }

  /** Opens a saved assessment; false when it could not be read (nothing changed then). */
  async #open(id: string, flushFirst: boolean): Promise<boolean> {
    if (!this.#store) return false;
    if (flushFirst) await this.flush();
    let loaded;
    try {
      loaded = await this.#store.load(id);
    } catch (e) {
      this.notice = { text: `The assessment could not be opened: ${reasonOf(e)}. Nothing changed.`, bad: true };
      return false;
    }
    const name = displayName(loaded.record);
    this.#opening = true;
    let problems: string[];
    try {
      problems = await assessment.restore(loaded.snapshot);
    } finally {
      this.#opening = false;
    }
    if (problems.length > 0) {
      // Saving what opened would drop what did not: changes from here go to a new assessment.
      this.activeId = null;
      await this.#store.setActive(null).catch(() => undefined);
      assessment.error = `“${name}” opened without some of its inputs: ${problems.join(' ')} The saved assessment is kept as it was; changes made now are saved as a new assessment.`;
      this.status = { state: 'saved', at: loaded.record.savedAt };
      return true;
    }
    this.activeId = id;
    await this.#store.setActive(id).catch(() => undefined);
    this.status = { state: 'saved', at: loaded.record.savedAt };
    // Figures computed by another version of the app (or never, for an old file): keep the new ones.
    if (JSON.stringify(assessment.metrics) !== JSON.stringify(loaded.snapshot.metrics)) this.#schedule();
    return true;
  }

  #schedule(): void {
    this.#dirty = true;
    // Said at once: whoever sees the change finished sees that its save is under way.
    if (this.#store) this.status = { state: 'saving' };
    if (this.#saving) return;
    this.#saving = this.#drain().finally(() => {
      this.#saving = null;
    });
  }

  async #drain(): Promise<void> {
    while (this.#dirty) {
      this.#dirty = false;
      const snapshot = await assessment.snapshot();
      if (this.#opening) continue;
      if (!this.#store) {
        this.status = this.status.state === 'off' ? this.status : { state: 'off', reason: 'storage is not available' };
        return;
      }
      const previous = this.activeId !== null;
      this.status = { state: 'saving' };
      try {
        const record = await this.#store.save(this.activeId, snapshot, { appVersion: APP_VERSION });
        this.activeId = record.id;
        this.status = { state: 'saved', at: record.savedAt };
        await this.#refresh();
        this.#store.prune(record.id).catch(() => undefined);
        if (!this.#persistAsked) void this.askPersistence();
      } catch (e) {
        this.status = { state: 'failed', reason: reasonOf(e), previous };
      }
    }
  }

  async #refresh(): Promise<void> {
    if (this.#store) this.list = await this.#store.list();
  }
}

/** A saved snapshot's demo files read again from the demo, for a file that must hold them. */
async function withDemoBytes(snapshot: StateSnapshot): Promise<StateSnapshot> {
  const sources = await Promise.all(
    snapshot.sources.map(async (s) => {
      if (!s.demo || s.files.some((f) => f.bytes.byteLength > 0)) return s;
      const files = await Promise.all(
        s.files.map(async (f) => {
          const r = await fetch(new URL(`demo/${f.name}`, document.baseURI));
          if (!r.ok) throw new Error(`The demo file ${f.name} could not be read (HTTP ${r.status}).`);
          return { name: f.name, bytes: new Uint8Array(await r.arrayBuffer()) };
        }),
      );
      return { ...s, files };
    }),
  );
  return { ...snapshot, sources };
}

export const saved = new Saved();
