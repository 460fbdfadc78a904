/**
 * The exam hub's domain: teachers and their sessions, exams, students' attempts and the
 * witnessed record of each attempt (entries, flags, grades). HTTP and WebSocket live in
 * server.ts; this file knows nothing of them, so tests drive it directly.
 *
 * Time is the hub's own clock (`now`), never the page's: the attempt starts when the hub says so,
 * each entry is stamped when it arrives, and the deadline is the hub's.
 */
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINE_VERSION, loadScenarioText, scenarioHash, type ActionInput, type Scenario, type ScenarioIssue } from '../engine';
import { rubricIds, type ScoreReport } from '../scoring';
import { hashPassword, newId, newToken, tokenHash, verifyPassword } from './auth';
import type { Db, Queryable } from './db/db';
import type { EventBus } from './events';
import { gradeAttempt, loadExamScenario, type Grade } from './grade';
import type { GradeJob } from './grade-pool';
import { examSebFile } from './seb';
import { XapiRecorder } from './xapi';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, type AttemptInfo, type AttemptStatus, type EntryMessage, type ServerMessage } from './protocol';
import type { z } from 'zod';
import type { createExamBody, joinBody, setupBody } from './protocol';

/** Rules of the witnessed attempt (docs/hub.md "Flags"). */
export const EXAM_RULES = {
  /** Sim time may run this far ahead of the hub's wall clock since the start before it is flagged. */
  aheadToleranceMs: 5_000,
  /** An action arriving this long after its sim time is flagged (a resend after a drop, or backdating). */
  backdateToleranceMs: 30_000,
  /** A connection gap at least this long is flagged. */
  longDisconnectMs: 15_000,
  /** Entries still arriving this long after the deadline are accepted (the page resending after a drop). */
  lateGraceMs: 60_000,
  /** A paste of at least this many characters into the talk box is flagged. */
  largePasteChars: 30,
  /** Teacher sessions last this long. */
  sessionMs: 12 * 3600_000,
} as const;

export type FlagKind = 'ahead' | 'backdated' | 'disconnect' | 'hidden' | 'paste' | 'conflict' | 'late' | 'rejoined' | 'no-finish';

export interface Teacher {
  id: string;
  username: string;
}

export interface ExamRow {
  id: string;
  teacher_id: string;
  title: string;
  scenario_hash: string;
  engine_version: string;
  rubric: string;
  time_limit_ms: number;
  pass_mark: number;
  seed_policy: 'shared' | 'per-student';
  seed: number | null;
  language: 'zh' | 'en';
  opens_at: number | null;
  closes_at: number | null;
  join_code: string;
  created_at: number;
  ended_at: number | null;
  /** Safe Exam Browser required (1) or not (0); its settings file (.seb XML) and Config Key (src/hub/seb.ts). */
  seb_required: number;
  seb_settings: string | null;
  seb_config_key: string | null;
}

export interface AttemptRow {
  id: string;
  exam_id: string;
  student_no: string;
  name: string;
  class_name: string;
  number: number;
  token_hash: string;
  seed: number;
  status: AttemptStatus | 'granted';
  joined_at: number;
  started_at: number | null;
  deadline: number | null;
  ended_at: number | null;
  acked: number;
  last_seen: number | null;
  quiz: string | null;
  rejoin: number;
  note: string | null;
  /** Time the teacher added to this attempt (ms; src/hub/proctor.ts). */
  extra_ms: number;
}

interface EntryRow {
  attempt_id: string;
  seq: number;
  kind: string;
  sim_ms: number;
  client_ms: number;
  received_at: number;
  body: string;
}

export interface FlagRow {
  id: string;
  attempt_id: string;
  kind: FlagKind;
  at: number;
  sim_ms: number | null;
  detail: string;
}

export interface GradeRow {
  id: string;
  attempt_id: string;
  n: number;
  created_at: number;
  reason: 'exam' | 'regrade';
  app_version: string;
  engine_version: string;
  digest: string;
  total: number;
  passed: number;
  report: string;
}

/** A refusal the HTTP layer turns into a status code and a message. */
export class HubError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 422 | 429,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ShippedScenario {
  id: string;
  file: string;
  title: { zh: string; en: string };
  durationSec: number;
  level: string;
  language: string;
}

export interface HubOptions {
  /** The shipped scenarios' folder. */
  scenariosDir: string;
  /** livesim's version (package.json), recorded with each grade. */
  appVersion: string;
  now?: () => number;
  /** How fast `now` runs against real time (told to the pages, so they follow it): 1 but in tests (main.ts --time-scale). */
  clockRate?: number;
  /** Grade off the event loop (server.ts passes a worker pool); default: in this thread. */
  grade?: (job: GradeJob, scenario: Scenario) => Promise<Grade>;
  /** Where failures that no request waits for go (grading after a finish, the sweep); default: stderr. */
  logError?: (message: string) => void;
  /** The events between hub processes (src/hub/events.ts); default: the database's (`db.events()`). */
  events?: EventBus;
  /** The address students use (xAPI activity ids and the students' accounts live under it); default http://localhost. */
  publicUrl?: () => string;
}

type SetupBody = z.output<typeof setupBody>;
type CreateExamBody = z.output<typeof createExamBody>;
type JoinBody = z.output<typeof joinBody>;

const scenarioCache = new Map<string, Scenario>();

export class Hub {
  readonly now: () => number;
  /** The xAPI statements of each attempt, recorded in the transaction of the event (src/hub/xapi.ts). */
  readonly xapi: XapiRecorder;
  private readonly grader: NonNullable<HubOptions['grade']>;
  private shipped: Map<string, ShippedScenario & { yaml: string }> | null = null;
  /** Attempts being graded now (so a second request waits for the same grade). */
  private readonly grading = new Map<string, Promise<GradeRow | null>>();
  /**
   * What other hub processes' sockets must hear of ('closed': tell the student's page;
   * 'rejoined': drop the old page's socket). server.ts subscribes.
   */
  readonly events: EventBus;

  constructor(
    readonly db: Db,
    readonly opts: HubOptions,
  ) {
    this.events = opts.events ?? db.events();
    this.now = opts.now ?? Date.now;
    this.grader = opts.grade ?? (async (job, scenario) => gradeAttempt({ ...job, scenario }));
    this.xapi = new XapiRecorder({ publicUrl: opts.publicUrl ?? (() => 'http://localhost') });
  }

  // -------------------------------------------------------------------------------------------
  // Teachers

  async hasTeacher(): Promise<boolean> {
    return (await this.db.get('SELECT id FROM teachers LIMIT 1')) !== undefined;
  }

  /**
   * While no teacher exists: a fresh one-time setup token (the old one stops working), for the
   * link the hub prints at start. Null once a teacher exists.
   */
  async newSetupToken(): Promise<string | null> {
    if (await this.hasTeacher()) return null;
    const token = newToken();
    await this.db.run("INSERT INTO settings (key, value) VALUES ('setup_token', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [tokenHash(token)]);
    return token;
  }

  /** Create the first teacher with the one-time setup token; returns a session token. */
  async setup(body: SetupBody): Promise<{ teacher: Teacher; session: string }> {
    const hash = await hashPassword(body.password);
    const teacher = await this.db.tx(async (q) => {
      const row = await q.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'setup_token'${q.forUpdate}`);
      if (!row || row.value !== tokenHash(body.token)) throw new HubError(403, 'this setup link is not valid (it works once; restart the hub for a new one if no teacher account exists yet)');
      if (await q.get('SELECT id FROM teachers LIMIT 1')) throw new HubError(409, 'a teacher account exists already: log in');
      const t = { id: newId(), username: body.username };
      await q.run('INSERT INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)', [t.id, t.username, hash, this.now()]);
      await q.run("DELETE FROM settings WHERE key = 'setup_token'");
      await this.audit(q, t.id, 'setup', { username: t.username });
      return t;
    });
    return { teacher, session: await this.newSession(teacher.id) };
  }

  /** Add another teacher (by a logged-in teacher). */
  async addTeacher(by: Teacher, body: { username: string; password: string }): Promise<Teacher> {
    const hash = await hashPassword(body.password);
    return this.db.tx(async (q) => {
      if (await q.get('SELECT id FROM teachers WHERE username = ?', [body.username])) throw new HubError(409, `the user name "${body.username}" is taken`);
      const t = { id: newId(), username: body.username };
      await q.run('INSERT INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)', [t.id, t.username, hash, this.now()]);
      await this.audit(q, by.id, 'add-teacher', { username: t.username });
      return t;
    });
  }

  async login(username: string, password: string): Promise<{ teacher: Teacher; session: string } | null> {
    const row = await this.db.get<{ id: string; username: string; password_hash: string }>('SELECT id, username, password_hash FROM teachers WHERE username = ?', [username]);
    // Hash even for an unknown name, so the time taken does not tell which names exist.
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok) return null;
    return { teacher: { id: row.id, username: row.username }, session: await this.newSession(row.id) };
  }

  private async newSession(teacherId: string): Promise<string> {
    const token = newToken();
    const now = this.now();
    await this.db.run('INSERT INTO sessions (token_hash, teacher_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [tokenHash(token), teacherId, now, now + EXAM_RULES.sessionMs]);
    return token;
  }

  async teacherBySession(token: string | undefined): Promise<Teacher | null> {
    if (!token) return null;
    const row = await this.db.get<Teacher & { expires_at: number }>('SELECT t.id, t.username, s.expires_at FROM sessions s JOIN teachers t ON t.id = s.teacher_id WHERE s.token_hash = ?', [tokenHash(token)]);
    if (!row || row.expires_at < this.now()) return null;
    return { id: row.id, username: row.username };
  }

  async logout(token: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash(token)]);
  }

  /** Record a teacher's action (shown on the exam page: GET /api/exams/:id/audit). */
  async audit(q: Queryable, teacherId: string | null, action: string, detail: unknown): Promise<void> {
    await q.run('INSERT INTO audit (id, at, teacher_id, action, detail) VALUES (?, ?, ?, ?, ?)', [newId(), this.now(), teacherId, action, JSON.stringify(detail)]);
  }

  // -------------------------------------------------------------------------------------------
  // Scenarios

  /** The shipped scenarios (read once from the folder). */
  shippedScenarios(): ShippedScenario[] {
    return [...this.loadShipped().values()].map(({ yaml: _yaml, ...s }) => s);
  }

  private loadShipped(): Map<string, ShippedScenario & { yaml: string }> {
    if (this.shipped) return this.shipped;
    const out = new Map<string, ShippedScenario & { yaml: string }>();
    for (const f of readdirSync(this.opts.scenariosDir).filter((x) => x.endsWith('.yaml')).sort()) {
      const file = path.join(this.opts.scenariosDir, f);
      const yaml = readFileSync(file, 'utf8');
      const r = loadScenarioText(yaml, `scenarios/${f}`, { rubrics: rubricIds() });
      if (!r.ok) continue; // the tests keep every shipped scenario valid
      const m = r.scenario.meta;
      out.set(m.id, { id: m.id, file: f, title: m.title, durationSec: m.durationSec, level: m.level, language: m.language, yaml });
    }
    this.shipped = out;
    return out;
  }

  /** Check a teacher's YAML with the same messages as `livesim validate`. */
  checkScenario(yaml: string, fileName = 'scenario.yaml'): { ok: true; scenario: Scenario; warnings: ScenarioIssue[] } | { ok: false; errors: ScenarioIssue[] } {
    const r = loadScenarioText(yaml, fileName, { rubrics: rubricIds() });
    return r.ok ? { ok: true, scenario: r.scenario, warnings: r.warnings } : { ok: false, errors: r.errors };
  }

  private async scenarioOf(hash: string): Promise<{ scenario: Scenario; yaml: string; file: string }> {
    const row = await this.db.get<{ yaml: string; scenario_id: string; file_name: string | null }>('SELECT yaml, scenario_id, file_name FROM scenarios WHERE hash = ?', [hash]);
    if (!row) throw new HubError(404, 'the exam\'s scenario is missing from the database');
    const file = row.file_name ?? `${row.scenario_id}.yaml`;
    let s = scenarioCache.get(hash);
    if (!s) {
      s = loadExamScenario(row.yaml, file);
      scenarioCache.set(hash, s);
    }
    return { scenario: s, yaml: row.yaml, file };
  }

  // -------------------------------------------------------------------------------------------
  // Exams

  /** `joinUrl` gives the exam's join page from its code (the start page of its .seb file, when it requires Safe Exam Browser). */
  async createExam(teacher: Teacher, body: CreateExamBody, joinUrl?: (code: string) => string): Promise<ExamRow> {
    if (body.requireSeb && !joinUrl) throw new HubError(400, 'requireSeb: the hub needs its public address to write the Safe Exam Browser file');
    let yaml: string;
    let source: 'shipped' | 'uploaded';
    let fileName: string | null = null;
    if ('shipped' in body.scenario) {
      const s = this.loadShipped().get(body.scenario.shipped);
      if (!s) throw new HubError(422, `no shipped scenario "${body.scenario.shipped}"`, { field: 'scenario.shipped' });
      yaml = s.yaml;
      source = 'shipped';
      fileName = `scenarios/${s.file}`;
    } else {
      yaml = body.scenario.yaml;
      source = 'uploaded';
      fileName = body.scenario.fileName?.replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'scenario.yaml';
    }
    const checked = this.checkScenario(yaml, fileName);
    if (!checked.ok) throw new HubError(422, `${fileName} is not a valid scenario`, { errors: checked.errors });
    const scenario = checked.scenario;
    const hash = scenarioHash(scenario);
    const seed = body.seedPolicy === 'shared' ? (body.seed ?? randomInt(1, 2 ** 31 - 1)) : null;
    const now = this.now();
    return this.db.tx(async (q) => {
      await q.run('INSERT INTO scenarios (hash, scenario_id, title, source, file_name, yaml, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING', [hash, scenario.meta.id, scenario.meta.title.zh, source, fileName, yaml, now]);
      let code = '';
      for (let i = 0; i < 20 && !code; i++) {
        const c = Array.from({ length: JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('');
        if (!(await q.get('SELECT id FROM exams WHERE join_code = ?', [c]))) code = c;
      }
      const exam: ExamRow = {
        id: newId(),
        teacher_id: teacher.id,
        title: body.title,
        scenario_hash: hash,
        engine_version: ENGINE_VERSION,
        rubric: scenario.meta.rubric,
        time_limit_ms: body.timeLimitMin * 60_000,
        pass_mark: body.passMark,
        seed_policy: body.seedPolicy,
        seed,
        language: body.language,
        opens_at: body.opensAt ?? null,
        closes_at: body.closesAt ?? null,
        join_code: code,
        created_at: now,
        ended_at: null,
        seb_required: 0,
        seb_settings: null,
        seb_config_key: null,
      };
      await q.run(
        'INSERT INTO exams (id, teacher_id, title, scenario_hash, engine_version, rubric, time_limit_ms, pass_mark, seed_policy, seed, language, opens_at, closes_at, join_code, created_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [exam.id, exam.teacher_id, exam.title, exam.scenario_hash, exam.engine_version, exam.rubric, exam.time_limit_ms, exam.pass_mark, exam.seed_policy, exam.seed, exam.language, exam.opens_at, exam.closes_at, exam.join_code, exam.created_at, null],
      );
      if (body.requireSeb && joinUrl) {
        const seb = examSebFile(joinUrl(code));
        await q.run('UPDATE exams SET seb_required = 1, seb_settings = ?, seb_config_key = ? WHERE id = ?', [seb.xml, seb.configKey, exam.id]);
        Object.assign(exam, { seb_required: 1, seb_settings: seb.xml, seb_config_key: seb.configKey });
      }
      await this.audit(q, teacher.id, 'create-exam', { exam: exam.id, title: exam.title, scenario: scenario.meta.id, hash, ...(exam.seb_required ? { seb: true } : {}) });
      return exam;
    });
  }

  async listExams(teacher: Teacher): Promise<(ExamRow & { scenario_id: string; scenario_title: string; attempts: number })[]> {
    return this.db.all(
      'SELECT e.*, s.scenario_id, s.title AS scenario_title, (SELECT COUNT(*) FROM attempts a WHERE a.exam_id = e.id AND a.status <> ?) AS attempts FROM exams e JOIN scenarios s ON s.hash = e.scenario_hash WHERE e.teacher_id = ? ORDER BY e.created_at DESC',
      ['granted', teacher.id],
    );
  }

  /** An exam of this teacher's (404 for anyone else's: its existence is not told). */
  async examOf(teacher: Teacher, examId: string): Promise<ExamRow> {
    const e = await this.db.get<ExamRow>('SELECT * FROM exams WHERE id = ? AND teacher_id = ?', [examId, teacher.id]);
    if (!e) throw new HubError(404, 'no such exam');
    return e;
  }

  /** The Config Key a student's requests must prove, when the exam (by id or join code) requires Safe Exam Browser; else null. */
  async sebConfigKey(exam: { id: string } | { joinCode: string }): Promise<string | null> {
    const row = 'id' in exam ? await this.db.get<Pick<ExamRow, 'seb_required' | 'seb_config_key'>>('SELECT seb_required, seb_config_key FROM exams WHERE id = ?', [exam.id]) : await this.db.get<Pick<ExamRow, 'seb_required' | 'seb_config_key'>>('SELECT seb_required, seb_config_key FROM exams WHERE join_code = ?', [exam.joinCode]);
    return row?.seb_required ? row.seb_config_key : null;
  }

  async examScenario(exam: ExamRow): Promise<{ scenario: Scenario; yaml: string; file: string }> {
    return this.scenarioOf(exam.scenario_hash);
  }

  /** End the exam: no more joins or starts; every attempt still open is closed and graded. */
  async endExam(teacher: Teacher, examId: string): Promise<void> {
    const exam = await this.examOf(teacher, examId);
    const now = this.now();
    const open = await this.db.tx(async (q) => {
      // The exam's row lock also waits for joins in progress on other hub processes (join locks it).
      await q.run('UPDATE exams SET ended_at = COALESCE(ended_at, ?) WHERE id = ?', [now, exam.id]);
      // Exactly the attempts this closed (one that finished meanwhile on another hub is not told "closed").
      const rows = await q.all<{ id: string }>("UPDATE attempts SET status = 'closed', ended_at = ? WHERE exam_id = ? AND status IN ('joined', 'live') RETURNING id", [now, exam.id]);
      for (const r of rows) await this.xapi.completed(q, r.id);
      await q.run("DELETE FROM attempts WHERE exam_id = ? AND status = 'granted'", [exam.id]);
      await this.audit(q, teacher.id, 'end-exam', { exam: exam.id, closedAttempts: rows.length });
      return rows;
    });
    for (const a of open) this.events.publish({ kind: 'closed', attemptId: a.id, examId: exam.id, status: 'closed' });
    await this.gradeMissing(exam.id);
  }

  // -------------------------------------------------------------------------------------------
  // Students

  private examOpen(exam: ExamRow, now: number): string | null {
    if (exam.ended_at !== null) return 'this exam has ended';
    if (exam.opens_at !== null && now < exam.opens_at) return `this exam opens at ${new Date(exam.opens_at).toISOString()}`;
    if (exam.closes_at !== null && now >= exam.closes_at) return 'this exam has closed';
    return null;
  }

  /**
   * A student joins with the exam's code. The first join makes the attempt and assigns its seed;
   * joining again with the same student number is refused (the page that joined resumes by
   * itself) unless the teacher let the student rejoin, or granted a retake.
   */
  async join(body: JoinBody): Promise<{ token: string; attempt: AttemptRow }> {
    const exam = await this.db.get<ExamRow>('SELECT * FROM exams WHERE join_code = ?', [body.code]);
    if (!exam) throw new HubError(404, 'no exam has this join code: check it with your teacher');
    const now = this.now();
    const closed = this.examOpen(exam, now);
    if (closed) throw new HubError(410, closed);
    const token = newToken();
    let rejoined = false;
    const attempt = await this.db.tx(async (q) => {
      // Joins of one exam one at a time across hub processes (two pages joining with one student
      // number), and none once the exam ended (endExam updates this row first).
      const locked = await q.get<ExamRow>(`SELECT * FROM exams WHERE id = ?${q.forUpdate}`, [exam.id]);
      const ended = locked && this.examOpen(locked, now);
      if (ended) throw new HubError(410, ended);
      const latest = await q.get<AttemptRow>('SELECT * FROM attempts WHERE exam_id = ? AND student_no = ? ORDER BY number DESC LIMIT 1', [exam.id, body.studentNo]);
      if (latest?.status === 'granted') {
        await q.run("UPDATE attempts SET token_hash = ?, status = 'joined', name = ?, class_name = ?, joined_at = ? WHERE id = ?", [tokenHash(token), body.name, body.className, now, latest.id]);
        return { ...latest, token_hash: tokenHash(token), status: 'joined' as const, name: body.name, class_name: body.className, joined_at: now };
      }
      if (latest && latest.rejoin) {
        await q.run('UPDATE attempts SET token_hash = ?, rejoin = 0 WHERE id = ?', [tokenHash(token), latest.id]);
        await this.flag(q, latest.id, 'rejoined', null, { name: body.name, className: body.className, sameName: body.name === latest.name });
        rejoined = true;
        return { ...latest, token_hash: tokenHash(token), rejoin: 0 };
      }
      if (latest) {
        const done = !['joined', 'live'].includes(latest.status);
        throw new HubError(409, done ? 'this student number has already taken this exam; a retake needs your teacher' : 'this student number has already joined: continue on the computer where you joined (reloading the page resumes), or ask your teacher to let you rejoin');
      }
      const a: AttemptRow = {
        id: newId(),
        exam_id: exam.id,
        student_no: body.studentNo,
        name: body.name,
        class_name: body.className,
        number: 1,
        token_hash: tokenHash(token),
        seed: exam.seed_policy === 'shared' && exam.seed !== null ? exam.seed : randomInt(1, 2 ** 31 - 1),
        status: 'joined',
        joined_at: now,
        started_at: null,
        deadline: null,
        ended_at: null,
        acked: 0,
        last_seen: null,
        quiz: null,
        rejoin: 0,
        note: null,
        extra_ms: 0,
      };
      await q.run('INSERT INTO attempts (id, exam_id, student_no, name, class_name, number, token_hash, seed, status, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [a.id, a.exam_id, a.student_no, a.name, a.class_name, a.number, a.token_hash, a.seed, a.status, a.joined_at]);
      return a;
    });
    // The old token no longer works; the page still connected with it loses its socket too.
    if (rejoined) this.events.publish({ kind: 'rejoined', attemptId: attempt.id, examId: attempt.exam_id });
    return { token, attempt };
  }

  async attemptByToken(token: string | undefined): Promise<AttemptRow | null> {
    if (!token) return null;
    return (await this.db.get<AttemptRow>('SELECT * FROM attempts WHERE token_hash = ?', [tokenHash(token)])) ?? null;
  }

  async attemptInfo(a: AttemptRow): Promise<AttemptInfo> {
    const exam = (await this.db.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [a.exam_id]))!;
    const { scenario, yaml } = await this.scenarioOf(exam.scenario_hash);
    return {
      attemptId: a.id,
      examTitle: exam.title,
      name: a.name,
      studentNo: a.student_no,
      className: a.class_name,
      scenarioId: scenario.meta.id,
      scenarioYaml: yaml,
      seed: a.seed,
      engineVersion: exam.engine_version,
      language: exam.language,
      // The exam's limit and any time the teacher added to this attempt.
      timeLimitMs: exam.time_limit_ms + Number(a.extra_ms ?? 0),
      startedAt: a.started_at,
      deadline: a.deadline,
      status: a.status === 'granted' ? 'joined' : a.status,
      acked: a.acked,
      serverNow: this.now(),
      clockRate: this.opts.clockRate ?? 1,
    };
  }

  /** The live room opens: the hub stamps the start and the deadline (once; a reload keeps them). */
  async start(a: AttemptRow): Promise<AttemptRow> {
    if (a.status !== 'joined') return a;
    const exam = (await this.db.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [a.exam_id]))!;
    const now = this.now();
    const closed = this.examOpen(exam, now);
    if (closed) throw new HubError(410, closed);
    const deadline = now + exam.time_limit_ms + Number(a.extra_ms ?? 0);
    const changed = await this.db.tx(async (q) => {
      const n = await q.run("UPDATE attempts SET status = 'live', started_at = ?, deadline = ?, last_seen = ? WHERE id = ? AND status = 'joined'", [now, deadline, now, a.id]);
      if (n) await this.xapi.initialized(q, a.id);
      return n;
    });
    if (!changed) return (await this.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [a.id]))!;
    return { ...a, status: 'live', started_at: now, deadline, last_seen: now };
  }

  /** The actions and flags the hub holds for an attempt, in seq order (a page that lost its journal rebuilds from them). */
  async entries(attemptId: string): Promise<{ seq: number; kind: string; simMs: number; receivedAt: number; body: unknown }[]> {
    const rows = await this.db.all<EntryRow>('SELECT * FROM entries WHERE attempt_id = ? ORDER BY seq', [attemptId]);
    return rows.map((r) => ({ seq: r.seq, kind: r.kind, simMs: r.sim_ms, receivedAt: r.received_at, body: JSON.parse(r.body) }));
  }

  /** One flag of this kind per attempt: the first occurrence raises it, later ones count and keep the largest `key`. */
  private async tally(q: Queryable, attemptId: string, kind: FlagKind, simMs: number, seq: number, key: string, value: number): Promise<void> {
    const prev = await q.get<{ id: string; detail: string }>('SELECT id, detail FROM flags WHERE attempt_id = ? AND kind = ?', [attemptId, kind]);
    if (!prev) return this.flag(q, attemptId, kind, simMs, { [key]: value, count: 1, firstSeq: seq, lastSeq: seq });
    const d = JSON.parse(prev.detail) as Record<string, number>;
    await q.run('UPDATE flags SET detail = ? WHERE id = ?', [JSON.stringify({ ...d, [key]: Math.max(d[key] ?? 0, value), count: (d.count ?? 1) + 1, lastSeq: seq }), prev.id]);
  }

  private async flag(q: Queryable, attemptId: string, kind: FlagKind, simMs: number | null, detail: Record<string, unknown>): Promise<void> {
    await q.run('INSERT INTO flags (id, attempt_id, kind, at, sim_ms, detail) VALUES (?, ?, ?, ?, ?, ?)', [newId(), attemptId, kind, this.now(), simMs, JSON.stringify(detail)]);
  }

  /** The page (re)connected: a gap since it was last heard from is flagged when long. */
  async connected(a: AttemptRow): Promise<void> {
    const now = this.now();
    await this.db.tx(async (q) => {
      const row = await q.get<AttemptRow>(`SELECT * FROM attempts WHERE id = ?${q.forUpdate}`, [a.id]);
      if (row?.status === 'live' && row.last_seen !== null && now - row.last_seen >= EXAM_RULES.longDisconnectMs) {
        await this.flag(q, a.id, 'disconnect', null, { from: row.last_seen, to: now, seconds: Math.round((now - row.last_seen) / 1000) });
      }
      await q.run('UPDATE attempts SET last_seen = ? WHERE id = ?', [now, a.id]);
    });
  }

  /** The page was heard from (a message, or the socket closing). */
  async seen(attemptId: string): Promise<void> {
    await this.db.run('UPDATE attempts SET last_seen = ? WHERE id = ?', [this.now(), attemptId]);
  }

  /**
   * One entry from the page. Returns the answer to send back. An entry is acknowledged only
   * once it is committed to the database.
   */
  async receive(attemptId: string, m: EntryMessage): Promise<ServerMessage> {
    const now = this.now();
    const body = JSON.stringify(m.entry);
    const out = await this.db.tx(async (q): Promise<{ msg: ServerMessage; finished?: boolean }> => {
      // The attempt's row lock: entries of one attempt are stored one at a time, whichever hub process
      // each arrives at (no two with one seq, none skipped; the flags' tallies stay whole).
      const a = await q.get<AttemptRow>(`SELECT * FROM attempts WHERE id = ?${q.forUpdate}`, [attemptId]);
      if (!a) return { msg: { type: 'error', message: 'no such attempt' } };
      if (m.seq <= a.acked) {
        const held = await q.get<EntryRow>('SELECT * FROM entries WHERE attempt_id = ? AND seq = ?', [a.id, m.seq]);
        if (held && held.body === body && held.sim_ms === m.simMs) return { msg: { type: 'ack', seq: m.seq } };
        await this.flag(q, a.id, 'conflict', m.simMs, { seq: m.seq, held: held ? JSON.parse(held.body) : null, sent: m.entry });
        return { msg: { type: 'refused', seq: m.seq, code: 'conflict', message: `the hub already holds a different entry ${m.seq}; the hub's record stands` } };
      }
      if (m.seq > a.acked + 1) return { msg: { type: 'refused', seq: m.seq, code: 'gap', expected: a.acked + 1, message: `entry ${a.acked + 1} is missing: send from there` } };
      if (a.status !== 'live' || a.started_at === null || a.deadline === null) {
        return { msg: { type: 'refused', seq: m.seq, code: 'closed', message: a.status === 'joined' ? 'the attempt has not started' : 'the attempt is over' } };
      }
      if (now > a.deadline + EXAM_RULES.lateGraceMs) {
        await this.tally(q, a.id, 'late', m.simMs, m.seq, 'overMs', now - a.deadline);
        return { msg: { type: 'refused', seq: m.seq, code: 'closed', message: 'the time is up' } };
      }
      // Sim time may not run ahead of the hub's clock since the start.
      const elapsed = now - a.started_at;
      const simAt = m.entry.kind === 'action' ? Math.max(m.simMs, m.entry.action.t) : m.simMs;
      if (simAt > elapsed + EXAM_RULES.aheadToleranceMs) await this.tally(q, a.id, 'ahead', simAt, m.seq, 'maxAheadMs', simAt - elapsed);
      // An action that arrives long after its sim time: the resend after a disconnect (then a
      // 'disconnect' flag stands beside it), or actions made up afterwards and dated back.
      if (m.entry.kind === 'action' && elapsed - m.entry.action.t > EXAM_RULES.backdateToleranceMs) await this.tally(q, a.id, 'backdated', m.entry.action.t, m.seq, 'maxLagMs', elapsed - m.entry.action.t);
      if (m.entry.kind === 'flag') {
        if (m.entry.flag === 'hidden') await this.flag(q, a.id, 'hidden', m.simMs, { seq: m.seq });
        else if (m.entry.flag === 'visible') {
          const open = await q.get<{ id: string; at: number; detail: string }>("SELECT id, at, detail FROM flags WHERE attempt_id = ? AND kind = 'hidden' ORDER BY at DESC LIMIT 1", [a.id]);
          const d = open ? (JSON.parse(open.detail) as { seconds?: number }) : null;
          if (open && d && d.seconds === undefined) await q.run('UPDATE flags SET detail = ? WHERE id = ?', [JSON.stringify({ ...d, seconds: Math.round((now - open.at) / 1000) }), open.id]);
        } else if (m.entry.flag === 'paste' && (m.entry.chars ?? 0) >= EXAM_RULES.largePasteChars) await this.flag(q, a.id, 'paste', m.simMs, { chars: m.entry.chars });
      }
      await q.run('INSERT INTO entries (attempt_id, seq, kind, sim_ms, client_ms, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)', [a.id, m.seq, m.entry.kind, m.simMs, m.wallMs, now, body]);
      const finished = m.entry.kind === 'finish';
      if (finished) {
        await q.run("UPDATE attempts SET acked = ?, last_seen = ?, status = 'submitted', ended_at = ? WHERE id = ?", [m.seq, now, now, a.id]);
        await this.xapi.completed(q, a.id);
      } else await q.run('UPDATE attempts SET acked = ?, last_seen = ? WHERE id = ?', [m.seq, now, a.id]);
      return { msg: { type: 'ack', seq: m.seq }, finished };
    });
    if (out.finished) void this.gradeAttemptOnce(attemptId).catch((e: unknown) => this.gradeFailed(attemptId, e));
    return out.msg;
  }

  /** The review quiz's answers, taken once (they mark the review line, never the total). */
  async submitQuiz(a: AttemptRow, answers: Record<string, unknown>): Promise<void> {
    if (a.status === 'joined' || a.status === 'live') throw new HubError(409, 'the quiz opens after the live run');
    const changed = await this.db.run('UPDATE attempts SET quiz = ? WHERE id = ? AND quiz IS NULL', [JSON.stringify(answers), a.id]);
    if (!changed) throw new HubError(409, 'the quiz was already submitted (it can be taken once)');
    // The review line is part of the report: grade again with the answers (same total).
    await this.regradeQuiz(a.id);
  }

  /** Close every live attempt past its deadline (and the grace), and grade it. Run on a timer and at start. */
  async sweep(): Promise<number> {
    const now = this.now();
    const due = await this.db.all<{ id: string; exam_id: string }>("SELECT id, exam_id FROM attempts WHERE status = 'live' AND deadline < ?", [now - EXAM_RULES.lateGraceMs]);
    for (const { id, exam_id } of due) {
      // Conditional: of two hubs sweeping at once, one closes (and grades) the attempt.
      const changed = await this.db.tx(async (q) => {
        const n = await q.run("UPDATE attempts SET status = 'timed-out', ended_at = ? WHERE id = ? AND status = 'live'", [now, id]);
        if (n) await this.flag(q, id, 'no-finish', null, { message: 'the page never said the stream ended; graded at the time limit' });
        if (n) await this.xapi.completed(q, id);
        return n;
      });
      if (changed) {
        this.events.publish({ kind: 'closed', attemptId: id, examId: exam_id, status: 'timed-out' });
        await this.gradeAttemptOnce(id).catch((e: unknown) => this.gradeFailed(id, e));
      }
    }
    // Attempts that closed but whose grading was cut short (the hub was stopped).
    const ungraded = await this.db.all<{ id: string }>("SELECT a.id FROM attempts a WHERE a.status IN ('submitted', 'timed-out', 'closed') AND a.started_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM grades g WHERE g.attempt_id = a.id)");
    for (const { id } of ungraded) await this.gradeAttemptOnce(id).catch((e: unknown) => this.gradeFailed(id, e));
    return due.length;
  }

  // -------------------------------------------------------------------------------------------
  // Grades

  private gradeFailed(attemptId: string, e: unknown): void {
    (this.opts.logError ?? ((m: string) => console.error(m)))(`hub: grading attempt ${attemptId} failed (the sweep tries again): ${e instanceof Error ? e.message : String(e)}`);
  }

  /** The attempt's actions as the hub holds them, in seq order. */
  private async actionsOf(attemptId: string): Promise<ActionInput[]> {
    const rows = await this.db.all<{ body: string }>("SELECT body FROM entries WHERE attempt_id = ? AND kind = 'action' ORDER BY seq", [attemptId]);
    return rows.map((r) => (JSON.parse(r.body) as { action: ActionInput }).action);
  }

  /** Everything a grade is computed from (also what an export of the attempt holds). */
  async gradeInput(attemptId: string): Promise<{ attempt: AttemptRow; exam: ExamRow; input: Parameters<typeof gradeAttempt>[0]; yaml: string; file: string }> {
    const attempt = await this.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attemptId]);
    if (!attempt) throw new HubError(404, 'no such attempt');
    const exam = (await this.db.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [attempt.exam_id]))!;
    const { scenario, yaml, file } = await this.scenarioOf(exam.scenario_hash);
    const actions = await this.actionsOf(attemptId);
    const quizAnswers = attempt.quiz ? (JSON.parse(attempt.quiz) as Record<string, unknown>) : undefined;
    return { attempt, exam, yaml, file, input: { scenario, seed: attempt.seed, engineVersion: exam.engine_version, timeLimitMs: exam.time_limit_ms + Number(attempt.extra_ms ?? 0), passMark: exam.pass_mark, actions, quizAnswers } };
  }

  private async computeGrade(attemptId: string, reason: GradeRow['reason']): Promise<GradeRow> {
    const { input, yaml, file, exam } = await this.gradeInput(attemptId);
    const { scenario, ...rest } = input;
    const g = await this.grader({ ...rest, yaml, file, hash: exam.scenario_hash }, scenario);
    const row: GradeRow = {
      id: newId(),
      attempt_id: attemptId,
      n: 0,
      created_at: this.now(),
      reason,
      app_version: this.opts.appVersion,
      engine_version: input.engineVersion,
      digest: g.digest,
      total: g.total,
      passed: g.passed ? 1 : 0,
      report: JSON.stringify(g.report),
    };
    return row;
  }

  /**
   * Add the grade as the attempt's next one, and say whether it did: 'first' only while the attempt
   * has no grade (another hub process may have graded it meanwhile); 'changed' only when it differs
   * from the latest (a re-grade); 'quiz' puts its report (with the review line) on the latest grade.
   */
  private async insertGrade(row: GradeRow, mode: 'first' | 'changed' | 'quiz'): Promise<boolean> {
    return this.db.tx(async (q) => {
      // Under the attempt's row lock, so two hub processes never both add a grade (or grade n).
      await q.get(`SELECT id FROM attempts WHERE id = ?${q.forUpdate}`, [row.attempt_id]);
      // The grade the gradebook shows: the latest (a re-grade's, when there is one; the original stays as it was).
      const latest = await q.get<GradeRow>('SELECT * FROM grades WHERE attempt_id = ? ORDER BY n DESC LIMIT 1', [row.attempt_id]);
      if (latest && mode === 'first') return false;
      if (latest && mode === 'changed' && latest.report === row.report && latest.digest === row.digest) return false;
      // The quiz never changes the total: the shown grade's report gains its review line.
      if (latest && mode === 'quiz') return (await q.run('UPDATE grades SET report = ? WHERE id = ?', [row.report, latest.id])) > 0;
      const n = (latest?.n ?? 0) + 1;
      await q.run('INSERT INTO grades (id, attempt_id, n, created_at, reason, app_version, engine_version, digest, total, passed, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [row.id, row.attempt_id, n, row.created_at, row.reason, row.app_version, row.engine_version, row.digest, row.total, row.passed, row.report]);
      await this.xapi.scored(q, { ...row, n });
      return true;
    });
  }

  /** Grade a closed attempt if it has no grade yet (one at a time per attempt). */
  gradeAttemptOnce(attemptId: string): Promise<GradeRow | null> {
    const running = this.grading.get(attemptId);
    if (running) return running;
    const p = (async () => {
      if (await this.db.get('SELECT id FROM grades WHERE attempt_id = ?', [attemptId])) return null;
      const row = await this.computeGrade(attemptId, 'exam');
      // Another hub process may have graded it meanwhile: keep the first.
      return (await this.insertGrade(row, 'first')) ? row : null;
    })().finally(() => this.grading.delete(attemptId));
    this.grading.set(attemptId, p);
    return p;
  }

  private async regradeQuiz(attemptId: string): Promise<void> {
    await this.grading.get(attemptId)?.catch(() => undefined);
    // The grade the gradebook shows: the latest (a re-grade's, when there is one; the original stays as it was).
    await this.insertGrade(await this.computeGrade(attemptId, 'exam'), 'quiz');
  }

  async gradeMissing(examId: string): Promise<void> {
    const rows = await this.db.all<{ id: string }>("SELECT a.id FROM attempts a WHERE a.exam_id = ? AND a.status IN ('submitted', 'timed-out', 'closed') AND a.started_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM grades g WHERE g.attempt_id = a.id)", [examId]);
    for (const { id } of rows) await this.gradeAttemptOnce(id);
  }

  /**
   * Grade every closed attempt of the exam again with this livesim (after a rubric fix). The
   * original grade stays; a new row is added only where the result differs.
   */
  async regradeExam(teacher: Teacher, examId: string): Promise<{ attempts: number; changed: number }> {
    const exam = await this.examOf(teacher, examId);
    await this.gradeMissing(exam.id);
    const rows = await this.db.all<{ id: string }>("SELECT id FROM attempts WHERE exam_id = ? AND status IN ('submitted', 'timed-out', 'closed') AND started_at IS NOT NULL", [exam.id]);
    let changed = 0;
    for (const { id } of rows) {
      if (await this.insertGrade(await this.computeGrade(id, 'regrade'), 'changed')) changed++;
    }
    await this.db.tx((q) => this.audit(q, teacher.id, 'regrade', { exam: exam.id, attempts: rows.length, changed }));
    return { attempts: rows.length, changed };
  }

  async grades(attemptId: string): Promise<GradeRow[]> {
    return this.db.all<GradeRow>('SELECT * FROM grades WHERE attempt_id = ? ORDER BY n', [attemptId]);
  }

  // -------------------------------------------------------------------------------------------
  // Teacher actions on attempts

  async attemptOf(teacher: Teacher, attemptId: string): Promise<{ attempt: AttemptRow; exam: ExamRow }> {
    const attempt = await this.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attemptId]);
    if (!attempt) throw new HubError(404, 'no such attempt');
    const exam = await this.examOf(teacher, attempt.exam_id);
    return { attempt, exam };
  }

  /** Let the student join again (another computer): the next join with that student number gets this attempt with a new token. */
  async allowRejoin(teacher: Teacher, attemptId: string): Promise<void> {
    const { attempt } = await this.attemptOf(teacher, attemptId);
    if (!['joined', 'live'].includes(attempt.status)) throw new HubError(409, 'the attempt is over: grant a retake instead');
    await this.db.tx(async (q) => {
      // Conditional: it may have ended meanwhile (on another hub process).
      if (!(await q.run("UPDATE attempts SET rejoin = 1 WHERE id = ? AND status IN ('joined', 'live')", [attempt.id]))) throw new HubError(409, 'the attempt is over: grant a retake instead');
      await this.audit(q, teacher.id, 'allow-rejoin', { attempt: attempt.id, studentNo: attempt.student_no });
    });
  }

  /** A new attempt for the student (the old one and its grade stay on record). */
  async grantRetake(teacher: Teacher, attemptId: string, reason: string): Promise<void> {
    const { attempt, exam } = await this.attemptOf(teacher, attemptId);
    if (['joined', 'live'].includes(attempt.status)) throw new HubError(409, 'the attempt is still running');
    await this.db.tx(async (q) => {
      // Two grants at once (two hub processes) are taken one at a time; the second then finds the later attempt.
      await q.get(`SELECT id FROM attempts WHERE id = ?${q.forUpdate}`, [attempt.id]);
      const latest = await q.get<{ number: number; status: string }>('SELECT number, status FROM attempts WHERE exam_id = ? AND student_no = ? ORDER BY number DESC LIMIT 1', [exam.id, attempt.student_no]);
      if (latest && latest.number !== attempt.number) throw new HubError(409, 'a later attempt exists for this student');
      const seed = exam.seed_policy === 'shared' && exam.seed !== null ? exam.seed : randomInt(1, 2 ** 31 - 1);
      await q.run("INSERT INTO attempts (id, exam_id, student_no, name, class_name, number, token_hash, seed, status, joined_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'granted', ?, ?)", [newId(), exam.id, attempt.student_no, attempt.name, attempt.class_name, attempt.number + 1, tokenHash(newToken()), seed, this.now(), reason]);
      await this.audit(q, teacher.id, 'grant-retake', { attempt: attempt.id, studentNo: attempt.student_no, reason });
    });
  }

  /** Void an attempt with a reason (kept on record, shown struck out). */
  async voidAttempt(teacher: Teacher, attemptId: string, reason: string): Promise<void> {
    const { attempt } = await this.attemptOf(teacher, attemptId);
    await this.db.tx(async (q) => {
      await q.run("UPDATE attempts SET status = 'voided', ended_at = COALESCE(ended_at, ?), note = ? WHERE id = ?", [this.now(), reason, attempt.id]);
      await this.audit(q, teacher.id, 'void-attempt', { attempt: attempt.id, studentNo: attempt.student_no, reason, was: attempt.status });
    });
    this.events.publish({ kind: 'closed', attemptId: attempt.id, examId: attempt.exam_id, status: 'voided' });
  }

  // -------------------------------------------------------------------------------------------
  // The gradebook

  async gradebook(teacher: Teacher, examId: string): Promise<Gradebook> {
    const exam = await this.examOf(teacher, examId);
    const { scenario } = await this.scenarioOf(exam.scenario_hash);
    const attempts = await this.db.all<AttemptRow>("SELECT * FROM attempts WHERE exam_id = ? AND status <> 'granted' ORDER BY class_name, student_no, number", [exam.id]);
    const flags = await this.db.all<FlagRow>('SELECT f.* FROM flags f JOIN attempts a ON a.id = f.attempt_id WHERE a.exam_id = ? ORDER BY f.at', [exam.id]);
    const grades = await this.db.all<GradeRow>('SELECT g.* FROM grades g JOIN attempts a ON a.id = g.attempt_id WHERE a.exam_id = ? ORDER BY g.n', [exam.id]);
    let criteria: Gradebook['criteria'] = [];
    const rows: GradebookRow[] = attempts.map((a) => {
      const gs = grades.filter((g) => g.attempt_id === a.id);
      const first = gs[0];
      const last = gs[gs.length - 1];
      const report = last ? (JSON.parse(last.report) as ScoreReport) : null;
      if (report && criteria.length === 0) criteria = report.criteria.map((c) => ({ id: c.id, title: c.title, max: c.max }));
      return {
        attemptId: a.id,
        studentNo: a.student_no,
        name: a.name,
        className: a.class_name,
        number: a.number,
        status: a.status as AttemptStatus,
        startedAt: a.started_at,
        endedAt: a.ended_at,
        deadline: a.deadline,
        acked: a.acked,
        note: a.note,
        grade: last ? { total: last.total, passed: last.passed === 1, reason: last.reason, at: last.created_at, points: Object.fromEntries(report!.criteria.map((c) => [c.id, c.points])), failedGates: report!.failedGates.map((g) => g.title), review: report!.review?.score ?? null } : null,
        original: first && last && first.id !== last.id ? { total: first.total, passed: first.passed === 1, at: first.created_at } : null,
        flags: flags.filter((f) => f.attempt_id === a.id).map((f) => ({ kind: f.kind, at: f.at, simMs: f.sim_ms, detail: JSON.parse(f.detail) as Record<string, unknown> })),
        grading: this.grading.has(a.id),
      };
    });
    return { exam: { id: exam.id, title: exam.title, language: exam.language, passMark: exam.pass_mark, joinCode: exam.join_code, scenarioId: scenario.meta.id, scenarioTitle: scenario.meta.title, timeLimitMs: exam.time_limit_ms, endedAt: exam.ended_at }, criteria, rows };
  }
}

export interface GradebookRow {
  attemptId: string;
  studentNo: string;
  name: string;
  className: string;
  number: number;
  status: AttemptStatus;
  startedAt: number | null;
  endedAt: number | null;
  deadline: number | null;
  acked: number;
  note: string | null;
  grade: { total: number; passed: boolean; reason: string; at: number; points: Record<string, number>; failedGates: { zh: string; en: string }[]; review: number | null } | null;
  /** The first grade, when a re-grade changed it. */
  original: { total: number; passed: boolean; at: number } | null;
  flags: { kind: FlagKind; at: number; simMs: number | null; detail: Record<string, unknown> }[];
  grading: boolean;
}

export interface Gradebook {
  exam: { id: string; title: string; language: 'zh' | 'en'; passMark: number; joinCode: string; scenarioId: string; scenarioTitle: { zh: string; en: string }; timeLimitMs: number; endedAt: number | null };
  criteria: { id: string; title: { zh: string; en: string }; max: number }[];
  rows: GradebookRow[];
}

// A valid scrypt hash of a random password: login compares against it for unknown user names.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

