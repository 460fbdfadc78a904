/**
 * The session store: which screen is up, the chosen scenario and plan, the pre-live
 * device checks, and the run's lifecycle (start, pause, speed, restart, end).
 *
 * Flow: picker → briefing → precheck → live → end. The run itself (engine + loop) is a
 * LiveRun; the console's view of it is the live store (live.ts).
 */
import { create } from 'zustand';
import type { Scenario } from '../../engine';
import type { ActionBody } from '../../engine';
import { findScenario, loadScenario } from '../scenario-loader';
import { params, runPolicy, type RunPolicy } from '../params';
import { LiveRun } from './run';
import { Feed, initialLiveState, useLive } from './live';
import { recordRun, type Recording } from '../storage/recorder';
import { getEntry, getSnapshot, type JournalEntry, type SnapshotRecord, type WriterStatus } from '../storage/journal';
import { acquireRun, takeOverRun, type Lease } from '../storage/tabs';
import { continueRun } from './resume';

/** `boot`: nothing shown yet (the UI benchmark goes straight to the live room). */
export type Screen = 'boot' | 'picker' | 'briefing' | 'precheck' | 'live' | 'end' | 'history' | 'review' | 'replay' | 'compare' | 'skills' | 'drill';
export type DeviceStatus = 'unknown' | 'checking' | 'ok' | 'denied' | 'unavailable';
export interface NetworkCheck {
  /** local: the page runs from this machine, with no network to test. */
  status: 'unknown' | 'testing' | 'local' | 'ok' | 'slow' | 'failed';
  rttMs?: number;
  jitterMs?: number;
}

export interface SessionState {
  screen: Screen;
  scenarioId: string | null;
  seed: number;
  /** The run of show in the student's order (segment ids). */
  plan: string[];
  mode: 'practice' | 'exam';
  camera: DeviceStatus;
  mic: DeviceStatus;
  network: NetworkCheck;
  /** The student's camera, when allowed; otherwise the room shows an avatar. */
  cameraStream: MediaStream | null;
  run: LiveRun | null;
  feed: Feed | null;
  /** Bumped when a new run starts (restart), so the live screen remounts cleanly. */
  runKey: number;
  danmaku: boolean;
  helpOpen: boolean;
  /** How the journal's writes of the run on screen are going (null: not recorded); the storage banner reads it. */
  storage: WriterStatus | null;
  /** The run on screen was taken over by another tab: this tab stopped and no longer writes it. */
  moved: boolean;
  /** The micro-drill on screen (src/drills): its kind and the seed its variant is drawn from. */
  drill: { kind: string; seed: number; language: 'zh' | 'en' } | null;
}

export const useSession = create<SessionState>(() => ({
  screen: params.bench ? 'boot' : 'picker',
  scenarioId: null,
  seed: 1,
  plan: [],
  mode: params.mode,
  camera: 'unknown',
  mic: 'unknown',
  network: { status: 'unknown' },
  cameraStream: null,
  run: null,
  feed: null,
  runKey: 0,
  danmaku: false,
  helpOpen: false,
  storage: null,
  moved: false,
  drill: null,
}));

export function randomSeed(): number {
  return 1 + Math.floor(Math.random() * 99999);
}

export function currentScenario(): Scenario | null {
  const id = useSession.getState().scenarioId;
  return id ? findScenario(id) ?? null : null;
}

export function policy(): RunPolicy {
  return runPolicy(useSession.getState().mode);
}

// ------------------------------------------------------------------ navigation

/**
 * Load a scenario and make it the current one (its own run of show), without changing screens.
 * `seed`: the audience to face (the same one again, to compare two attempts); default a new one.
 */
export async function prepareScenario(id: string, seed?: number): Promise<boolean> {
  const scenario = await loadScenario(id);
  if (!scenario) return false;
  useSession.setState({ scenarioId: id, seed: seed ?? params.seed ?? randomSeed(), plan: scenario.runOfShow.map((s) => s.id) });
  return true;
}

/** Start a micro-drill: a new variant (a new seed) unless one is given. */
export function startDrill(kind: string, seed?: number, language: 'zh' | 'en' = 'zh'): void {
  useSession.setState({ screen: 'drill', drill: { kind, seed: seed ?? params.seed ?? randomSeed(), language } });
}

export async function pickScenario(id: string, seed?: number): Promise<void> {
  if (await prepareScenario(id, seed)) useSession.setState({ screen: 'briefing' });
}

export function goto(screen: Screen): void {
  useSession.setState({ screen });
}

export function setSeed(seed: number): void {
  if (Number.isInteger(seed) && seed >= 0) useSession.setState({ seed });
}

/** Move a segment of the run of show up (-1) or down (+1). */
export function movePlanItem(index: number, dir: -1 | 1): void {
  const plan = useSession.getState().plan.slice();
  const j = index + dir;
  if (index < 0 || j < 0 || index >= plan.length || j >= plan.length) return;
  [plan[index], plan[j]] = [plan[j], plan[index]];
  useSession.setState({ plan });
}

export function resetPlan(): void {
  const s = currentScenario();
  if (s) useSession.setState({ plan: s.runOfShow.map((x) => x.id) });
}

export function backToPicker(): void {
  stopRun();
  releaseCamera();
  useSession.setState({ screen: 'picker', scenarioId: null, run: null, feed: null, moved: false });
  useLive.setState(initialLiveState());
}

// ------------------------------------------------------------------ devices

export function setDevice(patch: Partial<Pick<SessionState, 'camera' | 'mic' | 'network' | 'cameraStream'>>): void {
  useSession.setState(patch);
}

export function releaseCamera(): void {
  const stream = useSession.getState().cameraStream;
  if (stream) for (const track of stream.getTracks()) track.stop();
  useSession.setState({ cameraStream: null });
}

// ------------------------------------------------------------------ the run

/** This tab's hold on the run being recorded (storage/tabs.ts): one tab writes a run, never two. */
let lease: Lease | null = null;
let unwatch: () => void = () => undefined;

function stopRun(): void {
  const run = useSession.getState().run;
  if (run) run.stop();
  letGo();
}

/** Give up this tab's hold on the run once its last writes are done (a stopped run stays resumable elsewhere). */
function letGo(rec: Recording | null = null): void {
  const held = lease;
  lease = null;
  if (!held) return;
  const flushed = rec ? rec.writer.flush() : Promise.resolve(true);
  void flushed.then(() => held.release());
}

export function startLive(): void {
  goLive();
}

/**
 * Continue a run saved in the journal (after a reload or a crash) from its latest snapshot, or
 * re-simulated from its actions when there is none it can use (store/resume.ts); the scenario,
 * seed and plan must be set first. Resolves false, changing nothing, when the run is open in
 * another tab (take it over with `takeOverLive`).
 */
export async function resumeLive(entry: JournalEntry): Promise<boolean> {
  const held = await acquireRun(entry.id);
  if (!held) return false;
  // Read it fresh: the list may be older than the record (another tab may have played on).
  const fresh = await freshEntry(entry, held);
  const snapshot = await getSnapshot(entry.id).catch(() => undefined);
  goLive(fresh, snapshot, held);
  return true;
}

/** The run ended (or was archived) meanwhile, in another tab: nothing to continue. */
export class RunGoneError extends Error {
  constructor(readonly runId: string) {
    super('the run has ended in the other tab meanwhile: it is in the history');
    this.name = 'RunGoneError';
  }
}

/** The record as it is on disk now; throws RunGoneError (letting go of the run) when it is no longer live. */
async function freshEntry(entry: JournalEntry, held: Lease, sent?: JournalEntry | null): Promise<JournalEntry> {
  let disk: JournalEntry | undefined;
  try {
    disk = await getEntry(entry.id);
  } catch {
    // The journal can't be read now: the list's copy (or the other tab's) is all there is.
    return sent ?? entry;
  }
  if (sent && (!disk || sent.actions.length > disk.actions.length || sent.simMs > disk.simMs)) return sent;
  if (!disk || disk.status !== 'live') {
    held.release();
    throw new RunGoneError(entry.id);
  }
  return disk;
}

/**
 * Take over a run that is live in another tab: that tab stops, writes its last state and lets go;
 * this one then continues the run as `resumeLive` does. The other tab's own copy of the record is
 * used when it has more than the disk (its last write failed). Throws RunGoneError when the run
 * ended in the other tab meanwhile.
 */
export async function takeOverLive(entry: JournalEntry): Promise<void> {
  const { lease: held, state } = await takeOverRun(entry.id);
  const fresh = await freshEntry(entry, held, isEntry(state, entry.id) ? { ...state, status: 'live' } : null);
  const snapshot = await getSnapshot(entry.id).catch(() => undefined);
  goLive(fresh, snapshot, held);
}

function isEntry(v: unknown, id: string): v is JournalEntry {
  const e = v as JournalEntry | null;
  return !!e && typeof e === 'object' && e.id === id && Array.isArray(e.actions) && typeof e.simMs === 'number' && typeof e.seed === 'number';
}

/** Go live with the current scenario, seed and plan; `resume` continues a run saved in the journal. */
function goLive(resume?: JournalEntry, snapshot?: SnapshotRecord, held?: Lease): void {
  const scenario = currentScenario();
  if (!scenario) {
    held?.release();
    return;
  }
  stopRun();
  unwatch();
  const { seed, mode, plan } = useSession.getState();
  const pol = runPolicy(mode);
  const run = resume ? continueRun(scenario, { ...resume, seed }, snapshot) : new LiveRun(scenario, seed);
  const feed = new Feed(pol.hints);
  run.subscribe(feed);
  const initialSpeed = params.speed !== null && pol.speeds.includes(params.speed) ? params.speed : 1;
  run.setSpeed(initialSpeed);
  run.onFinish(() => {
    releaseCamera();
    useSession.setState({ screen: 'end', helpOpen: false });
  });
  useLive.setState(resume?.segment ? { ...initialLiveState(), segment: resume.segment } : initialLiveState());
  useSession.setState((s) => ({ run, feed, screen: 'live', runKey: s.runKey + 1, helpOpen: false, storage: null, moved: false }));
  // Saved as it happens (storage/recorder.ts); the UI benchmark measures the room alone.
  if (!params.bench) watch(run, recordRun(run, { mode, plan, resume, segment: () => useLive.getState().segment }), held);
  else held?.release();
  run.start();
  // The student's run of show (as ordered on the briefing) goes into the action log; from then on the
  // engine moves through it when they press "进入下一环节" (start_segment), as the console does.
  // A continued run already has it in its actions.
  if (!resume && plan.length > 0) run.dispatch({ type: 'set_plan', order: plan });
  // A continued run waits for the student (practice); an exam goes on at once.
  if (resume && pol.canPause) run.pause();
}

/**
 * Show the journal's write status (the storage banner), hold the run for this tab, and hand it
 * over when another tab asks: stop, write the last state, show that the run moved.
 */
function watch(run: LiveRun, rec: Recording, held: Lease | undefined): void {
  const show = () => {
    if (useSession.getState().run === run) useSession.setState({ storage: { ...rec.writer.status } });
  };
  const offStatus = rec.writer.subscribe(show);
  show();
  const offFinish = run.onFinish(() => letGo(rec));
  unwatch = () => {
    offStatus();
    offFinish();
  };
  const attach = (l: Lease, late: boolean) => {
    // Granted after the run ended or was left: nothing to hold.
    if (late && (useSession.getState().run !== run || !run.isRunning)) {
      l.release();
      return;
    }
    lease = l;
    l.onTakeover(async () => {
      run.stop();
      await rec.release();
      if (lease === l) lease = null;
      if (useSession.getState().run === run) {
        releaseCamera();
        useSession.setState({ moved: true, helpOpen: false });
      }
      return copyOf(rec);
    });
    l.onLost(() => {
      // The browser gave the run to another tab without a handover: stop writing at once.
      run.stop();
      rec.writer.stop();
      if (lease === l) lease = null;
      if (useSession.getState().run === run) useSession.setState({ moved: true });
    });
  };
  if (held) attach(held, false);
  else void acquireRun(rec.entry.id).then((l) => l && attach(l, true));
}

const copyOf = (rec: Recording): JournalEntry => ({ ...rec.entry, actions: rec.entry.actions.map((a) => ({ ...a })), plan: rec.entry.plan.slice() });

/** Practice: the same scenario and seed from the start. */
export function restartRun(): void {
  if (!policy().canRestart) return;
  startLive();
}

export function dispatch(body: ActionBody): void {
  const { run, feed, moved } = useSession.getState();
  // A run that moved to another tab takes no more actions here.
  if (!run || moved) return;
  feed?.poke();
  run.dispatch(body);
}

export function togglePause(): void {
  const { run, feed, moved } = useSession.getState();
  if (!run || moved || !policy().canPause) return;
  if (run.paused) run.resume();
  else run.pause();
  feed?.poke();
  run.refresh();
}

export function setSpeed(speed: number): void {
  const { run, feed } = useSession.getState();
  if (!run || !policy().speeds.includes(speed)) return;
  run.setSpeed(speed);
  feed?.poke();
  run.refresh();
}

/** Move on in the student's run of show (`start_segment`); records when the next segment actually started. */
export function nextSegment(): void {
  const { run, plan, moved } = useSession.getState();
  if (!run || moved) return;
  const seg = useLive.getState().segment;
  if (seg.index >= plan.length - 1) return;
  // The engine logs it (start_segment → segment.start, by host); the console mirrors it at once.
  const action = run.dispatch({ type: 'start_segment', segment: plan[seg.index + 1] });
  if (!action) return;
  useLive.setState({ segment: { index: seg.index + 1, startedAt: [...seg.startedAt, action.t] } });
}

export function setDanmaku(on: boolean): void {
  useSession.setState({ danmaku: on });
}

export function setHelpOpen(open: boolean): void {
  useSession.setState({ helpOpen: open });
}

// ------------------------------------------------------------------ for devtools and tests

export interface RunInfo {
  scenario: string;
  seed: number;
  now: number;
  finished: boolean;
  paused: boolean;
  speed: number;
  events: number;
  actions: number;
  digest: string | null;
  /** A continued run: restored from the engine's snapshot, or re-simulated from its actions (and why). Null for a fresh run. */
  resumed: LiveRun['origin'];
  /** Loop measurements: the largest lag of sim time behind the wall clock (ms), the slowest engine step (ms), frames. */
  loop: { lagMsMax: number; engineMsMax: number; frames: number };
}

export function currentRunInfo(): RunInfo | null {
  const run = useSession.getState().run;
  if (!run) return null;
  const sim = run.sim;
  return {
    scenario: run.scenario.meta.id,
    seed: run.seed,
    now: sim.now,
    finished: sim.finished,
    paused: run.paused,
    speed: run.speed,
    events: sim.log.length,
    actions: run.actions.length,
    digest: sim.finished ? sim.digest() : null,
    resumed: run.origin,
    loop: { lagMsMax: run.stats.lagMsMax, engineMsMax: run.stats.engineMsMax, frames: run.stats.frames },
  };
}
