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
 * Next to it, the engine's latest snapshot of the run (store `snapshots`, same key), so that a
 * resumed run starts from there instead of re-simulating from the start (store/resume.ts). The
 * actions stay the source of truth: a snapshot is only a shortcut, and one that is missing,
 * corrupt or of another engine is ignored.
 *
 * Database `livesim-journal`, version 2, object stores `runs` and `snapshots` (key `id`).
 * Version 1 had `runs` only; the upgrade adds `snapshots` and keeps the runs. docs/review.md.
 */
import type { ActionInput } from '../../engine';

export const JOURNAL_DB = 'livesim-journal';
const VERSION = 2;
const STORE = 'runs';
const SNAPSHOTS = 'snapshots';

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

/** The engine's latest snapshot of a run in progress (one per run: a newer one replaces it). */
export interface SnapshotRecord {
  /** The run's id (the journal entry's key). */
  id: string;
  /** Sim time of the snapshot (ms). */
  simMs: number;
  /**
   * How many of the journal's actions the snapshot already holds, applied or still queued: the
   * first `actionCount` of `JournalEntry.actions`. A resumed run dispatches only the rest.
   */
  actionCount: number;
  /** The last of those actions as JSON text, to check the journal's actions are the ones it holds. */
  lastAction: string | null;
  /** Wall clock (ms since 1970). */
  savedAt: number;
  /** `Sim.snapshot()` as JSON text (cheaper for IndexedDB to copy than the object tree). */
  text: string;
}

let dbPromise: Promise<IDBDatabase> | null = null;

function idb(): IDBFactory | null {
  return typeof indexedDB === 'undefined' ? null : indexedDB;
}

function open(): Promise<IDBDatabase> {
  if (dbPromise) return dbPromise;
  const factory = idb();
  if (!factory) return Promise.reject(new Error('IndexedDB is not available'));
  const opening: Promise<IDBDatabase> = new Promise((resolve, reject) => {
    let settled = false;
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(JOURNAL_DB, VERSION);
    } catch (e) {
      // Some private modes refuse at once.
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    const forget = () => {
      if (dbPromise === opening) dbPromise = null;
    };
    req.onupgradeneeded = () => {
      // Version 1 → 2 adds the snapshots store; the runs in progress stay as they are.
      const db = req.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(SNAPSHOTS)) db.createObjectStore(SNAPSHOTS, { keyPath: 'id' });
    };
    req.onblocked = () => {
      // An older version of the app in another tab holds the database open: say so now (the
      // writer retries); if it opens later, the connection is closed again (the retry reopens).
      settled = true;
      forget();
      const e = new Error('the run journal is blocked by another tab of an older version of livesim; close it');
      e.name = 'BlockedError';
      reject(e);
    };
    req.onsuccess = () => {
      const db = req.result;
      if (settled) {
        db.close();
        return;
      }
      settled = true;
      // Another tab upgrading (a newer app) closes this connection rather than blocking it.
      db.onversionchange = () => {
        db.close();
        forget();
      };
      // The browser closed it (storage cleared, disk error): the next write reopens.
      db.onclose = forget;
      resolve(db);
    };
    req.onerror = () => {
      settled = true;
      forget();
      reject(req.error ?? new Error('cannot open the run journal'));
    };
  });
  dbPromise = opening;
  return opening;
}

function txOn<T>(stores: string[], mode: IDBTransactionMode, work: (t: IDBTransaction) => IDBRequest<T> | void): Promise<T | undefined> {
  return open().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        let t: IDBTransaction;
        try {
          t = db.transaction(stores, mode);
        } catch (e) {
          // A closed connection (InvalidStateError): forget it, so that the next write reopens.
          const cur = dbPromise;
          void cur?.then((d) => {
            if (d === db && dbPromise === cur) dbPromise = null;
          });
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        let req: IDBRequest<T> | void;
        try {
          req = work(t);
        } catch (e) {
          // A request refused at once (a value that can't be stored): none of the transaction's writes land.
          t.abort();
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        t.oncomplete = () => resolve(req ? req.result : undefined);
        t.onerror = () => reject(t.error ?? new Error('run journal transaction failed'));
        t.onabort = () => reject(t.error ?? new Error('run journal transaction aborted'));
      }),
  );
}

function tx<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return txOn([STORE], mode, (t) => work(t.objectStore(STORE)));
}

export function putEntry(entry: JournalEntry): Promise<void> {
  return tx('readwrite', (s) => void s.put(entry)).then(() => undefined);
}

/** Remove a run and its snapshot. */
export function deleteEntry(id: string): Promise<void> {
  return txOn([STORE, SNAPSHOTS], 'readwrite', (t) => {
    t.objectStore(STORE).delete(id);
    t.objectStore(SNAPSHOTS).delete(id);
  }).then(() => undefined);
}

/**
 * Write a snapshot together with the journal entry it belongs to, in one transaction: both are
 * on disk or neither, so the journal's sim time and actions are never behind a saved snapshot.
 * Committed at once (not when the event loop next turns), so a write started on `pagehide` lands.
 */
export function putSnapshot(entry: JournalEntry, snap: SnapshotRecord): Promise<void> {
  return txOn([STORE, SNAPSHOTS], 'readwrite', (t) => {
    t.objectStore(STORE).put(entry);
    t.objectStore(SNAPSHOTS).put(snap);
    t.commit?.();
  }).then(() => undefined);
}

/** The latest snapshot of a run, if one was saved. */
export function getSnapshot(id: string): Promise<SnapshotRecord | undefined> {
  return txOn<SnapshotRecord | undefined>([SNAPSHOTS], 'readonly', (t) => t.objectStore(SNAPSHOTS).get(id) as IDBRequest<SnapshotRecord | undefined>);
}

/** One run in progress, as it is on disk now (a tab taking a run over reads it fresh). */
export function getEntry(id: string): Promise<JournalEntry | undefined> {
  return tx<JournalEntry | undefined>('readonly', (s) => s.get(id) as IDBRequest<JournalEntry | undefined>);
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

/** A copy to hand to IndexedDB (the live entry goes on changing while the write is queued). */
export function copyEntry(entry: JournalEntry): JournalEntry {
  return { ...entry, actions: entry.actions.slice(), plan: entry.plan.slice() };
}

/** What the writer has managed to put on disk (for the storage banner and the end screen). */
export interface WriterStatus {
  /** Why the last write failed (`QuotaExceededError: …`), or null: the newest state is on disk or on its way. */
  error: string | null;
  /** The error's name (`QuotaExceededError`, `InvalidStateError`, `BlockedError`, …), for the message shown. */
  errorName: string | null;
  /** Everything asked for so far is on disk. */
  synced: boolean;
}

/** Waits between retries after a failed write: 1 s, 2 s, 4 s … up to 30 s. */
export const RETRY_MIN_MS = 1000;
export const RETRY_MAX_MS = 30_000;

export interface WriterOptions {
  /** Timers (tests pass their own). */
  setTimeout?: (cb: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
}

/**
 * Writes one entry, coalescing: at most one write in flight; changes made meanwhile are
 * written right after it (the newest state wins). `flush()` resolves when everything
 * asked for so far is on disk, or the last attempt failed.
 *
 * A failed write (a full disk, private mode, a blocked or closed database) is never swallowed:
 * `status.error` says why, listeners hear it at once, the entry stays whole in memory, and the
 * write is retried — on a timer with backoff (1 s doubling to 30 s) and whenever `retry()` is
 * called (the page becoming visible or hidden again) — until one lands; then the error clears.
 */
export class JournalWriter {
  private inFlight: Promise<void> | null = null;
  private dirty = false;
  private stopped = false;
  private failures = 0;
  private timer: unknown = null;
  private readonly listeners = new Set<(s: WriterStatus) => void>();
  private readonly timers: Required<WriterOptions>;
  readonly status: WriterStatus = { error: null, errorName: null, synced: false };

  constructor(
    readonly entry: JournalEntry,
    opts: WriterOptions = {},
  ) {
    this.timers = {
      setTimeout: opts.setTimeout ?? ((cb, ms) => setTimeout(cb, ms)),
      clearTimeout: opts.clearTimeout ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>)),
    };
  }

  /** The last error, if the newest state could not be written (null once a retry succeeds). */
  get error(): string | null {
    return this.status.error;
  }

  /** Hear every change of `status`; returns the unsubscribe. */
  subscribe(listener: (s: WriterStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  save(): void {
    if (this.stopped) return;
    this.dirty = true;
    this.setStatus({ synced: false });
    // While failing, the retry timer writes the newest state; a save does not hammer the disk.
    if (!this.inFlight && this.timer === null) this.pump();
  }

  /** Try a failed write again now (the page came back, space may have been freed). */
  retry(): void {
    if (this.stopped || this.status.error === null || this.inFlight) return;
    this.clearTimer();
    this.dirty = true;
    this.pump();
  }

  private setStatus(patch: Partial<WriterStatus>): void {
    const s = this.status;
    const changed = (Object.keys(patch) as (keyof WriterStatus)[]).some((k) => s[k] !== patch[k]);
    if (!changed) return;
    Object.assign(s, patch);
    for (const l of this.listeners) l(s);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (!this.dirty || this.stopped) {
      this.inFlight = null;
      if (!this.dirty && this.status.error === null) this.setStatus({ synced: true });
      return;
    }
    this.dirty = false;
    this.entry.updatedAt = Date.now();
    this.inFlight = putEntry(copyEntry(this.entry)).then(
      () => {
        this.failures = 0;
        this.setStatus({ error: null, errorName: null });
        this.pump();
      },
      (e: unknown) => {
        // Kept in memory: the newest state is written by the next attempt.
        this.dirty = true;
        this.inFlight = null;
        this.failures++;
        this.setStatus({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), errorName: e instanceof Error ? e.name : 'Error', synced: false });
        if (this.stopped) return;
        const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.failures - 1));
        this.timer = this.timers.setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
      },
    );
  }

  /** Resolves when nothing is being written: true when everything asked for is on disk, false after a failed attempt. */
  async flush(): Promise<boolean> {
    while (this.inFlight) await this.inFlight;
    return this.status.error === null && !this.dirty;
  }

  /** Stop writing (the run was archived, discarded, or moved to another tab). */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}
