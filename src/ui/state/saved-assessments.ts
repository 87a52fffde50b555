// Saved assessments in the browser's IndexedDB: no byte leaves the page.
//
// Stores (database `mesh-readiness`):
//   assessments  one record per assessment: name, organisation, headline figures, and `version`,
//                the pointer to its current version
//   versions     `<id>:<version>`: what is loaded (sources with file keys, profile, entered
//                answers) and the metrics document computed from it
//   files        file bytes by key, written once and shared by every version that names them
//                (a profile change writes no file again; a duplicate copies no bytes)
//   meta         `active`: the assessment the page has open
//
// A save writes the new version, the record pointing at it and the `active` pointer in ONE
// transaction: if any write fails or the tab dies half-way, IndexedDB rolls the whole
// transaction back and the previous version is what the record still points at. Older versions
// are pruned only after the new one is committed (the one before is kept as well), and files no
// version names any more are removed after that.
import type { Metrics, Verdict } from '../../engine/metrics-schema.ts';
import type { InputKind } from '../../engine/inputs.ts';
import type { ColumnMapping } from '../../engine/ingest/format.ts';
import type { CsvColumnMapping } from '../../engine/ingest/csv-header.ts';
import type { StateSnapshot } from './snapshot.ts';
import { originOf } from './file-origins.ts';

const DB_NAME = 'mesh-readiness';
const DB_VERSION = 1;
const ACTIVE = 'active';

/** The figures the list shows for each assessment, from its metrics document. */
export interface Headline {
  assessedAt: string | null;
  overall: number | null;
  level: string | null;
  verdict: Verdict | null;
  phase: 1 | 2 | 3 | 4 | null;
  autonomy: number | null;
  overhead: number | null;
  domains: number | null;
}

export interface SavedAssessment {
  id: string;
  /** The name the user gave it; null: it is called by its organisation. */
  name: string | null;
  organisation: string;
  /** Some of its inputs are the demo's. */
  demo: boolean;
  createdAt: string;
  savedAt: string;
  /** The current version: `versions` key `<id>:<version>`. */
  version: number;
  headline: Headline;
  appVersion: string;
  /** Deleted, waiting for undo; removed for good on the next start. */
  deletedAt: string | null;
}

interface StoredFile {
  name: string;
  /** Key in `files`; null for a demo file, read again from `static/demo/` by name. */
  key: string | null;
  size: number;
}

interface StoredSource {
  kind: InputKind;
  format: string;
  fileName: string;
  files: StoredFile[];
  demo: boolean;
  mapping?: ColumnMapping | CsvColumnMapping;
}

interface StoredVersion {
  id: string;
  version: number;
  savedAt: string;
  snapshot: Omit<StateSnapshot, 'sources'> & { sources: StoredSource[] };
}

/** A save that did not happen: nothing of it was written. */
export class SaveError extends Error {
  override name = 'SaveError';
}

export function displayName(record: Pick<SavedAssessment, 'name' | 'organisation'>): string {
  return record.name?.trim() || record.organisation.trim() || 'Untitled assessment';
}

export function headlineOf(metrics: Metrics | null): Headline {
  return {
    assessedAt: metrics?.assessed_at ?? null,
    overall: metrics?.maturity.overall ?? null,
    level: metrics?.maturity.level ?? null,
    verdict: metrics?.readiness.verdict ?? null,
    phase: metrics?.readiness.phase ?? null,
    autonomy: metrics?.autonomy.ratio ?? null,
    overhead: metrics?.coupling.overhead ?? null,
    domains: metrics?.readiness.domain_count ?? null,
  };
}

/** Every file's bytes get a key the first time they are saved; the same bytes keep it. */
const fileKeys = new WeakMap<Uint8Array, string>();
/** Keys whose bytes are committed to `files` (known from a save or a load). */
const storedKeys = new Set<string>();

const versionKey = (id: string, version: number) => `${id}:${String(version).padStart(10, '0')}`;
const versionsOf = (id: string) => IDBKeyRange.bound(`${id}:`, `${id}:\uffff`);

function newId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Settles when the transaction commits; rejects with why it did not. */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('the write was interrupted', 'AbortError'));
  });
}

/** Words for why a write failed. */
export function reasonOf(e: unknown): string {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'QuotaExceededError') return "the browser's storage for this page is full";
  if (name === 'AbortError') return 'the write was interrupted';
  if (name === 'InvalidStateError') return 'the browser closed the storage';
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\.$/, '') || 'the browser refused the write';
}

export class SavedStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(): Promise<SavedStore> {
    if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB');
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('assessments')) db.createObjectStore('assessments', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('versions')) db.createObjectStore('versions');
      if (!db.objectStoreNames.contains('files')) db.createObjectStore('files');
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    };
    const db = await request(r);
    // Another tab opening a newer version of the app asks us to let go.
    db.onversionchange = () => db.close();
    return new SavedStore(db);
  }

  /** Every saved assessment not deleted, most recently saved first. */
  async list(): Promise<SavedAssessment[]> {
    const tx = this.db.transaction('assessments', 'readonly');
    const all = await request(tx.objectStore('assessments').getAll() as IDBRequest<SavedAssessment[]>);
    return all.filter((r) => !r.deletedAt).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async get(id: string): Promise<SavedAssessment | null> {
    const tx = this.db.transaction('assessments', 'readonly');
    return ((await request(tx.objectStore('assessments').get(id))) as SavedAssessment | undefined) ?? null;
  }

  async active(): Promise<string | null> {
    const tx = this.db.transaction('meta', 'readonly');
    const id = (await request(tx.objectStore('meta').get(ACTIVE))) as string | undefined;
    return id ?? null;
  }

  async setActive(id: string | null): Promise<void> {
    const tx = this.db.transaction('meta', 'readwrite');
    const done = committed(tx);
    if (id === null) tx.objectStore('meta').delete(ACTIVE);
    else tx.objectStore('meta').put(id, ACTIVE);
    await done;
  }

  /**
   * Saves a new version of assessment `id` (a new assessment when null) and makes it the current
   * one and the page's active one, all in one transaction. Throws `SaveError` when nothing was
   * written; the previous version is then still the current one.
   */
  async save(
    id: string | null,
    snapshot: StateSnapshot,
    details: { name?: string | null; appVersion: string; active?: boolean },
  ): Promise<SavedAssessment> {
    const now = new Date().toISOString();
    const key = id ?? newId();
    const { stored, newFiles } = storedSnapshot(snapshot);
    let tx: IDBTransaction;
    try {
      tx = this.db.transaction(['assessments', 'versions', 'files', 'meta'], 'readwrite');
    } catch (e) {
      throw new SaveError(reasonOf(e), { cause: e });
    }
    const done = committed(tx);
    let record: SavedAssessment;
    try {
      const existing = (await request(tx.objectStore('assessments').get(key))) as SavedAssessment | undefined;
      const version = (existing?.version ?? 0) + 1;
      record = {
        id: key,
        name: details.name !== undefined ? details.name : (existing?.name ?? null),
        organisation: snapshot.organisation,
        demo: snapshot.demoKinds.length > 0,
        createdAt: existing?.createdAt ?? now,
        savedAt: now,
        version,
        headline: headlineOf(snapshot.metrics),
        appVersion: details.appVersion,
        deletedAt: null,
      };
      // New bytes first, then the version, then the pointers: nothing is deleted here.
      for (const [fileKey, blob] of newFiles) tx.objectStore('files').put(blob, fileKey);
      const entry: StoredVersion = { id: key, version, savedAt: now, snapshot: stored };
      tx.objectStore('versions').put(entry, versionKey(key, version));
      tx.objectStore('assessments').put(record);
      if (details.active !== false) tx.objectStore('meta').put(key, ACTIVE);
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished
      }
      await done.catch(() => undefined);
      throw new SaveError(reasonOf(e), { cause: e });
    }
    try {
      await done;
    } catch (e) {
      throw new SaveError(reasonOf(e), { cause: e });
    }
    for (const [fileKey] of newFiles) storedKeys.add(fileKey);
    return record;
  }

  /** Drops the versions of `id` older than the one before its current one, then unused files. */
  async prune(id: string): Promise<void> {
    const record = await this.get(id);
    if (!record || record.version <= 2) return;
    const tx = this.db.transaction('versions', 'readwrite');
    const done = committed(tx);
    tx.objectStore('versions').delete(IDBKeyRange.bound(`${id}:`, versionKey(id, record.version - 2)));
    await done;
    await this.collectFiles();
  }

  /** The current version of a saved assessment, its files read back. Demo files come back empty
   *  (`demo: true`, no bytes): they are read again from the demo. */
  async load(id: string): Promise<{ record: SavedAssessment; snapshot: StateSnapshot }> {
    const tx = this.db.transaction(['assessments', 'versions', 'files'], 'readonly');
    const record = (await request(tx.objectStore('assessments').get(id))) as SavedAssessment | undefined;
    if (!record) throw new Error('this assessment is no longer saved');
    const entry = (await request(tx.objectStore('versions').get(versionKey(id, record.version)))) as StoredVersion | undefined;
    if (!entry) throw new Error('its saved version is missing');
    // Every read inside the transaction first (it ends at the first other await), then the
    // Blobs' bytes. (Versions saved before files were Blobs hold a Uint8Array.)
    const stored = [];
    for (const source of entry.snapshot.sources) {
      const files = [];
      for (const f of source.files) {
        const value = f.key === null ? new Uint8Array(0) : ((await request(tx.objectStore('files').get(f.key))) as Blob | Uint8Array | undefined);
        if (!value) throw new Error(`the saved bytes of ${f.name} are missing`);
        files.push({ f, value });
      }
      stored.push({ source, files });
    }
    const sources = [];
    for (const { source, files } of stored) {
      const read = [];
      for (const { f, value } of files) {
        const bytes = value instanceof Blob ? new Uint8Array(await value.arrayBuffer()) : value;
        if (f.key !== null) {
          fileKeys.set(bytes, f.key);
          storedKeys.add(f.key);
        }
        read.push({ name: f.name, bytes });
      }
      sources.push({ ...source, files: read });
    }
    return { record, snapshot: { ...entry.snapshot, sources } };
  }

  /** The metrics documents of several saved assessments (progress over time): no recomputation. */
  async metricsOf(ids: readonly string[]): Promise<Map<string, Metrics | null>> {
    const tx = this.db.transaction(['assessments', 'versions'], 'readonly');
    const out = new Map<string, Metrics | null>();
    for (const id of ids) {
      const record = (await request(tx.objectStore('assessments').get(id))) as SavedAssessment | undefined;
      if (!record) continue;
      const entry = (await request(tx.objectStore('versions').get(versionKey(id, record.version)))) as StoredVersion | undefined;
      out.set(id, entry?.snapshot.metrics ?? null);
    }
    return out;
  }

  async rename(id: string, name: string | null): Promise<void> {
    await this.#update(id, (r) => ({ ...r, name: name?.trim() ? name.trim() : null }));
  }

  /** A copy under a new id: the same version content, sharing the stored files. */
  async duplicate(id: string, name: string): Promise<SavedAssessment> {
    const tx = this.db.transaction(['assessments', 'versions'], 'readwrite');
    const done = committed(tx);
    const record = (await request(tx.objectStore('assessments').get(id))) as SavedAssessment | undefined;
    if (!record) throw new Error('this assessment is no longer saved');
    const entry = (await request(tx.objectStore('versions').get(versionKey(id, record.version)))) as StoredVersion | undefined;
    if (!entry) throw new Error('its saved version is missing');
    const now = new Date().toISOString();
    const copy: SavedAssessment = { ...record, id: newId(), name, createdAt: now, savedAt: now, version: 1, deletedAt: null };
    tx.objectStore('versions').put({ ...entry, id: copy.id, version: 1, savedAt: now }, versionKey(copy.id, 1));
    tx.objectStore('assessments').put(copy);
    await done;
    return copy;
  }

  /** Deleted, but kept until `purge` (the next start): `restore` undoes it. */
  async remove(id: string): Promise<void> {
    await this.#update(id, (r) => ({ ...r, deletedAt: new Date().toISOString() }));
  }

  async restore(id: string): Promise<void> {
    await this.#update(id, (r) => ({ ...r, deletedAt: null }));
  }

  /** Removes deleted assessments for good, with their versions and the files only they used. */
  async purge(): Promise<void> {
    const tx = this.db.transaction(['assessments', 'versions', 'meta'], 'readwrite');
    const done = committed(tx);
    const all = (await request(tx.objectStore('assessments').getAll())) as SavedAssessment[];
    const active = (await request(tx.objectStore('meta').get(ACTIVE))) as string | undefined;
    for (const r of all.filter((r) => r.deletedAt)) {
      tx.objectStore('versions').delete(versionsOf(r.id));
      tx.objectStore('assessments').delete(r.id);
      if (active === r.id) tx.objectStore('meta').delete(ACTIVE);
    }
    await done;
    await this.collectFiles();
  }

  /** Deletes the files no version names. */
  async collectFiles(): Promise<void> {
    const tx = this.db.transaction(['versions', 'files'], 'readwrite');
    const done = committed(tx);
    const versions = (await request(tx.objectStore('versions').getAll())) as StoredVersion[];
    const used = new Set(versions.flatMap((v) => v.snapshot.sources.flatMap((s) => s.files.map((f) => f.key))));
    const keys = (await request(tx.objectStore('files').getAllKeys())) as string[];
    for (const key of keys) {
      if (!used.has(key)) {
        tx.objectStore('files').delete(key);
        storedKeys.delete(key);
      }
    }
    await done;
  }

  /** What the browser lets this page keep, when it says. */
  static async estimate(): Promise<{ usage: number; quota: number } | null> {
    try {
      const e = await navigator.storage?.estimate?.();
      return e && typeof e.usage === 'number' && typeof e.quota === 'number' ? { usage: e.usage, quota: e.quota } : null;
    } catch {
      return null;
    }
  }

  async #update(id: string, change: (r: SavedAssessment) => SavedAssessment): Promise<void> {
    const tx = this.db.transaction('assessments', 'readwrite');
    const done = committed(tx);
    const record = (await request(tx.objectStore('assessments').get(id))) as SavedAssessment | undefined;
    if (!record) throw new Error('this assessment is no longer saved');
    tx.objectStore('assessments').put(change(record));
    await done;
  }
}

/** The snapshot as stored: file bytes replaced by keys, and the bytes not stored yet. */
function storedSnapshot(snapshot: StateSnapshot): { stored: StoredVersion['snapshot']; newFiles: [string, Blob][] } {
  const newFiles: [string, Blob][] = [];
  const sources: StoredSource[] = snapshot.sources.map((source) => ({
    ...source,
    files: source.files.map((file) => {
      if (source.demo) return { name: file.name, key: null, size: file.bytes.byteLength };
      let key = fileKeys.get(file.bytes);
      if (!key) {
        key = newId();
        fileKeys.set(file.bytes, key);
      }
      if (!storedKeys.has(key) && !newFiles.some(([k]) => k === key)) {
        // As a Blob: the browser writes its bytes in the background, where a Uint8Array would
        // be copied on the page's thread inside `put` (0.3 s for a million deployments). The
        // File the user picked needs no copy at all.
        newFiles.push([key, originOf(file.bytes) ?? new Blob([file.bytes as Uint8Array<ArrayBuffer>])]);
      }
      return { name: file.name, key, size: file.bytes.byteLength };
    }),
  }));
  return { stored: { ...snapshot, sources }, newFiles };
}
