/**
 * The teacher's live class view (docs/hub.md "Watching the class live"): one engine per live
 * attempt of the exams being watched, re-simulated from the hub's own record — the actions it
 * stored, in seq order, with the exam's scenario, the seed it assigned and the engine pinned to the
 * exam — and advanced to the hub's clock since the attempt started (capped at the attempt's time
 * limit, extra time included). Nothing the student's page claims enters a row.
 *
 * - Each `live()` call (the page polls every second) brings the watched exam up to date: new
 *   actions are read from the database (only for attempts whose `acked` moved) and dispatched; an
 *   action timed before the engine's current time (a page resending after a drop) rebuilds that
 *   attempt's engine from all its actions. Metrics are read from the engine every time; the
 *   provisional score (the rubric on the partial log) at most every `scoreEveryMs` per attempt,
 *   staggered so that a class's scores are not all computed in the same second.
 * - The connection state comes from the database (`attempts.last_seen`, which every message and
 *   ping of the page updates), so it is the same whichever hub process holds the student's socket.
 * - An exam nobody asked about for `idleMs` is dropped with its engines.
 */
import { createSim, REPLAYABLE_VERSIONS, type ActionInput, type Scenario, type Sim } from '../engine';
import { scoreRun } from '../scoring';
import type { AttemptRow, ExamRow, FlagKind, FlagRow, Hub, Teacher } from './hub';
import { marks, partsOf } from './parts';
import type { AttemptStatus } from './protocol';

export interface LiveRow {
  attemptId: string;
  name: string;
  studentNo: string;
  className: string;
  number: number;
  status: AttemptStatus;
  startedAt: number | null;
  deadline: number | null;
  /** Time the teacher added (ms). */
  extraMs: number;
  /** The hub's re-simulation: its sim time (null before the start), and what the room shows at it. */
  simMs: number | null;
  /** The attempt's sim time limit (the scenario's length or the exam's limit + extra time, whichever is shorter). */
  limitMs: number;
  online: number;
  gmv: number;
  orders: number;
  /** Incidents open and not handled yet. */
  pending: number;
  /** The rubric on the log so far (provisional), or the grade once there is one. */
  score: { total: number; atMs: number; final: boolean } | null;
  flags: { kind: FlagKind; at: number; simMs: number | null; detail: Record<string, unknown> }[];
  /** From attempts.last_seen: seconds of real time since the page was last heard from (null: never). */
  silentSec: number | null;
  connected: boolean;
  acked: number;
  note: string | null;
  /** A template exam: the part the student is on (the row is that part's attempt). */
  part?: { index: number; count: number; unit: string; title: { zh: string; en: string } };
}

/**
 * One attempt per student: the part being taken (joined or live, the latest part first), else the
 * latest part reached, its latest attempt. The order of `attempts` is kept.
 */
export function currentPerStudent(attempts: readonly AttemptRow[], partIndex: (a: AttemptRow) => number): AttemptRow[] {
  const pick = new Map<string, AttemptRow>();
  const rank = (a: AttemptRow) => (a.status === 'joined' || a.status === 'live' ? 1_000_000 : 0) + partIndex(a) * 1000 + a.number;
  for (const a of attempts) {
    const cur = pick.get(a.student_no);
    if (!cur || rank(a) > rank(cur)) pick.set(a.student_no, a);
  }
  const chosen = new Set([...pick.values()].map((a) => a.id));
  return attempts.filter((a) => chosen.has(a.id));
}

export interface LiveClass {
  examId: string;
  serverNow: number;
  clockRate: number;
  timeLimitMs: number;
  endedAt: number | null;
  rows: LiveRow[];
}

export interface MonitorOptions {
  /** The provisional score at most this often per attempt (hub-clock ms). */
  scoreEveryMs?: number;
  /** A page silent this long (real ms) shows as not connected (it pings every 5 s). */
  silentAfterMs?: number;
  /** Drop an exam nobody asked about for this long (real ms). */
  idleMs?: number;
  /** Serve the rows of the last update when asked again within this (real ms); 0: update at every call (tests). */
  minTickMs?: number;
  /** Real time, for the idle and min-tick rules (tests). */
  wallNow?: () => number;
}

interface Tracked {
  sim: Sim;
  actions: ActionInput[];
  /** The highest seq read from the database. */
  seq: number;
  limitMs: number;
  score: LiveRow['score'];
  nextScoreAt: number;
  /** How many times the engine was rebuilt (a backdated action). */
  rebuilds: number;
}

interface Watched {
  askedAt: number;
  tickedAt: number;
  running: Promise<LiveClass> | null;
  last: LiveClass | null;
  attempts: Map<string, Tracked>;
}

/** Spread over [0, every): the same attempt always lands on the same offset. */
function offsetOf(id: string, every: number): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return every > 0 ? h % every : 0;
}

export class Monitor {
  private readonly exams = new Map<string, Watched>();
  private readonly o: Required<MonitorOptions>;
  private sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly hub: Hub,
    opts: MonitorOptions = {},
  ) {
    this.o = { scoreEveryMs: 12_000, silentAfterMs: 12_000, idleMs: 120_000, minTickMs: 400, wallNow: Date.now, ...opts };
  }

  /** The live rows of one of the teacher's exams (404 for another teacher's). */
  async live(teacher: Teacher, examId: string): Promise<LiveClass> {
    const exam = await this.hub.examOf(teacher, examId);
    return this.update(exam);
  }

  /** Engines held now (for the CPU note and the tests). */
  stats(): { exams: number; attempts: number; rebuilds: number } {
    let attempts = 0;
    let rebuilds = 0;
    for (const w of this.exams.values()) {
      attempts += w.attempts.size;
      for (const t of w.attempts.values()) rebuilds += t.rebuilds;
    }
    return { exams: this.exams.size, attempts, rebuilds };
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    this.exams.clear();
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const wall = this.o.wallNow();
      for (const [id, w] of this.exams) if (wall - w.askedAt > this.o.idleMs && !w.running) this.exams.delete(id);
      if (this.exams.size === 0 && this.sweeper) {
        clearInterval(this.sweeper);
        this.sweeper = null;
      }
    }, Math.max(1000, this.o.idleMs / 4));
    this.sweeper.unref?.();
  }

  async update(exam: ExamRow): Promise<LiveClass> {
    let w = this.exams.get(exam.id);
    if (!w) {
      w = { askedAt: 0, tickedAt: -Infinity, running: null, last: null, attempts: new Map() };
      this.exams.set(exam.id, w);
      this.startSweeper();
    }
    const wall = this.o.wallNow();
    w.askedAt = wall;
    if (w.running) return w.running;
    if (w.last && wall - w.tickedAt < this.o.minTickMs) return w.last;
    const watched = w;
    watched.running = this.tick(exam, watched).finally(() => {
      watched.running = null;
      watched.tickedAt = this.o.wallNow();
    });
    watched.last = await watched.running;
    return watched.last;
  }

  private async tick(exam: ExamRow, w: Watched): Promise<LiveClass> {
    const hub = this.hub;
    const now = hub.now();
    const rate = hub.opts.clockRate ?? 1;
    // A template exam's attempts are its parts' (each with its own scenario and limit): one row per
    // student, the part they are on (taking now, else the last one reached).
    const parts = exam.template ? await partsOf(hub.db, exam.id) : [];
    const ids = parts.length ? parts.map((p) => p.exam_id) : [exam.id];
    const partOf = new Map(parts.map((p) => [p.exam_id, p]));
    const examOf = new Map<string, { exam: ExamRow; scenario: Scenario }>();
    for (const e of parts.length ? parts.map((p) => p.exam) : [exam]) examOf.set(e.id, { exam: e, scenario: (await hub.examScenario(e)).scenario });
    const inIds = `a.exam_id IN (${marks(ids.length)})`;
    let attempts = await hub.db.all<AttemptRow>(`SELECT * FROM attempts a WHERE ${inIds} AND status <> 'granted' ORDER BY class_name, student_no, number`, ids);
    if (parts.length) attempts = currentPerStudent(attempts, (a) => partOf.get(a.exam_id)!.idx);
    const flags = await hub.db.all<FlagRow>(`SELECT f.* FROM flags f JOIN attempts a ON a.id = f.attempt_id WHERE ${inIds} ORDER BY f.at`, ids);
    const grades = await hub.db.all<{ attempt_id: string; total: number }>(`SELECT g.attempt_id, g.total FROM grades g JOIN attempts a ON a.id = g.attempt_id WHERE ${inIds} ORDER BY g.n`, ids);
    const gradeOf = new Map(grades.map((g) => [g.attempt_id, g.total]));
    const seen = new Set<string>();
    const rows: LiveRow[] = [];
    for (const a of attempts) {
      seen.add(a.id);
      const extraMs = Number(a.extra_ms ?? 0);
      const { exam: own, scenario } = examOf.get(a.exam_id)!;
      const part = partOf.get(a.exam_id);
      let tr: Tracked | undefined;
      if (a.started_at !== null && a.status !== 'voided') tr = await this.follow(w, a, own, scenario, now, extraMs);
      else w.attempts.delete(a.id);
      const graded = gradeOf.get(a.id);
      const view = tr?.sim.view();
      const lastSeen = a.last_seen === null ? null : Number(a.last_seen);
      const silentSec = lastSeen === null ? null : Math.max(0, Math.round((now - lastSeen) / rate / 1000));
      rows.push({
        attemptId: a.id,
        name: a.name,
        studentNo: a.student_no,
        className: a.class_name,
        number: a.number,
        status: a.status as AttemptStatus,
        startedAt: a.started_at,
        deadline: a.deadline,
        extraMs,
        simMs: tr ? tr.sim.now : null,
        limitMs: tr?.limitMs ?? Math.min(scenario.meta.durationSec * 1000, own.time_limit_ms + extraMs),
        online: view?.online ?? 0,
        gmv: view ? view.metrics().gmv : 0,
        orders: view ? view.metrics().orders : 0,
        pending: view ? view.tasks.filter((t) => !t.handled && !t.missed).length : 0,
        score: graded !== undefined ? { total: graded, atMs: tr?.sim.now ?? 0, final: true } : (tr?.score ?? null),
        flags: flags.filter((f) => f.attempt_id === a.id).map((f) => ({ kind: f.kind, at: f.at, simMs: f.sim_ms, detail: JSON.parse(f.detail) as Record<string, unknown> })),
        silentSec,
        connected: a.status === 'live' && silentSec !== null && silentSec * 1000 < this.o.silentAfterMs,
        acked: a.acked,
        note: a.note,
        ...(part ? { part: { index: part.idx, count: parts.length, unit: part.unit, title: { zh: part.title_zh, en: part.title_en } } } : {}),
      });
    }
    for (const id of w.attempts.keys()) if (!seen.has(id)) w.attempts.delete(id);
    return { examId: exam.id, serverNow: now, clockRate: rate, timeLimitMs: exam.time_limit_ms, endedAt: exam.ended_at, rows };
  }

  /** Bring one attempt's engine up to the hub's clock (or to where it ended). */
  private async follow(w: Watched, a: AttemptRow, exam: ExamRow, scenario: Scenario, now: number, extraMs: number): Promise<Tracked> {
    if (!REPLAYABLE_VERSIONS.includes(exam.engine_version)) throw new Error(`the exam was pinned to engine ${exam.engine_version}, which this livesim can no longer replay`);
    let tr = w.attempts.get(a.id);
    const limitMs = Math.min(scenario.meta.durationSec * 1000, exam.time_limit_ms + extraMs);
    if (!tr) {
      tr = { sim: createSim(scenario, { seed: a.seed, engineVersion: exam.engine_version }), actions: [], seq: 0, limitMs, score: null, nextScoreAt: now + offsetOf(a.id, this.o.scoreEveryMs), rebuilds: 0 };
      w.attempts.set(a.id, tr);
    }
    let rebuild = false;
    if (limitMs !== tr.limitMs) {
      // Extra time: actions past the old limit were left out and now count.
      const old = tr.limitMs;
      tr.limitMs = limitMs;
      rebuild = tr.actions.some((x) => x.t >= old);
    }
    if (a.acked > tr.seq) {
      const rows = await this.hub.db.all<{ seq: number; kind: string; body: string }>('SELECT seq, kind, body FROM entries WHERE attempt_id = ? AND seq > ? ORDER BY seq', [a.id, tr.seq]);
      for (const r of rows) {
        tr.seq = Math.max(tr.seq, r.seq);
        if (r.kind !== 'action') continue;
        const action = (JSON.parse(r.body) as { action: ActionInput }).action;
        tr.actions.push(action);
        if (rebuild) continue;
        if (action.t < tr.sim.now) rebuild = true;
        else if (action.t < tr.limitMs) tr.sim.dispatch({ ...action });
      }
    }
    if (rebuild) {
      // As grade.ts re-simulates: every action in seq order, those past the limit left out.
      tr.sim = createSim(scenario, { seed: a.seed, engineVersion: exam.engine_version });
      for (const x of tr.actions) if (x.t < tr.limitMs) tr.sim.dispatch({ ...x });
      tr.rebuilds++;
      tr.score = null;
    }
    const startedAt = Number(a.started_at);
    const until = a.status === 'live' ? now : Number(a.ended_at ?? now);
    const target = Math.max(0, Math.min(tr.limitMs, until - startedAt));
    if (!tr.sim.finished && target > tr.sim.now) tr.sim.advanceTo(target);
    if (now >= tr.nextScoreAt || (tr.score === null && a.status !== 'live')) {
      tr.nextScoreAt = now + this.o.scoreEveryMs;
      try {
        tr.score = { total: scoreRun(scenario, tr.sim.log, scenario.meta.rubric).total, atMs: tr.sim.now, final: false };
      } catch {
        tr.score = null;
      }
    }
    return tr;
  }
}
