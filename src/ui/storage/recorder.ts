/**
 * Saves the run in progress to the journal (journal.ts) as it happens: the run's start
 * (scenario, hash, seed, engine version, plan), every action the moment it is taken, and
 * the sim time reached at least once a second of wall time, so a reload or a crash loses at
 * most the last second. Part of the live room's JavaScript: keep it small (no dexie here).
 *
 * Now and then it also saves the engine's snapshot, so that continuing the run restores it
 * instead of re-simulating from the start (store/resume.ts): every 30 s of sim time (at most
 * once per 3 s of wall time, taken when the browser is idle, never inside a frame, one write at
 * a time) and when the page is hidden or goes away. Only the latest is kept. A snapshot that
 * can't be saved (a full disk) changes nothing else: the actions stay the source of truth.
 *
 * A journal write that fails is retried (journal.ts) on a timer and whenever the page comes back
 * to the foreground or the network returns; `release()` hands the run to another tab (tabs.ts):
 * the last state is written, then this tab never writes the record again.
 */
import type { LiveRun } from '../store/run';
import { ENGINE_VERSION } from '../../engine';
import { canonicalJson, scenarioHash } from '../../engine';
import { copyEntry, JournalWriter, newRunId, putSnapshot, type JournalEntry, type SnapshotRecord, type WriterOptions } from './journal';

/** Under a second, so that with a frame's delay the sim time on disk is never more than 1 s of wall time old. */
const HEARTBEAT_MS = 900;
/** Sim time between snapshots. */
export const SNAPSHOT_EVERY_MS = 30_000;
/** Wall time between snapshots, at least (at 16× or more, sim time would ask for several a second). */
export const SNAPSHOT_MIN_WALL_MS = 3_000;

export interface SnapshotStatus {
  /** The latest snapshot that is on disk (its write committed), if any; `bytes`: its JSON text's length. */
  saved: { simMs: number; actionCount: number; bytes: number } | null;
  /** Why the last snapshot could not be taken or written; null once one is written again. */
  error: string | null;
}

export interface Recording {
  readonly entry: JournalEntry;
  readonly writer: JournalWriter;
  readonly snapshots: SnapshotStatus;
  /**
   * Take the engine's snapshot now and write it with the entry. Resolves when the write is done
   * (check `snapshots` for how it went); at once when the run is not live or nothing changed since
   * the last snapshot.
   */
  snapshot(): Promise<void>;
  /** Mark the run stopped (restarted or abandoned): archived to the history, never offered for resuming. */
  stop(): void;
  /**
   * The run moves to another tab: stop recording, write the last state (snapshot and journal,
   * still `live`), then never write again. Resolves when the writes are done (or have failed:
   * `writer.status` says which).
   */
  release(): Promise<void>;
  /** Released to another tab: this tab no longer writes the run. */
  readonly moved: boolean;
}

let current: Recording | null = null;

/** The recording of the run on screen (or just ended), if any. */
export function currentRecording(): Recording | null {
  return current;
}

export interface RecordOptions {
  mode: 'practice' | 'exam';
  plan: string[];
  /** The run-of-show position, read at each heartbeat. */
  segment: () => JournalEntry['segment'];
  /** Continue an existing journal record (after a reload) instead of starting a new one. */
  resume?: JournalEntry;
  /** Run `cb` when the browser is idle (default: requestIdleCallback; tests pass their own). */
  idle?: (cb: () => void) => void;
  /** Call `cb` when the page is hidden or goes away; returns the unsubscribe (default: visibilitychange and pagehide). */
  onHide?: (cb: () => void) => () => void;
  /** Call `cb` when a failed write is worth trying again now; returns the unsubscribe (default: visibilitychange, focus, online). */
  onWake?: (cb: () => void) => () => void;
  /** Timers for the writer's retries (tests pass their own). */
  timers?: WriterOptions;
}

function browserIdle(cb: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(cb, { timeout: 2000 });
  else setTimeout(cb, 0);
}

function browserOnHide(cb: () => void): () => void {
  if (typeof document === 'undefined' || typeof addEventListener !== 'function') return () => undefined;
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') cb();
  };
  document.addEventListener('visibilitychange', onVisibility);
  addEventListener('pagehide', cb);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    removeEventListener('pagehide', cb);
  };
}

function browserOnWake(cb: () => void): () => void {
  if (typeof document === 'undefined' || typeof addEventListener !== 'function') return () => undefined;
  document.addEventListener('visibilitychange', cb);
  addEventListener('focus', cb);
  addEventListener('online', cb);
  return () => {
    document.removeEventListener('visibilitychange', cb);
    removeEventListener('focus', cb);
    removeEventListener('online', cb);
  };
}

const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export function recordRun(run: LiveRun, opts: RecordOptions): Recording {
  if (current && current.entry.status === 'live') current.stop();
  const now = Date.now();
  const entry: JournalEntry = opts.resume
    ? { ...opts.resume, actions: run.actions.map((a) => ({ ...a })), status: 'live', simMs: run.sim.now }
    : {
        id: newRunId(now),
        scenarioId: run.scenario.meta.id,
        scenarioHash: scenarioHash(run.scenario),
        seed: run.seed,
        engineVersion: ENGINE_VERSION,
        mode: opts.mode,
        plan: opts.plan.slice(),
        startedAt: now,
        updatedAt: now,
        simMs: 0,
        status: 'live',
        actions: [],
      };
  const writer = new JournalWriter(entry, opts.timers);
  let moved = false;
  let lastBeat = -Infinity;

  const snapshots: SnapshotStatus = { saved: null, error: null };
  /** The state of the last snapshot taken (being written, or written, or failed). */
  let taken = { simMs: run.sim.now, count: run.actions.length };
  /** Wall time of the last frame seen and of the last snapshot taken (periodic or on hiding). */
  let lastWall = -Infinity;
  let lastSnapWall = -Infinity;
  let idlePending = false;
  let inFlight: Promise<void> | null = null;
  const snapshot = (): Promise<void> => {
    const simMs = run.sim.now;
    const count = run.actions.length;
    if (entry.status !== 'live' || run.sim.finished || moved) return Promise.resolve();
    if (simMs === taken.simMs && count === taken.count) return inFlight ?? Promise.resolve();
    taken = { simMs, count };
    lastSnapWall = lastWall;
    let rec: SnapshotRecord;
    try {
      // The engine holds exactly the run's actions; the journal holds the same ones (onAction below).
      if (entry.actions.length !== count) throw new Error(`the journal has ${entry.actions.length} actions, the run ${count}`);
      const text = JSON.stringify(run.sim.snapshot());
      rec = { id: entry.id, simMs, actionCount: count, lastAction: count > 0 ? canonicalJson(entry.actions[count - 1]) : null, savedAt: Date.now(), text };
    } catch (e) {
      snapshots.error = message(e);
      return Promise.resolve();
    }
    entry.simMs = simMs;
    entry.segment = opts.segment();
    entry.updatedAt = rec.savedAt;
    const write: Promise<void> = putSnapshot(copyEntry(entry), rec).then(
      () => {
        if (!snapshots.saved || snapshots.saved.simMs <= simMs) snapshots.saved = { simMs, actionCount: count, bytes: rec.text.length };
        snapshots.error = null;
      },
      (e: unknown) => {
        // Nothing of it is on disk (one transaction); the entry goes by its usual small write.
        snapshots.error = message(e);
        writer.save();
      },
    );
    inFlight = write;
    void write.then(() => {
      if (inFlight === write) inFlight = null;
    });
    return write;
  };

  const unsubs = [
    run.onAction((a) => {
      entry.actions.push({ ...a });
      entry.simMs = run.sim.now;
      writer.save();
    }),
    run.subscribe({
      frame: (r, f) => {
        lastWall = f.wall;
        if (entry.status !== 'live') return;
        if (!idlePending && !inFlight && r.sim.now - taken.simMs >= SNAPSHOT_EVERY_MS && f.wall - lastSnapWall >= SNAPSHOT_MIN_WALL_MS) {
          // Not in this frame: when the browser next has nothing to do.
          idlePending = true;
          (opts.idle ?? browserIdle)(() => {
            idlePending = false;
            void snapshot();
          });
        }
        if (f.wall - lastBeat < HEARTBEAT_MS) return;
        lastBeat = f.wall;
        entry.simMs = r.sim.now;
        entry.segment = opts.segment();
        writer.save();
      },
    }),
    // The page may not come back: save where the run is now (one synchronous snapshot, then the write).
    (opts.onHide ?? browserOnHide)(() => {
      if (entry.status !== 'live') return;
      void snapshot();
      entry.simMs = run.sim.now;
      entry.segment = opts.segment();
      writer.save();
    }),
    (opts.onWake ?? browserOnWake)(() => writer.retry()),
    run.onFinish(() => {
      entry.simMs = run.sim.now;
      entry.segment = opts.segment();
      entry.status = 'finished';
      writer.save();
      unsubscribe();
    }),
  ];
  const unsubscribe = () => {
    for (const u of unsubs) u();
  };
  const rec: Recording = {
    entry,
    writer,
    snapshots,
    snapshot,
    get moved() {
      return moved;
    },
    async release() {
      if (moved) return;
      unsubscribe();
      if (entry.status === 'live') {
        // The last state: a snapshot (so the other tab restores rather than re-simulates) and the record.
        const snap = snapshot();
        entry.simMs = run.sim.now;
        entry.segment = opts.segment();
        writer.save();
        await snap;
      }
      await writer.flush();
      moved = true;
      writer.stop();
    },
    stop() {
      if (entry.status !== 'live' || moved) return;
      unsubscribe();
      entry.simMs = run.sim.now;
      entry.status = 'stopped';
      writer.save();
    },
  };
  current = rec;
  writer.save();
  return rec;
}
