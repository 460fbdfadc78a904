/**
 * One live run in the browser: the engine, the loop that drives it from the wall clock,
 * and the record of every action the student took.
 *
 * - Sim time follows wall time × speed: each frame computes the target time from the
 *   wall clock (never by adding up frame deltas, so nothing drifts) and calls
 *   `sim.advanceTo(target)`. The engine never reads a clock; only this loop does.
 * - Every action is stamped with the sim's current time (`sim.now`) when it is dispatched,
 *   and recorded exactly as dispatched: `{ t, type, ...payload }`. The recorded list is a
 *   `livesim/actions@1` action log that `replay()` and `npm run livesim -- run … --actions`
 *   turn into the same event log and digest.
 * - While paused, an action advances the room by one tick (0.1 s) so its effect shows at once;
 *   resuming re-anchors sim time to the wall clock.
 * - A frame is driven by requestAnimationFrame, with a slow timer as a fallback so the room
 *   keeps going when the tab is hidden (browsers stop rAF there).
 */
import { createSim, type Sim } from '../../engine';
import { ACTION_LOG_FORMAT, type ActionBody, type ActionInput } from '../../engine';
import type { Scenario } from '../../engine';
import type { SimEvent } from '../../engine';
import { TICK_MS } from '../../engine';
import type { CommentItem } from './types';

export interface Clock {
  now(): number;
  requestFrame(cb: () => void): number;
  cancelFrame(id: number): void;
  setInterval(cb: () => void, ms: number): number;
  clearInterval(id: number): void;
}

export const browserClock: Clock = {
  now: () => performance.now(),
  requestFrame: (cb) => requestAnimationFrame(cb),
  cancelFrame: (id) => cancelAnimationFrame(id),
  setInterval: (cb, ms) => window.setInterval(cb, ms),
  clearInterval: (id) => window.clearInterval(id),
};

export interface Frame {
  /** Events the engine logged since the previous frame, oldest first. */
  events: readonly SimEvent[];
  /** Display-only comments injected by the UI benchmark (never part of the engine's log). */
  synthetic: readonly CommentItem[];
  /** Wall time of this frame (ms, performance.now()). */
  wall: number;
  /** Wall time since the previous frame. */
  dtWall: number;
}

export interface FrameListener {
  frame(run: LiveRun, frame: Frame): void;
}

/** How a continued run got its state: from the engine's saved snapshot, or re-simulated from its actions. */
export type RunOrigin =
  | { from: 'snapshot'; snapshotMs: number; toMs: number }
  /** `reason`: why a saved snapshot was not used (none: there was none). */
  | { from: 'replay'; toMs: number; reason?: string };

export interface ActionLog {
  format: typeof ACTION_LOG_FORMAT;
  scenario: string;
  seed: number;
  actions: ActionInput[];
}

/** Loop measurements, for the UI benchmark and docs/ui.md. */
export interface LoopStats {
  frames: number;
  /** Time spent inside sim.advanceTo per frame. */
  engineMsTotal: number;
  engineMsMax: number;
  engineSamples: number[];
  /** How far sim time trailed the wall-clock target after a frame (ms of sim time). */
  lagMsMax: number;
  lagMsLast: number;
}

const FALLBACK_INTERVAL_MS = 250;
const MAX_ENGINE_SAMPLES = 20000;

export class LiveRun {
  readonly sim: Sim;
  readonly actions: ActionInput[] = [];
  speed = 1;
  paused = false;
  readonly stats: LoopStats = { frames: 0, engineMsTotal: 0, engineMsMax: 0, engineSamples: [], lagMsMax: 0, lagMsLast: 0 };

  private anchorWall = 0;
  private anchorSim = 0;
  /** Re-anchor sim time to the wall clock at the next frame (after start, resume, a speed change). */
  private anchorPending = true;
  private cursor = 0;
  private lastWall = 0;
  private rafId = 0;
  private intervalId = 0;
  private running = false;
  private finishedNotified = false;
  private pendingSynthetic: CommentItem[] = [];
  private listeners = new Set<FrameListener>();
  private finishHandlers = new Set<() => void>();
  private actionHandlers = new Set<(action: ActionInput) => void>();

  /** Where a continued run's state came from (store/resume.ts); null for a run started afresh. */
  origin: RunOrigin | null = null;

  /**
   * A class exam's clock (src/ui/hub/student): the sim time the run must be at now, from the hub's
   * clock. Set, it replaces wall time × speed, and a run that fell behind (a reload, a hidden tab)
   * catches up to it. Null: practice, the wall clock × speed.
   */
  follow: (() => number) | null = null;

  /** `sim`: an engine to go on with (restored from a snapshot) instead of a fresh one. */
  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    private readonly clock: Clock = browserClock,
    sim?: Sim,
  ) {
    this.sim = sim ?? createSim(scenario, { seed });
  }

  // ------------------------------------------------------------------ loop

  start(): void {
    if (this.running) return;
    this.running = true;
    this.anchorPending = true;
    this.anchorSim = this.sim.now;
    this.lastWall = this.clock.now();
    this.rafId = this.clock.requestFrame(this.onAnimationFrame);
    this.intervalId = this.clock.setInterval(this.onInterval, FALLBACK_INTERVAL_MS);
  }

  stop(): void {
    this.running = false;
    this.clock.cancelFrame(this.rafId);
    this.clock.clearInterval(this.intervalId);
  }

  get isRunning(): boolean {
    return this.running;
  }

  private onAnimationFrame = (): void => {
    if (!this.running) return;
    this.frame();
    if (this.running) this.rafId = this.clock.requestFrame(this.onAnimationFrame);
  };

  private onInterval = (): void => {
    // Only when animation frames have stopped coming (hidden tab).
    if (this.running && this.clock.now() - this.lastWall > FALLBACK_INTERVAL_MS * 0.8) this.frame();
  };

  /** The sim time the wall clock asks for now (fractional ms, capped at the end of the run). */
  targetTime(wall = this.clock.now()): number {
    if (this.paused || this.sim.finished) return this.sim.now;
    if (this.follow) return Math.min(this.sim.durationMs, Math.max(this.sim.now, this.follow()));
    if (this.anchorPending) return this.anchorSim;
    return Math.min(this.sim.durationMs, this.anchorSim + (wall - this.anchorWall) * this.speed);
  }

  /** Advance the engine to the wall clock and hand the new events to the listeners. */
  frame(): void {
    const wall = this.clock.now();
    const dtWall = this.lastWall > 0 ? wall - this.lastWall : 0;
    this.lastWall = wall;
    if (this.anchorPending && !this.paused) {
      // Sim time starts moving from this frame: anchoring on frames (not on clicks) keeps the
      // relation between frames and ticks the same on every run under a test clock.
      this.anchorWall = wall;
      this.anchorPending = false;
    }
    if (!this.paused && !this.sim.finished) {
      const target = this.targetTime(wall);
      const t0 = this.clock.now();
      this.sim.advanceTo(Math.floor(target));
      const ms = this.clock.now() - t0;
      const s = this.stats;
      s.engineMsTotal += ms;
      if (ms > s.engineMsMax) s.engineMsMax = ms;
      if (s.engineSamples.length < MAX_ENGINE_SAMPLES) s.engineSamples.push(ms);
      s.lagMsLast = this.sim.finished ? 0 : target - this.sim.now;
      if (s.lagMsLast > s.lagMsMax) s.lagMsMax = s.lagMsLast;
    }
    this.stats.frames++;
    this.deliver(wall, dtWall);
    if (this.sim.finished && !this.finishedNotified) {
      this.finishedNotified = true;
      this.stop();
      for (const h of this.finishHandlers) h();
    }
  }

  /** Hand pending events to the listeners now, without moving sim time (after a click). */
  refresh(): void {
    this.deliver(this.clock.now(), 0);
  }

  private deliver(wall: number, dtWall: number): void {
    const log = this.sim.log;
    const events = this.cursor < log.length ? log.slice(this.cursor) : [];
    this.cursor = log.length;
    const synthetic = this.pendingSynthetic;
    this.pendingSynthetic = [];
    const frame: Frame = { events, synthetic, wall, dtWall };
    for (const l of this.listeners) l.frame(this, frame);
  }

  private rebase(): void {
    this.anchorSim = this.sim.now;
    this.anchorPending = true;
  }

  // ------------------------------------------------------------------ practice controls

  setSpeed(speed: number): void {
    if (!(speed > 0)) return;
    const target = this.targetTime();
    this.speed = speed;
    this.anchorSim = Math.max(this.sim.now, target);
    this.anchorPending = true;
  }

  pause(): void {
    if (this.paused) return;
    // Catch up to the wall clock first, so pausing never loses time already shown.
    if (!this.sim.finished) this.sim.advanceTo(Math.floor(this.targetTime()));
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.rebase();
  }

  // ------------------------------------------------------------------ actions

  /**
   * Dispatch an action now: stamped with the sim's current time, recorded, queued in the
   * engine. Returns the recorded action, or null once the run has ended.
   */
  dispatch(body: ActionBody): ActionInput | null {
    if (this.sim.finished) return null;
    const action = { t: this.sim.now, ...structuredClone(body) } as ActionInput;
    this.actions.push(action);
    this.sim.dispatch({ ...action });
    for (const h of this.actionHandlers) h(action);
    if (this.paused) {
      this.sim.advanceTo(this.sim.now + TICK_MS);
      this.rebase();
      this.refresh();
    }
    return action;
  }

  /**
   * Continue a saved run (storage/journal.ts) before start(): its actions are recorded and
   * queued again and the engine re-simulates up to `toMs` — the same events, since the engine
   * is deterministic. Sim time then moves on from there.
   *
   * `contained`: how many of the first actions the engine already holds (it was restored from a
   * snapshot taken after they were dispatched); those are recorded but not dispatched again.
   */
  restore(actions: readonly ActionInput[], toMs: number, contained = 0): void {
    actions.forEach((a, i) => {
      const copy = { ...a };
      this.actions.push(copy);
      if (i >= contained) this.sim.dispatch({ ...copy });
    });
    this.sim.advanceTo(Math.max(0, Math.min(Math.floor(toMs), this.sim.durationMs)));
    this.rebase();
  }

  /** The action log of this run (`livesim/actions@1`, docs/formats.md). */
  actionLog(): ActionLog {
    return { format: ACTION_LOG_FORMAT, scenario: this.scenario.meta.id, seed: this.seed, actions: this.actions.map((a) => ({ ...a })) };
  }

  // ------------------------------------------------------------------ listeners

  subscribe(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with each action as it is recorded (the run journal saves it at once). */
  onAction(handler: (action: ActionInput) => void): () => void {
    this.actionHandlers.add(handler);
    return () => this.actionHandlers.delete(handler);
  }

  onFinish(handler: () => void): () => void {
    this.finishHandlers.add(handler);
    return () => this.finishHandlers.delete(handler);
  }

  /** Display-only comments (the UI benchmark's load). They never reach the engine or the action log. */
  injectSynthetic(items: CommentItem[]): void {
    for (const c of items) this.pendingSynthetic.push(c);
  }
}
