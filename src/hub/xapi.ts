/**
 * xAPI 1.0.3 statements about each attempt (docs/hub.md "xAPI"), and sending them to an LRS.
 *
 * Recording: the hub calls `XapiRecorder` inside the transaction of the event that causes a
 * statement (the start, the end, a stored grade), so the statement exists exactly when the event
 * does, whether or not an LRS is configured. The teacher downloads them as JSON.
 *
 * Sending: `XapiSender` runs beside the sweep. It claims due rows with a conditional UPDATE (so
 * two hub processes on one database never send the same row in a normal run), posts them in one
 * batch, and marks them sent, or schedules a retry with exponential backoff. Nothing here is
 * awaited by a request or inside a transaction that holds the LRS: the exam never waits for it.
 *
 * Server only: this module (and @xapi/xapi, which brings axios) must not be imported by the app.
 */
import { createHash, randomUUID } from 'node:crypto';
import XAPI, { type Statement } from '@xapi/xapi';
import type { ScoreReport } from '../scoring';
import type { Db, Queryable } from './db/db';
import type { AttemptRow, ExamPartRow, ExamRow, GradeRow } from './model';
import { examResult, marks, partRowOf, partsOf } from './parts';
import { totalFormula } from './templates';

/** Namespace of the attempts' registration UUIDs (v5 of the attempt id in it): fixed, never change it. */
export const REGISTRATION_NAMESPACE = '6f1d6c3e-3c1a-4f0e-9d7a-1a2b9e8c4d51';

const ADL = 'http://adlnet.gov/expapi';
export const XAPI_VERBS = {
  initialized: { id: `${ADL}/verbs/initialized`, display: { 'en-US': 'initialized', 'zh-CN': '开始' } },
  completed: { id: `${ADL}/verbs/completed`, display: { 'en-US': 'completed', 'zh-CN': '完成' } },
  scored: { id: `${ADL}/verbs/scored`, display: { 'en-US': 'scored', 'zh-CN': '得分' } },
} as const;
const ASSESSMENT = `${ADL}/activities/assessment`;
const OBJECTIVE = `${ADL}/activities/objective`;

type LanguageMap = Record<string, string>;
interface Activity {
  objectType: 'Activity';
  id: string;
  definition?: { type?: string; name?: LanguageMap; description?: LanguageMap; extensions?: Record<string, unknown> };
}
/** A statement as the hub builds it (a subset of xAPI 1.0.3). */
export interface XapiStatement {
  id: string;
  actor: { objectType: 'Agent'; name: string; account: { homePage: string; name: string } };
  verb: { id: string; display: LanguageMap };
  object: Activity;
  result?: {
    score?: { raw: number; min: number; max: number; scaled: number };
    success?: boolean;
    completion?: boolean;
    duration?: string;
    extensions?: Record<string, unknown>;
  };
  context: {
    registration: string;
    platform: string;
    language: string;
    statement?: { objectType: 'StatementRef'; id: string };
    contextActivities?: { parent?: Activity[]; grouping?: Activity[] };
    extensions?: Record<string, unknown>;
  };
  timestamp: string;
  version: '1.0.3';
}

/** A name-based (v5, SHA-1) UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The attempt's xAPI registration: the same UUID for every statement of one attempt. */
export const registrationOf = (attemptId: string): string => uuidV5(`livesim-attempt:${attemptId}`, REGISTRATION_NAMESPACE);

/** The registration of a student's total in a template exam (each part's attempt has its own). */
export const examRegistrationOf = (examId: string, studentNo: string): string => uuidV5(`livesim-exam:${examId}:${studentNo}`, REGISTRATION_NAMESPACE);

/** An ISO 8601 duration (PT1H2M3.45S), to the hundredth of a second as xAPI asks. */
export function isoDuration(ms: number): string {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360_000);
  const m = Math.floor((cs % 360_000) / 6_000);
  const s = (cs % 6_000) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

const clampScaled = (x: number) => Math.max(-1, Math.min(1, Math.round(x * 10_000) / 10_000));

// ---------------------------------------------------------------------------------------------
// Recording

export interface XapiRecorderOptions {
  /** The hub's public address (the students' one): activity ids and the actor's account live under it. */
  publicUrl: () => string;
}

/** An attempt as its statements need it: its exam (a part's own exam row) and, for a template exam's part, the part and the whole exam. */
interface Context {
  attempt: AttemptRow;
  exam: ExamRow;
  scenarioId: string;
  part?: { row: ExamPartRow; parent: ExamRow };
}

interface StatementRow {
  id: string;
  exam_id: string;
  attempt_id: string;
  created_at: number;
  statement: string;
  sent_at: number | null;
  tries: number;
  next_at: number;
  last_error: string | null;
}

/** Builds the statements of attempts and stores them (inside the caller's transaction). */
export class XapiRecorder {
  constructor(private readonly opts: XapiRecorderOptions) {}

  private base(): string {
    return (this.opts.publicUrl() || 'http://localhost').replace(/\/+$/, '');
  }

  /** The attempt started (the hub stamped its start). */
  async initialized(q: Queryable, attemptId: string): Promise<void> {
    const c = await this.load(q, attemptId);
    if (!c || c.attempt.started_at === null) return;
    await this.store(q, c, [this.statement(c, 'initialized', c.attempt.started_at, {})]);
  }

  /** The attempt ended (submitted, timed out, or closed by the teacher); nothing for one that never started. */
  async completed(q: Queryable, attemptId: string): Promise<void> {
    const c = await this.load(q, attemptId);
    if (!c || c.attempt.started_at === null || c.attempt.ended_at === null) return;
    const { attempt } = c;
    const s = this.statement(c, 'completed', attempt.ended_at!, {
      result: { completion: true, duration: isoDuration(attempt.ended_at! - attempt.started_at!), extensions: { [this.ext('ended-by')]: attempt.status } },
    });
    await this.store(q, c, [s]);
  }

  /** A grade was stored (the first, or a re-grade): `scored` for the exam, then one per criterion. */
  async scored(q: Queryable, grade: Pick<GradeRow, 'attempt_id' | 'n' | 'created_at' | 'reason' | 'total' | 'passed' | 'report' | 'digest' | 'engine_version' | 'app_version'>): Promise<void> {
    const c = await this.load(q, grade.attempt_id);
    if (!c) return;
    const report = JSON.parse(grade.report) as ScoreReport;
    const gradeExt = { [this.ext('grade')]: { n: grade.n, reason: grade.reason, digest: grade.digest, engineVersion: grade.engine_version, appVersion: grade.app_version } };
    const rubric: Activity = {
      objectType: 'Activity',
      id: `${this.base()}/rubrics/${encodeURIComponent(report.rubric.id)}`,
      definition: { name: { 'zh-CN': report.rubric.title.zh, 'en-US': report.rubric.title.en }, extensions: { [this.ext('rubric-version')]: report.rubric.version } },
    };
    const exam = this.statement(c, 'scored', grade.created_at, {
      result: {
        score: { raw: grade.total, min: Math.min(0, grade.total), max: 100, scaled: clampScaled(grade.total / 100) },
        success: grade.passed === 1,
        completion: true,
        extensions: { [this.ext('pass-mark')]: report.passMark, [this.ext('failed-gates')]: report.failedGates.map((g) => g.criterion) },
      },
      grouping: [rubric],
      extensions: gradeExt,
    });
    const criteria = report.criteria.map((k) => {
      const max = k.max > 0 ? k.max : Math.max(0, k.points);
      const success = k.verdict === 'met' ? true : k.verdict === 'not_met' ? false : undefined;
      return this.statement(c, 'scored', grade.created_at, {
        object: {
          objectType: 'Activity',
          id: `${this.examActivity(c).id}/criteria/${encodeURIComponent(k.id)}`,
          definition: { type: OBJECTIVE, name: { 'zh-CN': k.title.zh, 'en-US': k.title.en }, extensions: { [this.ext('section')]: k.section } },
        },
        result: {
          score: { raw: k.points, min: Math.min(0, k.points), max, scaled: max > 0 ? clampScaled(k.points / max) : 0 },
          ...(success !== undefined ? { success } : {}),
          extensions: { [this.ext('verdict')]: k.verdict, ...(k.penalty ? { [this.ext('penalty')]: k.penalty } : {}) },
        },
        parent: [this.examActivity(c)],
        grouping: [rubric],
        ref: exam.id,
        extensions: { ...gradeExt, [this.ext('clauses')]: k.clauses },
      });
    });
    await this.store(q, c, [exam, ...criteria]);
  }

  private ext(name: string): string {
    return `${this.base()}/xapi/extensions/${name}`;
  }

  private async load(q: Queryable, attemptId: string): Promise<Context | null> {
    const attempt = await q.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attemptId]);
    if (!attempt) return null;
    const exam = await q.get<ExamRow & { scenario_id: string }>('SELECT e.*, s.scenario_id FROM exams e JOIN scenarios s ON s.hash = e.scenario_hash WHERE e.id = ?', [attempt.exam_id]);
    if (!exam) return null;
    // A template exam's part: its statements are grouped under the exam the teacher created.
    const part = await partRowOf(q, exam.id);
    const parent = part ? await q.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [part.parent_id]) : undefined;
    return { attempt, exam, scenarioId: exam.scenario_id, ...(part && parent ? { part: { row: part, parent } } : {}) };
  }

  private examActivity(c: { exam: ExamRow; scenarioId?: string }): Activity {
    return {
      objectType: 'Activity',
      id: `${this.base()}/exams/${encodeURIComponent(c.exam.id)}`,
      definition: { type: ASSESSMENT, name: { 'zh-CN': c.exam.title, 'en-US': c.exam.title }, ...(c.scenarioId ? { extensions: { [this.ext('scenario')]: c.scenarioId } } : {}) },
    };
  }

  /**
   * A template exam's total (docs/hub.md "Exam templates"), after a part's grade was stored: once
   * every part of the student's has a grade, `scored` for the exam the teacher created, with the
   * weighted total and each part's score; again whenever a part's grade changes (a re-grade, a retake).
   */
  async examTotal(q: Queryable, attemptId: string, at: number): Promise<void> {
    const c = await this.load(q, attemptId);
    if (!c?.part) return;
    const parent = c.part.parent;
    const parts = await partsOf(q, parent.id);
    const attempts = await q.all<AttemptRow>(`SELECT * FROM attempts WHERE exam_id IN (${marks(parts.length)}) AND student_no = ?`, [...parts.map((p) => p.exam_id), c.attempt.student_no]);
    const grades = attempts.length ? await q.all<GradeRow>(`SELECT * FROM grades WHERE attempt_id IN (${marks(attempts.length)}) ORDER BY n`, attempts.map((a) => a.id)) : [];
    const result = examResult(parts, attempts, new Map(grades.map((g) => [g.attempt_id, g])), Number(parent.pass_mark));
    if (result.total === null) return;
    const total = result.total;
    const whole = { attempt: c.attempt, exam: parent };
    const s = this.statement(whole, 'scored', at, {
      result: {
        score: { raw: total, min: 0, max: 100, scaled: clampScaled(total / 100) },
        success: result.passed === true,
        completion: true,
        extensions: {
          [this.ext('pass-mark')]: Number(parent.pass_mark),
          [this.ext('template')]: parent.template,
          [this.ext('parts')]: result.parts.map((r) => ({ unit: r.part.unit, weight: r.part.weight, score: r.score, attempt: r.attempt?.id ?? null })),
          [this.ext('formula')]: totalFormula(parts),
        },
      },
      registration: examRegistrationOf(parent.id, c.attempt.student_no),
    });
    await this.store(q, whole, [s]);
  }

  private statement(
    c: { attempt: AttemptRow; exam: ExamRow; scenarioId?: string; part?: Context['part'] },
    verb: keyof typeof XAPI_VERBS,
    at: number,
    o: { object?: Activity; result?: XapiStatement['result']; parent?: Activity[]; grouping?: Activity[]; ref?: string; extensions?: Record<string, unknown>; registration?: string },
  ): XapiStatement {
    const { attempt, exam } = c;
    // A part's statements are grouped under the whole exam.
    const grouping = [...(o.grouping ?? []), ...(c.part ? [this.examActivity({ exam: c.part.parent })] : [])];
    const activities = { ...(o.parent ? { parent: o.parent } : {}), ...(grouping.length ? { grouping } : {}) };
    const partExt = c.part ? { [this.ext('part')]: { index: Number(c.part.row.idx), unit: c.part.row.unit, weight: Number(c.part.row.weight) } } : {};
    return {
      id: randomUUID(),
      actor: { objectType: 'Agent', name: attempt.name, account: { homePage: this.base(), name: attempt.student_no } },
      verb: XAPI_VERBS[verb],
      object: o.object ?? this.examActivity(c),
      ...(o.result ? { result: o.result } : {}),
      context: {
        registration: o.registration ?? registrationOf(attempt.id),
        platform: 'livesim',
        language: exam.language === 'zh' ? 'zh-CN' : 'en-US',
        ...(o.ref ? { statement: { objectType: 'StatementRef' as const, id: o.ref } } : {}),
        ...(Object.keys(activities).length ? { contextActivities: activities } : {}),
        extensions: { [this.ext('attempt')]: { id: attempt.id, number: attempt.number, className: attempt.class_name }, ...partExt, ...o.extensions },
      },
      timestamp: new Date(at).toISOString(),
      version: '1.0.3',
    };
  }

  /**
   * Store in order. `created_at` is the order key: the event's time on the hub's clock, moved on
   * by a millisecond where the attempt already has a statement at that time (the start, the end
   * and the grade can fall in one millisecond), so that (created_at, attempt) orders an exam's
   * statements as they were made. The statement's own `timestamp` is the event's time.
   */
  private async store(q: Queryable, c: { attempt: AttemptRow; exam: ExamRow }, statements: XapiStatement[]): Promise<void> {
    const top = await q.get<{ t: number | null }>('SELECT MAX(created_at) AS t FROM xapi_statements WHERE exam_id = ? AND attempt_id = ?', [c.exam.id, c.attempt.id]);
    let t = top?.t ?? -Infinity;
    for (const s of statements) {
      const at = Date.parse(s.timestamp);
      t = Math.max(at, t + 1);
      // Due at once (the event's time: `t` may be a few ms ahead of the clock).
      await q.run('INSERT INTO xapi_statements (id, exam_id, attempt_id, created_at, statement, next_at) VALUES (?, ?, ?, ?, ?, ?)', [s.id, c.exam.id, c.attempt.id, t, JSON.stringify(s), at]);
    }
  }
}

/** All statements of an exam (a template exam's: its parts' and its totals), in the order they were made. */
export async function examStatements(db: Queryable, examId: string): Promise<XapiStatement[]> {
  const rows = await db.all<{ statement: string }>('SELECT statement FROM xapi_statements WHERE exam_id = ? OR exam_id IN (SELECT p.exam_id FROM exam_parts p WHERE p.parent_id = ?) ORDER BY created_at, attempt_id', [examId, examId]);
  return rows.map((r) => JSON.parse(r.statement) as XapiStatement);
}

// ---------------------------------------------------------------------------------------------
// Sending

export interface LrsConfig {
  /** The LRS's xAPI endpoint, e.g. https://lrs.example/xapi/ (statements go to …/statements). */
  endpoint: string;
  username: string;
  password: string;
}

/** The LRS from the command line or the environment (LIVESIM_XAPI_*); null when none; throws on half a configuration. */
export function lrsConfig(args: { endpoint?: string; username?: string; password?: string }, env: NodeJS.ProcessEnv = process.env): LrsConfig | null {
  const endpoint = args.endpoint ?? env.LIVESIM_XAPI_ENDPOINT;
  const username = args.username ?? env.LIVESIM_XAPI_USERNAME;
  const password = args.password ?? env.LIVESIM_XAPI_PASSWORD;
  if (!endpoint) {
    if (username || password) throw new Error('an xAPI user name or password was given without --xapi-endpoint');
    return null;
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`--xapi-endpoint must be an http(s) URL, not "${endpoint}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--xapi-endpoint must be an http(s) URL, not "${endpoint}"`);
  if (url.username || url.password) throw new Error('put the LRS credentials in --xapi-username/--xapi-password (or LIVESIM_XAPI_USERNAME/_PASSWORD), not in the URL');
  if (!username || password === undefined) throw new Error('--xapi-endpoint needs --xapi-username and --xapi-password (or LIVESIM_XAPI_USERNAME and LIVESIM_XAPI_PASSWORD)');
  return { endpoint: url.toString(), username, password };
}

export interface SenderOptions {
  /** The hub's clock (sent_at, next_at). */
  now?: () => number;
  /** Statements per POST. */
  batchSize?: number;
  /** First retry delay after a failure; it doubles with each failure of the statement, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed batch stays claimed (a process that died while sending: others take it after this). */
  claimMs?: number;
  /** An LRS that does not answer within this is a failure. */
  timeoutMs?: number;
  /** How often the loop looks for due statements. */
  pollMs?: number;
  logError?: (message: string) => void;
}

class LrsError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** @xapi/xapi's request adapter on Node's fetch, with a timeout and the status in the error. */
type Adapter = NonNullable<ConstructorParameters<typeof XAPI>[0]['adapter']>;
function fetchAdapter(timeoutMs: number): Adapter {
  return (async ({ url, method, data, headers }: { url: string; method: string; data?: unknown; headers?: Record<string, string> }) => {
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: data === undefined ? undefined : JSON.stringify(data), signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (e as Error).message);
      throw new LrsError(`the LRS could not be reached: ${why}`);
    }
    const text = await res.text();
    if (!res.ok) throw new LrsError(`the LRS answered ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`, res.status);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : '';
    } catch {
      // not JSON: keep the text
    }
    return { data: body, headers: Object.fromEntries(res.headers.entries()), status: res.status };
  }) as Adapter;
}

export interface SendResult {
  sent: number;
  failed: number;
}

/** Posts due statements to the LRS, in batches, with retries and backoff. */
export class XapiSender {
  private readonly xapi: XAPI;
  private readonly now: () => number;
  private readonly o: Required<Omit<SenderOptions, 'now' | 'logError'>> & Pick<SenderOptions, 'logError'>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  /** stop() was called: a flush in progress ends after its batch. */
  private halting = false;
  /** The last failure, logged once until a send succeeds again. */
  private failing = false;

  constructor(
    private readonly db: Db,
    readonly lrs: LrsConfig,
    opts: SenderOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.o = { batchSize: 50, baseDelayMs: 5_000, maxDelayMs: 600_000, claimMs: 120_000, timeoutMs: 30_000, pollMs: 2_000, ...opts };
    this.xapi = new XAPI({ endpoint: lrs.endpoint, auth: XAPI.toBasicAuth(lrs.username, lrs.password), version: '1.0.3', adapter: fetchAdapter(this.o.timeoutMs) });
  }

  /** The retry delay after a statement's `tries`-th failure: 5 s, 10 s, 20 s… at most 10 min. */
  delay(tries: number): number {
    return Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.max(0, Math.min(tries - 1, 30)));
  }

  /** Take up to a batch of due statements for this process (a row another process took is skipped). */
  private claim(): Promise<StatementRow[]> {
    const now = this.now();
    return this.db.tx(async (q) => {
      const due = await q.all<StatementRow>('SELECT * FROM xapi_statements WHERE sent_at IS NULL AND next_at <= ? ORDER BY created_at, attempt_id LIMIT ?', [now, this.o.batchSize]);
      const mine: StatementRow[] = [];
      for (const r of due) {
        const n = await q.run('UPDATE xapi_statements SET next_at = ? WHERE id = ? AND sent_at IS NULL AND next_at = ?', [now + this.o.claimMs, r.id, r.next_at]);
        if (n) mine.push(r);
      }
      return mine;
    });
  }

  private async post(rows: StatementRow[]): Promise<void> {
    await this.xapi.sendStatements({ statements: rows.map((r) => JSON.parse(r.statement) as Statement) });
  }

  private async settle(rows: StatementRow[], error: string | null): Promise<void> {
    const now = this.now();
    if (error === null) this.failing = false;
    await this.db.tx(async (q) => {
      for (const r of rows) {
        if (error === null) await q.run('UPDATE xapi_statements SET sent_at = ?, tries = tries + 1, last_error = NULL WHERE id = ? AND sent_at IS NULL', [now, r.id]);
        else await q.run('UPDATE xapi_statements SET tries = tries + 1, next_at = ?, last_error = ? WHERE id = ? AND sent_at IS NULL', [now + this.delay(r.tries + 1), error.slice(0, 1000), r.id]);
      }
    });
  }

  /** Send one batch of due statements (none due: nothing). */
  async sendBatch(): Promise<SendResult> {
    const rows = await this.claim();
    if (rows.length === 0) return { sent: 0, failed: 0 };
    try {
      await this.post(rows);
      await this.settle(rows, null);
      return { sent: rows.length, failed: 0 };
    } catch (e) {
      const err = e instanceof LrsError ? e : new LrsError(e instanceof Error ? e.message : String(e));
      // A refusal of the batch (one bad or already-stored statement): try them one by one, so the
      // others are not held back by it.
      if (rows.length > 1 && err.status !== undefined && [400, 409, 413].includes(err.status)) {
        let sent = 0;
        for (const r of rows) sent += await this.sendOne(r);
        return { sent, failed: rows.length - sent };
      }
      await this.settle(rows, err.message);
      this.report(err.message, rows.length);
      return { sent: 0, failed: rows.length };
    }
  }

  private async sendOne(r: StatementRow): Promise<number> {
    try {
      await this.post([r]);
    } catch (e) {
      const err = e instanceof LrsError ? e : new LrsError(e instanceof Error ? e.message : String(e));
      // 409: the LRS already holds a statement with this id (sent before a crash): it is there.
      if (err.status !== 409) {
        await this.settle([r], err.message);
        this.report(err.message, 1);
        return 0;
      }
    }
    await this.settle([r], null);
    return 1;
  }

  private report(message: string, n: number): void {
    if (this.failing) return;
    this.failing = true;
    (this.o.logError ?? ((m: string) => console.error(m)))(`hub: sending ${n} xAPI statement(s) to ${this.lrs.endpoint} failed (retried later with backoff): ${message}`);
  }

  /** Send batches until nothing is due or a batch fails. */
  async flush(): Promise<SendResult> {
    const total = { sent: 0, failed: 0 };
    for (;;) {
      const r = await this.sendBatch();
      total.sent += r.sent;
      total.failed += r.failed;
      if (r.sent === 0 || r.failed > 0 || this.halting) return total;
    }
  }

  /** Start the loop (every `pollMs`, in the background; never awaited by a request). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halting = false;
    const tick = () => {
      this.timer = null;
      this.running = this.flush()
        .catch((e: unknown) => (this.o.logError ?? ((m: string) => console.error(m)))(`hub: the xAPI sender failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stop the loop and wait for a batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
