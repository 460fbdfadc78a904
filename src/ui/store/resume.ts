/**
 * Continuing a run saved in the journal (after a reload or a crash).
 *
 * The journal's actions are the source of truth; the engine's latest snapshot (if one was saved,
 * storage/recorder.ts) only saves re-simulating from the start. The snapshot holds the engine's
 * whole state at its moment, including every action dispatched before it — applied, or still
 * queued for a later tick — and its record says how many of the journal's actions those are
 * (`actionCount`). So the run is restored from the snapshot, only the actions after those are
 * dispatched, and the engine moves on to the journal's sim time: the same state, byte for byte,
 * as a run that was never interrupted (the engine gives the same log however `advanceTo` is split
 * and whenever an action is dispatched before its time).
 *
 * A snapshot that cannot be used — missing, corrupt, of another scenario, seed or engine version,
 * later than the journal, or holding actions the journal doesn't have — is ignored, and the run is
 * re-simulated from its actions as before. Continuing never fails because of a snapshot.
 */
import { Sim, canonicalJson, type ActionInput, type Scenario, type Snapshot } from '../../engine';
import type { SnapshotRecord } from '../storage/journal';
import { browserClock, LiveRun, type Clock } from './run';

export interface SavedRun {
  seed: number;
  /** Sim time the journal reached (ms). */
  simMs: number;
  actions: readonly ActionInput[];
}

/** The sim time to continue from: what the journal saved, and never before its last action. */
export function resumeTime(saved: SavedRun, durationMs: number): number {
  const t = saved.actions.reduce((m, a) => Math.max(m, a.t), saved.simMs);
  return Math.max(0, Math.min(Math.floor(t), durationMs));
}

/** The engine restored from the snapshot, or why it can't be used for this run. */
function fromSnapshot(scenario: Scenario, saved: SavedRun, snap: SnapshotRecord, toMs: number): Sim | string {
  if (!Number.isInteger(snap.actionCount) || snap.actionCount < 0 || snap.actionCount > saved.actions.length) {
    return `the snapshot holds ${String(snap.actionCount)} actions, the journal ${saved.actions.length}`;
  }
  if (!(snap.simMs <= toMs)) return `the snapshot (${String(snap.simMs)} ms) is later than the journal (${toMs} ms)`;
  const last = snap.actionCount > 0 ? canonicalJson(saved.actions[snap.actionCount - 1]) : null;
  if (last !== snap.lastAction) return 'the snapshot holds other actions than the journal';
  let sim: Sim;
  try {
    sim = Sim.restore(scenario, JSON.parse(snap.text) as Snapshot);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (sim.seed !== saved.seed) return `the snapshot is of seed ${sim.seed}, not ${saved.seed}`;
  if (sim.now !== snap.simMs) return `the snapshot is at ${sim.now} ms, its record says ${String(snap.simMs)} ms`;
  if (sim.finished) return 'the snapshot is of an ended run';
  return sim;
}

/**
 * A LiveRun continuing `saved` at its sim time (not started yet): from `snapshot` when it fits
 * the run, else re-simulated from the actions. `run.origin` says which, and why not.
 */
export function continueRun(scenario: Scenario, saved: SavedRun, snapshot?: SnapshotRecord | null, clock: Clock = browserClock): LiveRun {
  const toMs = resumeTime(saved, Math.round(scenario.meta.durationSec * 1000));
  let reason: string | undefined;
  if (snapshot) {
    let sim: Sim | string;
    try {
      sim = fromSnapshot(scenario, saved, snapshot, toMs);
    } catch (e) {
      // A record that isn't even shaped like one (a foreign or damaged database).
      sim = e instanceof Error ? e.message : String(e);
    }
    if (typeof sim !== 'string') {
      const run = new LiveRun(scenario, saved.seed, clock, sim);
      run.restore(saved.actions, toMs, snapshot.actionCount);
      run.origin = { from: 'snapshot', snapshotMs: snapshot.simMs, toMs };
      return run;
    }
    reason = sim;
  }
  const run = new LiveRun(scenario, saved.seed, clock);
  run.restore(saved.actions, toMs);
  run.origin = reason ? { from: 'replay', toMs, reason } : { from: 'replay', toMs };
  return run;
}
