/**
 * The simulation: a deterministic function of (scenario, seed, time-stamped actions).
 *
 *   const sim = createSim(scenario, { seed: 7 });
 *   sim.dispatch({ t: 12_000, type: 'show_card', product: 'p1' });
 *   sim.advanceTo(60_000);           // or sim.runToEnd()
 *   sim.log, sim.metrics(), sim.digest(), sim.view(), sim.snapshot()
 *
 * `Sim` is a thin handle: the state is plain data (kernel/state.ts), the tick loop is loop.ts,
 * and what happens in the room is in systems/, incidents/ and actions/.
 */
import type { Scenario } from './scenario/load';
import { scenarioHash } from './scenario/hash';
import type { SimEvent } from './events';
import type { ActionInput } from './actions/registry';
import { digest } from './kernel/log';
import { decode, encode } from './kernel/snapshot';
import { blankDynamicState, STATIC_KEYS, type DynamicState, type World } from './kernel/state';
import { assemble, createWorld } from './init';
import { advanceTo, dispatch, runToEnd } from './loop';
import { endRun } from './systems/room';
import { metrics, type Metrics } from './systems/metrics';
import { buildView, type SimView } from './view';

/**
 * 3.1.0 added the rehearsal script (submit_script). A run stamped 3.0.0 replays as 3.0.0 did: the
 * actions added since are unknown to it (ActionDef.since), so its log stays byte for byte the same.
 * 3.2.0 reads a number before 只 as a count, not a price (1袋2只); a run stamped earlier is read
 * with its own rules (PriceRules).
 */
export const ENGINE_VERSION = '3.2.0';

/**
 * Engine versions whose event logs this engine reproduces byte for byte, apart from the version
 * stamped in `run.start`: a run file made by one of them is replayed with its own version stamp.
 */
export const REPLAYABLE_VERSIONS: readonly string[] = ['3.0.0', '3.1.0', '3.2.0'];

export const SNAPSHOT_FORMAT = 'livesim/snapshot@1';

export interface SimOptions {
  seed: number;
  /** The version stamped in `run.start` (one of REPLAYABLE_VERSIONS); default ENGINE_VERSION. */
  engineVersion?: string;
}

/** A run's state as JSON-serialisable data (`Sim.snapshot()`). */
export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  engineVersion: string;
  scenario: { id: string; hash: string };
  state: unknown;
}

export class Sim {
  /** The world; engine-internal code (bots, tests of the engine) may read it, nobody writes it from outside. */
  private readonly w: World;

  constructor(scenario: Scenario, opts: SimOptions | { world: World }) {
    if ('world' in opts) this.w = opts.world;
    else {
      const version = opts.engineVersion ?? ENGINE_VERSION;
      if (!REPLAYABLE_VERSIONS.includes(version)) throw new Error(`engine ${ENGINE_VERSION} cannot reproduce runs of engine ${version}`);
      this.w = createWorld(scenario, opts.seed, version);
    }
  }

  /** The internal state (read-only by convention: engine-internal code and white-box tests only; the UI reads view()). */
  get state(): Readonly<World> {
    return this.w;
  }

  get scenario(): Scenario {
    return this.w.scenario;
  }
  get seed(): number {
    return this.w.seed;
  }
  get durationMs(): number {
    return this.w.durationMs;
  }
  get lang(): 'zh' | 'en' {
    return this.w.lang;
  }
  /** The event log: append-only; never modify it. */
  get log(): readonly SimEvent[] {
    return this.w.log;
  }
  /** Everything before `now` (ms) has been simulated. */
  get now(): number {
    return this.w.now;
  }
  get finished(): boolean {
    return this.w.finished;
  }
  get status(): World['status'] {
    return this.w.status;
  }
  /** Viewers in the room now. */
  get online(): number {
    return this.w.pool.online;
  }

  /**
   * Queue an action. It is applied when the simulation reaches its time.
   * Returns the sequence number; the outcome (accepted/rejected) appears in the log.
   */
  dispatch(input: ActionInput | Record<string, unknown>): number {
    return dispatch(this.w, input as Record<string, unknown>);
  }

  /** Simulate up to (not including) time `t` ms, in whole ticks. */
  advanceTo(t: number): void {
    advanceTo(this.w, t);
  }

  runToEnd(): void {
    runToEnd(this.w);
  }

  /** End the stream now (as `end_stream` would, without an action). */
  end(reason: 'time' | 'host'): void {
    endRun(this.w, reason);
  }

  metrics(): Metrics {
    return metrics(this.w);
  }

  /** sha256 of the event log (one JSON line per event). */
  digest(): string {
    return digest(this.w);
  }

  private viewCache: { now: number; events: number; view: SimView } | null = null;

  /**
   * What the console shows: a read-only view model. The state changes only as time advances or an
   * event is logged, so the view is rebuilt only then: the room renderer and the console's store
   * both read it every frame.
   */
  view(): SimView {
    const c = this.viewCache;
    if (c && c.now === this.w.now && c.events === this.w.log.length) return c.view;
    const view = buildView(this.w);
    this.viewCache = { now: this.w.now, events: this.w.log.length, view };
    return view;
  }

  /** The whole state as JSON-serialisable data; `Sim.restore` continues it byte for byte. */
  snapshot(): Snapshot {
    const dynamic: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.w)) if (!(STATIC_KEYS as readonly string[]).includes(k)) dynamic[k] = v;
    return { format: SNAPSHOT_FORMAT, engineVersion: ENGINE_VERSION, scenario: { id: this.w.scenario.meta.id, hash: scenarioHash(this.w.scenario) }, state: encode(dynamic) };
  }

  /** Continue a run from `snapshot()` (also after JSON.stringify / JSON.parse). Throws on a snapshot of another scenario or engine. */
  static restore(scenario: Scenario, snapshot: Snapshot): Sim {
    if (!snapshot || snapshot.format !== SNAPSHOT_FORMAT) throw new Error(`not a livesim snapshot (format must be "${SNAPSHOT_FORMAT}")`);
    if (snapshot.engineVersion !== ENGINE_VERSION) throw new Error(`snapshot of engine ${snapshot.engineVersion}, not ${ENGINE_VERSION}`);
    if (snapshot.scenario?.id !== scenario.meta.id || snapshot.scenario.hash !== scenarioHash(scenario)) throw new Error(`snapshot of another scenario (${snapshot.scenario?.id})`);
    const decoded = decode(snapshot.state) as Record<string, unknown>;
    // Copy onto a new room's state object, so the restored world has the same shape (and V8 the
    // same fast property layout) as a fresh one, and a snapshot missing a field is refused.
    const state = blankDynamicState(scenario, 0, ENGINE_VERSION) as unknown as Record<string, unknown>;
    for (const key of Object.keys(state)) {
      if (!Object.hasOwn(decoded, key)) throw new Error(`snapshot has no "${key}"`);
      state[key] = decoded[key];
    }
    const extra = Object.keys(decoded).find((k) => !Object.hasOwn(state, k));
    if (extra !== undefined) throw new Error(`snapshot has an unknown field "${extra.slice(0, 40)}"`);
    return new Sim(scenario, { world: assemble(scenario, state as unknown as DynamicState) });
  }
}

export function createSim(scenario: Scenario, opts: SimOptions): Sim {
  return new Sim(scenario, opts);
}

export type { Metrics, ProductMetrics } from './systems/metrics';
