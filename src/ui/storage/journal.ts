/**
 * The run journal: the run in progress, saved to IndexedDB as it happens.
 *
 * This is the only storage code in the live room's JavaScript, so it uses the bare
 * IndexedDB API (a few hundred bytes) instead of dexie (~30 KB gzipped, loaded with the
 * history and review screens). One record per run in progress: the scenario and its hash,
 * the seed, the engine version and every action as it is taken, plus the sim time reached
 * (written at least once a second of wall time). A reload or a crash loses at most the last
 * second; `resumeRun` in session.ts continues from the record. When the run ends, the
 * history (storage/history.ts) archives the record and removes it from here.
 *
 * Database `livesim-journal`, version 1, object store `runs` (key `id`). docs/review.md.
 */
import type { ActionInput } from '../../engine';

export const JOURNAL_DB = 'livesim-journal';
const VERSION = 1;
const STORE = 'runs';

export interface JournalEntry {
  id: string;
  scenarioId: string;
  scenarioHash: string;
  seed: number;
  engineVersion: string;
  mode: 'practice' | 'exam';
  /** The student's run of show (segment ids, in their order). */
  plan: string[];
  /** Where the student was in the run of show (UI state, see docs/ui.md "Engine requests"). */
  segment?: { index: number; startedAt: number[] };
  /** Wall-clock times (ms since 1970). */
  startedAt: number;
  updatedAt: number;
  /** Sim time reached (ms). */
  simMs: number;
  /**
   * `live`: in progress, or interrupted by a reload or a crash (offered for resuming);
   * `finished`: ended; `stopped`: restarted or given up. The last two wait to be archived.
   */
  status: 'live' | 'finished' | 'stopped';
  actions: ActionInput[];
}

let dbPromise: Promise<IDBDatabase> | null = null;

function idb(): IDBFactory | null {
  return typeof indexedDB === 'undefined' ? null : indexedDB;
}

function open(): Promise<IDBDatabase> {
  if (dbPromise) return dbPromise;
  const factory = idb();
  if (!factory) return Promise.reject(new Error('IndexedDB is not available'));
  dbPromise = new Promise((resolve, reject) => {
    const req = factory.open(JOURNAL_DB, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'id' });
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading (a newer app) closes this connection rather than blocking it.
      db.onversionchange = () => {
        db.close();
        dbPromise = null;
      };
      resolve(db);
    };
    req.onerror = () => {
      dbPromise = null;
      reject(req.error ?? new Error('cannot open the run journal'));
    };
  });
  return dbPromise;
}

function tx<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return open().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        const t = db.transaction(STORE, mode);
        const req = work(t.objectStore(STORE));
        t.oncomplete = () => resolve(req ? req.result : undefined);
        t.onerror = () => reject(t.error ?? new Error('run journal transaction failed'));
        t.onabort = () => reject(t.error ?? new Error('run journal transaction aborted'));
      }),
  );
}

export function putEntry(entry: JournalEntry): Promise<void> {
  return tx('readwrite', (s) => void s.put(entry)).then(() => undefined);
}

export function deleteEntry(id: string): Promise<void> {
  return tx('readwrite', (s) => void s.delete(id)).then(() => undefined);
}

/** Every record, newest first. Resolves to [] where IndexedDB is unavailable. */
export function listEntries(): Promise<JournalEntry[]> {
  if (!idb()) return Promise.resolve([]);
  return tx<JournalEntry[]>('readonly', (s) => s.getAll() as IDBRequest<JournalEntry[]>).then((r) => (r ?? []).sort((a, b) => b.updatedAt - a.updatedAt));
}

/** For tests: forget the cached connection (after fake-indexeddb is reset). */
export function closeJournal(): void {
  void dbPromise?.then((db) => db.close());
  dbPromise = null;
}

export function newRunId(now: number): string {
  const rnd = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : Math.floor(Math.random() * 1e8).toString(16);
  return `${now.toString(36)}-${rnd}`;
}

/**
 * Writes one entry, coalescing: at most one write in flight; changes made meanwhile are
 * written right after it (the newest state wins). `flush()` resolves when everything
 * asked for so far is on disk.
 */
export class JournalWriter {
  private inFlight: Promise<void> | null = null;
  private dirty = false;
  private stopped = false;
  /** The last error, if a write failed (shown on the end screen; the run itself goes on). */
  error: string | null = null;

  constructor(readonly entry: JournalEntry) {}

  save(): void {
    if (this.stopped) return;
    this.dirty = true;
    if (!this.inFlight) this.pump();
  }

  private pump(): void {
    if (!this.dirty) {
      this.inFlight = null;
      return;
    }
    this.dirty = false;
    this.entry.updatedAt = Date.now();
    const snapshot: JournalEntry = { ...this.entry, actions: this.entry.actions.slice(), plan: this.entry.plan.slice() };
    this.inFlight = putEntry(snapshot)
      .catch((e: unknown) => {
        this.error = e instanceof Error ? e.message : String(e);
      })
      .then(() => this.pump());
  }

  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** Stop writing (the run was archived or discarded). */
  stop(): void {
    this.stopped = true;
  }
}
