/**
 * Saves the run in progress to the journal (journal.ts) as it happens: the run's start
 * (scenario, hash, seed, engine version, plan), every action the moment it is taken, and
 * the sim time reached at least once a second of wall time, so a reload or a crash loses at
 * most the last second. Part of the live room's JavaScript: keep it small (no dexie here).
 */
import type { LiveRun } from '../store/run';
import { ENGINE_VERSION } from '../../engine';
import { scenarioHash } from '../../engine';
import { JournalWriter, newRunId, type JournalEntry } from './journal';

/** Under a second, so that with a frame's delay the sim time on disk is never more than 1 s of wall time old. */
const HEARTBEAT_MS = 900;

export interface Recording {
  readonly entry: JournalEntry;
  readonly writer: JournalWriter;
  /** Mark the run stopped (restarted or abandoned): archived to the history, never offered for resuming. */
  stop(): void;
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
}

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
  const writer = new JournalWriter(entry);
  let lastBeat = -Infinity;
  const unsubs = [
    run.onAction((a) => {
      entry.actions.push({ ...a });
      entry.simMs = run.sim.now;
      writer.save();
    }),
    run.subscribe({
      frame: (r, f) => {
        if (entry.status !== 'live' || f.wall - lastBeat < HEARTBEAT_MS) return;
        lastBeat = f.wall;
        entry.simMs = r.sim.now;
        entry.segment = opts.segment();
        writer.save();
      },
    }),
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
    stop() {
      if (entry.status !== 'live') return;
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
