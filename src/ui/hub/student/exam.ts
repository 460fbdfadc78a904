/**
 * A class exam on the hub, the student's side: join, the briefing, the live room under the exam
 * policy with its clock following the hub's, the witnessed stream of the attempt (link.ts), the
 * submission and the review quiz once. Loaded only on `?join=CODE` / `?page=exam` (App.tsx).
 *
 * It drives the ordinary session (store/session.ts) and hooks into the run it starts, without a
 * console of its own:
 *   - `useSession.subscribe` sees each new LiveRun as the session makes it, before it starts;
 *   - `run.onAction` gives each action as the run records it (the journal's recorder listens the
 *     same way), in the same order, with its final `t`; actions restored from the journal after
 *     a reload are not dispatched again, so they are never numbered twice;
 *   - `run.follow` sets the sim time from the hub's clock (hub now − startedAt, capped at the end
 *     of the run and at the time limit): after a reload or a hidden tab the run catches up.
 */
import { create } from 'zustand';
import i18n from 'i18next';
import { ENGINE_VERSION, loadScenarioText, scenarioHash, type ActionInput, type Scenario, type Sim, type SimEvent } from '../../../engine';
import type { AttemptInfo, AttemptStatus } from '../../../hub/protocol';
import './yaml';
import { ensureLanguage } from '../../i18n';
import { addScenario } from '../../scenarios';
import type { QuizRecord } from '../../storage/db';
import { getEntry, newRunId, putEntry, type JournalEntry } from '../../storage/journal';
import { currentRecording } from '../../storage/recorder';
import type { LiveRun } from '../../store/run';
import { resumeLive, startLive, useSession } from '../../store/session';
import { hubApi, HubRequestError, lastCode, normaliseCode, outboxKey, readAttempt, writeAttempt, type JoinForm, type StoredAttempt } from './api';
import { ExamLink, type LinkStatus, type SocketLike } from './link';

export type ExamPhase = 'boot' | 'join' | 'briefing' | 'starting' | 'live' | 'done' | 'error';

export interface ExamState {
  phase: ExamPhase;
  /** The join code (from the URL, or typed). */
  code: string;
  attempt: AttemptInfo | null;
  /**
   * The hub's clock: it read `server` when this page's read `local` (when the attempt's info
   * arrived), and runs `rate` times as fast as this page's (1, but a test may speed the hub up).
   */
  hubClock: { server: number; local: number; rate: number };
  scenario: Scenario | null;
  /** The hub's words when joining failed. */
  joinError: string | null;
  busy: boolean;
  /** Something stops the exam on this page (shown with a retry). */
  error: string | null;
  sync: LinkStatus | null;
  quiz: QuizRecord | null;
  /** How the run ended on this page (null: it did not run here, e.g. over on arrival). */
  ended: 'host' | 'time' | 'closed' | null;
  /** Why the next part of a template exam did not open (the hub's words). */
  nextError: string | null;
}

export const useExam = create<ExamState>(() => ({
  phase: 'boot',
  code: '',
  attempt: null,
  hubClock: { server: 0, local: 0, rate: 1 },
  scenario: null,
  joinError: null,
  busy: false,
  error: null,
  sync: null,
  quiz: null,
  ended: null,
  nextError: null,
}));

export const OVER: readonly AttemptStatus[] = ['submitted', 'timed-out', 'closed', 'voided'];

/** The hub's clock now. */
export function hubNow(): number {
  const c = useExam.getState().hubClock;
  return c.server + (Date.now() - c.local) * c.rate;
}

const hubClockOf = (info: AttemptInfo): ExamState['hubClock'] => ({ server: info.serverNow, local: Date.now(), rate: info.clockRate ?? 1 });

let stored: StoredAttempt | null = null;
let link: ExamLink | null = null;
let booted = false;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function save(patch: Partial<StoredAttempt>): void {
  if (!stored) return;
  stored = { ...stored, ...patch };
  writeAttempt(useExam.getState().code, stored);
}

// ------------------------------------------------------------------ arrival

/** Once per page: resume the attempt this browser holds for the code, or show the join form. */
export async function bootExam(code: string | null): Promise<void> {
  if (booted) return;
  booted = true;
  installPageHooks();
  const c = normaliseCode(code ?? lastCode() ?? '');
  useExam.setState({ code: c });
  const held = c ? readAttempt(c) : null;
  if (!held) {
    useExam.setState({ phase: 'join' });
    return;
  }
  stored = held;
  await reload();
}

/** Ask the hub for the attempt again (on boot, and the error screen's retry). */
export async function reload(): Promise<void> {
  if (!stored) return void useExam.setState({ phase: 'join', error: null });
  useExam.setState({ error: null, busy: true });
  try {
    const { attempt } = await hubApi.attempt(stored.token);
    await arrive(attempt);
  } catch (e) {
    if (e instanceof HubRequestError && e.status === 401) {
      // The token is no longer valid (a retake, a rejoin elsewhere): join again.
      writeAttempt(useExam.getState().code, null);
      stored = null;
      useExam.setState({ phase: 'join', joinError: e.message });
    } else useExam.setState({ phase: 'error', error: message(e) });
  } finally {
    useExam.setState({ busy: false });
  }
}

export async function join(form: JoinForm): Promise<void> {
  const code = normaliseCode(form.code);
  useExam.setState({ busy: true, joinError: null, code });
  try {
    const r = await hubApi.join({ ...form, code });
    stored = { token: r.token, attemptId: r.attempt.attemptId };
    writeAttempt(code, stored);
    await arrive(r.attempt);
  } catch (e) {
    useExam.setState({ joinError: message(e) });
  } finally {
    useExam.setState({ busy: false });
  }
}

async function arrive(info: AttemptInfo): Promise<void> {
  if (stored && stored.attemptId !== info.attemptId) save({ attemptId: info.attemptId, runId: undefined, quiz: undefined });
  const lang = info.language === 'en' ? 'en' : 'zh-CN';
  await ensureLanguage(lang);
  // Not remembered as the student's choice: the exam's language is the teacher's.
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
  const loaded = loadScenarioText(info.scenarioYaml, `${info.scenarioId}.yaml`);
  if (!loaded.ok) throw new Error(`the exam's scenario does not load: ${loaded.errors.map((x) => x.message).join('; ')}`);
  const scenario = loaded.scenario;
  addScenario(scenario);
  useSession.setState({ scenarioId: scenario.meta.id, seed: info.seed, plan: scenario.runOfShow.map((s) => s.id), mode: 'exam' });
  useExam.setState({ attempt: info, hubClock: hubClockOf(info), scenario, quiz: stored?.quiz ?? null });
  openLink(info);

  if (OVER.includes(info.status)) {
    await settleJournal();
    useExam.setState({ phase: 'done' });
  } else if (info.status === 'live') await resume(info, scenario);
  else useExam.setState({ phase: 'briefing' });
}

function openLink(info: AttemptInfo): void {
  if (link || !stored) return;
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  link = new ExamLink({
    key: outboxKey(info.attemptId),
    token: stored.token,
    url: `${proto}//${location.host}/api/ws`,
    storage: localStorage,
    connect: (url) => new WebSocket(url) as unknown as SocketLike,
  });
  link.subscribe((sync) => {
    useExam.setState({ sync });
    if (sync.closed && useExam.getState().phase === 'live') endRun('closed');
  });
  link.onWelcome((a) => {
    const cur = useExam.getState().attempt;
    if (cur) useExam.setState({ attempt: { ...cur, status: a.status, startedAt: a.startedAt, deadline: a.deadline, timeLimitMs: a.timeLimitMs, acked: a.acked } });
  });
  // The teacher gave extra time: the countdown and the time-limit end move (attach() reads the limit each frame).
  link.onDeadline((m) => {
    const cur = useExam.getState().attempt;
    if (cur) useExam.setState({ attempt: { ...cur, deadline: m.deadline, timeLimitMs: m.timeLimitMs } });
  });
  useExam.setState({ sync: link.status });
  link.start();
}

// ------------------------------------------------------------------ the live room

/** The student starts: the hub stamps the start and the deadline, then the live room opens. */
export async function startExam(): Promise<void> {
  if (!stored || useExam.getState().phase !== 'briefing') return;
  useExam.setState({ phase: 'starting', error: null });
  try {
    const { attempt } = await hubApi.start(stored.token);
    useExam.setState({ attempt, hubClock: hubClockOf(attempt) });
    if (attempt.status !== 'live') {
      useExam.setState({ phase: OVER.includes(attempt.status) ? 'done' : 'briefing' });
      return;
    }
    useExam.setState({ phase: 'live' });
    startLive();
    const rec = currentRecording();
    if (rec) save({ runId: rec.entry.id });
  } catch (e) {
    useExam.setState({ phase: 'briefing', error: message(e) });
  }
}

/**
 * A reload during the exam: continue the run from the journal, with every action the hub or the
 * outbox has (the journal may have missed the last one if the page died before writing it; a
 * browser whose journal is gone rebuilds it from the hub's record).
 */
async function resume(info: AttemptInfo, scenario: Scenario): Promise<void> {
  const token = stored!.token;
  const [hub, disk] = await Promise.all([hubApi.entries(token), stored?.runId ? getEntry(stored.runId).catch(() => undefined) : Promise.resolve(undefined)]);
  const held = hub.entries.filter((e) => e.kind === 'action').map((e) => (e.body as { action: ActionInput }).action);
  const heldUpTo = hub.entries.reduce((m, e) => Math.max(m, e.seq), 0);
  const pending = (link?.outbox ?? []).filter((m) => m.seq > heldUpTo && m.entry.kind === 'action').map((m) => (m.entry as { action: ActionInput }).action);
  const all = [...held, ...pending];
  const finished = hub.entries.some((e) => e.kind === 'finish') || (link?.outbox ?? []).some((m) => m.entry.kind === 'finish');
  if (finished || disk?.status === 'finished') {
    useExam.setState({ phase: 'done' });
    return;
  }
  const lastT = all.reduce((m, a) => Math.max(m, a.t), 0);
  let entry: JournalEntry;
  if (disk && disk.status === 'live' && disk.actions.length >= all.length) entry = disk;
  else {
    const now = Date.now();
    const plan = (all.find((a) => a.type === 'set_plan') as { order?: string[] } | undefined)?.order ?? scenario.runOfShow.map((s) => s.id);
    entry = disk
      ? { ...disk, status: 'live', actions: all, simMs: Math.max(disk.simMs, lastT), updatedAt: now }
      : { id: newRunId(now), scenarioId: scenario.meta.id, scenarioHash: scenarioHash(scenario), seed: info.seed, engineVersion: ENGINE_VERSION, mode: 'exam', plan, startedAt: now, updatedAt: now, simMs: lastT, status: 'live', actions: all };
    await putEntry(entry);
    save({ runId: entry.id });
  }
  useSession.setState({ plan: entry.plan, seed: info.seed, mode: 'exam' });
  useExam.setState({ phase: 'live' });
  if (!(await resumeLive(entry))) useExam.setState({ phase: 'error', error: i18n.t('exam.elsewhere') });
}

/** The attempt is over: a journal record still marked live is closed, so the practice list never offers it. */
async function settleJournal(): Promise<void> {
  const id = stored?.runId;
  if (!id) return;
  const e = await getEntry(id).catch(() => undefined);
  if (e && e.status === 'live') await putEntry({ ...e, status: 'stopped', updatedAt: Date.now() }).catch(() => undefined);
}

/** Hook each run the session starts in exam mode (called once, at load). */
function attach(run: LiveRun): void {
  const a = useExam.getState().attempt;
  if (!a || a.startedAt === null || !link) return;
  const startedAt = a.startedAt;
  // The limit is read each time: the teacher may give extra time during the run.
  run.follow = () => Math.min(run.sim.durationMs, useExam.getState().attempt?.timeLimitMs ?? a.timeLimitMs, hubNow() - startedAt);
  const l = link;
  run.onAction((action) => l.push({ kind: 'action', action }, action.t));
  run.onFinish(() => {
    if (!l.status.closed) l.push({ kind: 'finish' }, run.sim.now);
    const ended = [...run.sim.log].reverse().find((e: SimEvent) => e.type === 'room.ended');
    useExam.setState((s) => ({ phase: 'done', ended: s.ended ?? (ended && ended.type === 'room.ended' && ended.reason === 'host' ? 'host' : 'time') }));
  });
}

useSession.subscribe((s, prev) => {
  if (s.run && s.run !== prev.run && s.mode === 'exam' && booted) attach(s.run);
});

/** End the run on this page: at the time limit (as the hub grades it), or when the hub closed the attempt. */
export function endRun(why: 'time' | 'closed'): void {
  const run = useSession.getState().run;
  if (why === 'closed') useExam.setState({ ended: 'closed' });
  if (!run || run.sim.finished) {
    if (useExam.getState().phase === 'live') useExam.setState({ phase: 'done' });
    return;
  }
  const a = useExam.getState().attempt;
  if (why === 'time' && a) run.sim.advanceTo(Math.min(run.sim.durationMs, a.timeLimitMs));
  // The engine's own end, as the hub ends the run at the time limit (src/hub/grade.ts): the page's
  // log stays the hub's. A run that is not running (moved to another tab) has no frame to notice.
  run.sim.end('time');
  if (run.isRunning) run.frame();
  else useExam.setState({ phase: 'done' });
}

// ------------------------------------------------------------------ the page

/** How long the tab must stay hidden before it is flagged. */
const HIDDEN_FLAG_DELAY_MS = 1_000;

function installPageHooks(): void {
  // The deadline, from the hub's clock.
  setInterval(() => {
    const { phase, attempt } = useExam.getState();
    if (phase === 'live' && attempt?.deadline && hubNow() >= attempt.deadline) endRun('time');
  }, 250);
  // The tab hidden is flagged a second late: a reload also hides the page, and a page that is
  // gone a second later never sends it (a reload is not the student looking elsewhere). 'visible'
  // is sent only to close a 'hidden' that was sent.
  let hiding: ReturnType<typeof setTimeout> | null = null;
  let hiddenSent = false;
  document.addEventListener('visibilitychange', () => {
    const run = useSession.getState().run;
    const live = useExam.getState().phase === 'live' && run && !run.sim.finished;
    if (document.visibilityState === 'hidden') {
      if (!live || hiding) return;
      const at = run.sim.now;
      hiding = setTimeout(() => {
        hiding = null;
        if (document.visibilityState !== 'hidden') return;
        link?.push({ kind: 'flag', flag: 'hidden' }, at);
        hiddenSent = true;
      }, HIDDEN_FLAG_DELAY_MS);
      return;
    }
    if (hiding) clearTimeout(hiding);
    hiding = null;
    if (live && hiddenSent) link?.push({ kind: 'flag', flag: 'visible' }, run.sim.now);
    hiddenSent = false;
    link?.kick();
  });
  document.addEventListener(
    'paste',
    (e) => {
      const run = useSession.getState().run;
      const target = e.target instanceof Element ? e.target : null;
      if (useExam.getState().phase !== 'live' || !run || run.sim.finished || !target?.closest('[data-testid="talk-box"], [data-testid="script-editor"]')) return;
      const chars = [...(e.clipboardData?.getData('text') ?? '')].length;
      if (chars > 0) link?.push({ kind: 'flag', flag: 'paste', chars }, run.sim.now);
    },
    true,
  );
  addEventListener('online', () => link?.kick());
  addEventListener('offline', () => link?.drop());
}

// ------------------------------------------------------------------ after the run

/** The review quiz, once: the hub keeps the answers; this page remembers it was sent. */
export async function submitQuiz(answers: Record<string, string>): Promise<void> {
  if (!stored) throw new Error('no attempt');
  try {
    await hubApi.quiz(stored.token, answers);
  } catch (e) {
    if (!(e instanceof HubRequestError && e.status === 409 && /already/.test(e.message))) throw e;
  }
  const quiz: QuizRecord = { answers, submittedAt: Date.now() };
  save({ quiz });
  useExam.setState({ quiz });
}

/** The finished run for the review data and the quiz: this page's run, or the hub's record re-simulated (after a reload). */
export async function examRunSim(): Promise<Sim | null> {
  const run = useSession.getState().run;
  const cur = useExam.getState();
  if (run && run.sim.finished && run.seed === cur.attempt?.seed && run.scenario.meta.id === cur.scenario?.meta.id) return run.sim;
  const { attempt, scenario } = useExam.getState();
  if (!stored || !attempt || !scenario) return null;
  const { entries } = await hubApi.entries(stored.token);
  const actions = entries.filter((e) => e.kind === 'action').map((e) => (e.body as { action: ActionInput }).action);
  const { resimulate } = await import('../../../hub/grade');
  return resimulate({ scenario, seed: attempt.seed, engineVersion: attempt.engineVersion, timeLimitMs: attempt.timeLimitMs, actions }).sim;
}

// ------------------------------------------------------------------ a template exam's next part

/**
 * A template exam (AttemptInfo.part): this part is over; go on to the next one. Only once every
 * entry of this part reached the hub (or the hub refused them as the part was closed: they stay in
 * the outbox): nothing is left behind. The hub opens the next part's attempt with a token of its
 * own, which this page keeps for the exam's code instead of this part's; the next part's briefing
 * follows, and its time starts when the student presses Start.
 */
export async function nextPart(): Promise<void> {
  const { attempt, sync, busy, code } = useExam.getState();
  if (!stored || !attempt?.part || attempt.part.next === null || busy) return;
  if (sync && sync.pending > 0 && !sync.closed) {
    useExam.setState({ nextError: i18n.t('exam.nextWaiting') });
    return;
  }
  useExam.setState({ busy: true, nextError: null });
  try {
    const r = await hubApi.next(stored.token);
    await settleJournal();
    link?.stop();
    link = null;
    stored = { token: r.token, attemptId: r.attempt.attemptId };
    writeAttempt(code, stored);
    useExam.setState({ ended: null, quiz: null, sync: null, error: null });
    await arrive(r.attempt);
  } catch (e) {
    useExam.setState({ nextError: message(e) });
  } finally {
    useExam.setState({ busy: false });
  }
}
