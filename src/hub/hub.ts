/**
 * The exam hub's domain: teachers and their sessions, exams, students' attempts and the
 * witnessed record of each attempt (entries, flags, grades). HTTP and WebSocket live in
 * server.ts; none of this knows of them, so tests drive the hub directly.
 *
 * The `Hub` holds what the hub's process keeps (its database, clock, options, grader, event bus,
 * xAPI recorder, the shipped scenarios it read, the grades in progress) and is the one object the
 * server, the monitor and the tests call. Each area's rules live in a module of its own, as
 * functions of the hub:
 *   - teachers.ts  the setup link, accounts, sessions, the audit log;
 *   - scenarios.ts the shipped scenarios and the ones exams stored;
 *   - exams.ts     creating, listing, reading and ending exams;
 *   - attempts.ts  joins, the start, the witnessed stream and its flags, the quiz, the sweep, and
 *                  the teacher's rejoin / retake / void (extra time and ending one: proctor.ts);
 *   - grading.ts   grading by re-simulation, re-grades;
 *   - gradebook.ts the gradebook;
 *   - parts.ts     exams from a level template (templates.ts) in parts: each part an exam row of
 *                  its own, one attempt per student and part, taken in order.
 * Rules, row types and HubError are in model.ts (re-exported here).
 */
import type { z } from 'zod';
import type { Scenario, ScenarioIssue } from '../engine';
import * as attempts from './attempts';
import type { Db, Queryable } from './db/db';
import type { EventBus } from './events';
import * as exams from './exams';
import { gradeAttempt } from './grade';
import * as gradebook from './gradebook';
import type { Gradebook, GradebookPart } from './gradebook';
import * as grading from './grading';
import type { AttemptRow, ExamRow, GradeRow, HubOptions, ShippedScenario, Teacher } from './model';
import type { AttemptInfo, createExamBody, EntryMessage, joinBody, ServerMessage, setupBody } from './protocol';
import * as scenarios from './scenarios';
import * as teachers from './teachers';
import { XapiRecorder } from './xapi';

export * from './model';
export type { Gradebook, GradebookPart, GradebookRow, GradebookStudent } from './gradebook';

type SetupBody = z.output<typeof setupBody>;
type CreateExamBody = z.output<typeof createExamBody>;
type JoinBody = z.output<typeof joinBody>;

export class Hub {
  readonly now: () => number;
  /** The xAPI statements of each attempt, recorded in the transaction of the event (src/hub/xapi.ts). */
  readonly xapi: XapiRecorder;
  /** How an attempt is graded (HubOptions.grade, or in this thread). For grading.ts. */
  readonly grader: NonNullable<HubOptions['grade']>;
  /** The shipped scenarios, once read. */
  shipped: Map<string, ShippedScenario & { yaml: string }> | null = null;
  /** Attempts being graded now (so a second request waits for the same grade). For grading.ts. */
  readonly grading = new Map<string, Promise<GradeRow | null>>();
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
  // Teachers (teachers.ts)

  hasTeacher(): Promise<boolean> {
    return teachers.hasTeacher(this);
  }
  /** While no teacher exists: a fresh one-time setup token (the old one stops working), for the link the hub prints at start. */
  newSetupToken(): Promise<string | null> {
    return teachers.newSetupToken(this);
  }
  /** Create the first teacher with the one-time setup token; returns a session token. */
  setup(body: SetupBody): Promise<{ teacher: Teacher; session: string }> {
    return teachers.setup(this, body);
  }
  /** Add another teacher (by a logged-in teacher). */
  addTeacher(by: Teacher, body: { username: string; password: string }): Promise<Teacher> {
    return teachers.addTeacher(this, by, body);
  }
  login(username: string, password: string): Promise<{ teacher: Teacher; session: string } | null> {
    return teachers.login(this, username, password);
  }
  teacherBySession(token: string | undefined): Promise<Teacher | null> {
    return teachers.teacherBySession(this, token);
  }
  logout(token: string): Promise<void> {
    return teachers.logout(this, token);
  }
  /** Record a teacher's action (shown on the exam page: GET /api/exams/:id/audit). */
  audit(q: Queryable, teacherId: string | null, action: string, detail: unknown): Promise<void> {
    return teachers.audit(this, q, teacherId, action, detail);
  }

  // -------------------------------------------------------------------------------------------
  // Scenarios (scenarios.ts)

  /** The shipped scenarios (read once from the folder). */
  shippedScenarios(): ShippedScenario[] {
    return scenarios.shippedScenarios(this);
  }
  /** Check a teacher's YAML with the same messages as `livesim validate`. */
  checkScenario(yaml: string, fileName = 'scenario.yaml'): { ok: true; scenario: Scenario; warnings: ScenarioIssue[] } | { ok: false; errors: ScenarioIssue[] } {
    return scenarios.checkScenario(yaml, fileName);
  }

  // -------------------------------------------------------------------------------------------
  // Exams (exams.ts)

  /** `joinUrl` gives the exam's join page from its code (the start page of its .seb file, when it requires Safe Exam Browser). */
  createExam(teacher: Teacher, body: CreateExamBody, joinUrl?: (code: string) => string): Promise<ExamRow> {
    return exams.createExam(this, teacher, body, joinUrl);
  }
  listExams(teacher: Teacher): Promise<(ExamRow & { scenario_id: string; scenario_title: string; attempts: number })[]> {
    return exams.listExams(this, teacher);
  }
  /** An exam of this teacher's (404 for anyone else's: its existence is not told). */
  examOf(teacher: Teacher, examId: string): Promise<ExamRow> {
    return exams.examOf(this, teacher, examId);
  }
  /** The Config Key a student's requests must prove, when the exam (by id or join code) requires Safe Exam Browser; else null. */
  sebConfigKey(exam: { id: string } | { joinCode: string }): Promise<string | null> {
    return exams.sebConfigKey(this, exam);
  }
  examScenario(exam: ExamRow): Promise<{ scenario: Scenario; yaml: string; file: string }> {
    return exams.examScenario(this, exam);
  }
  /** A template exam's parts with their scenarios (none for a one-scenario exam). */
  examParts(exam: ExamRow): Promise<GradebookPart[]> {
    return exams.examParts(this, exam);
  }
  /** End the exam: no more joins or starts; every attempt still open (of every part) is closed and graded. */
  endExam(teacher: Teacher, examId: string): Promise<void> {
    return exams.endExam(this, teacher, examId);
  }

  // -------------------------------------------------------------------------------------------
  // Students' attempts, and the teacher's actions on them (attempts.ts)

  /** A student joins with the exam's code. */
  join(body: JoinBody): Promise<{ token: string; attempt: AttemptRow }> {
    return attempts.join(this, body);
  }
  attemptByToken(token: string | undefined): Promise<AttemptRow | null> {
    return attempts.attemptByToken(this, token);
  }
  attemptInfo(a: AttemptRow): Promise<AttemptInfo> {
    return attempts.attemptInfo(this, a);
  }
  /** The live room opens: the hub stamps the start and the deadline (once; a reload keeps them). */
  start(a: AttemptRow): Promise<AttemptRow> {
    return attempts.start(this, a);
  }
  /** The actions and flags the hub holds for an attempt, in seq order (a page that lost its journal rebuilds from them). */
  entries(attemptId: string): Promise<{ seq: number; kind: string; simMs: number; receivedAt: number; body: unknown }[]> {
    return attempts.entries(this, attemptId);
  }
  /** The page (re)connected: a gap since it was last heard from is flagged when long. */
  connected(a: AttemptRow): Promise<void> {
    return attempts.connected(this, a);
  }
  /** The page was heard from (a message, or the socket closing). */
  seen(attemptId: string): Promise<void> {
    return attempts.seen(this, attemptId);
  }
  /** One entry from the page. */
  receive(attemptId: string, m: EntryMessage): Promise<ServerMessage> {
    return attempts.receive(this, attemptId, m);
  }
  /** The review quiz's answers, taken once (they mark the review line, never the total). */
  submitQuiz(a: AttemptRow, answers: Record<string, unknown>): Promise<void> {
    return attempts.submitQuiz(this, a, answers);
  }
  /** Close every live attempt past its deadline (and the grace), and grade it. Run on a timer and at start. */
  sweep(): Promise<number> {
    return attempts.sweep(this);
  }
  /** A template exam: move on from this part (over) to the next one, with a new token. */
  nextPart(a: AttemptRow): Promise<{ token: string; attempt: AttemptRow }> {
    return attempts.nextPart(this, a);
  }
  attemptOf(teacher: Teacher, attemptId: string): Promise<{ attempt: AttemptRow; exam: ExamRow }> {
    return attempts.attemptOf(this, teacher, attemptId);
  }
  /** Let the student join again (another computer): the next join with that student number gets this attempt with a new token. */
  allowRejoin(teacher: Teacher, attemptId: string): Promise<void> {
    return attempts.allowRejoin(this, teacher, attemptId);
  }
  /** A new attempt for the student (the old one and its grade stay on record). */
  grantRetake(teacher: Teacher, attemptId: string, reason: string): Promise<void> {
    return attempts.grantRetake(this, teacher, attemptId, reason);
  }
  /** Void an attempt with a reason (kept on record, shown struck out). */
  voidAttempt(teacher: Teacher, attemptId: string, reason: string): Promise<void> {
    return attempts.voidAttempt(this, teacher, attemptId, reason);
  }

  // -------------------------------------------------------------------------------------------
  // Grades (grading.ts)

  /** Everything a grade is computed from (also what an export of the attempt holds). */
  gradeInput(attemptId: string): Promise<{ attempt: AttemptRow; exam: ExamRow; input: Parameters<typeof gradeAttempt>[0]; yaml: string; file: string }> {
    return grading.gradeInput(this, attemptId);
  }
  /** Grade a closed attempt if it has no grade yet (one at a time per attempt). */
  gradeAttemptOnce(attemptId: string): Promise<GradeRow | null> {
    return grading.gradeAttemptOnce(this, attemptId);
  }
  gradeMissing(examId: string): Promise<void> {
    return grading.gradeMissing(this, examId);
  }
  /** Grade every closed attempt of the exam again with this livesim (after a rubric fix). */
  regradeExam(teacher: Teacher, examId: string): Promise<{ attempts: number; changed: number }> {
    return grading.regradeExam(this, teacher, examId);
  }
  grades(attemptId: string): Promise<GradeRow[]> {
    return grading.grades(this, attemptId);
  }

  // -------------------------------------------------------------------------------------------
  // The gradebook (gradebook.ts)

  gradebook(teacher: Teacher, examId: string): Promise<Gradebook> {
    return gradebook.gradebook(this, teacher, examId);
  }
}
