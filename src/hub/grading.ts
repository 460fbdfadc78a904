/**
 * Grades: an attempt is graded by re-simulating the hub's own record of it (grade.ts, in a worker
 * when server.ts gives the hub a pool), once per attempt, with every re-grade kept beside the
 * original and the review quiz marking the grade the gradebook shows.
 */
import type { ActionInput } from '../engine';
import { newId } from './auth';
import type { gradeAttempt } from './grade';
import type { Hub } from './hub';
import { HubError, type AttemptRow, type ExamRow, type GradeRow, type Teacher } from './model';
import { scenarioOf } from './scenarios';

export function gradeFailed(hub: Hub, attemptId: string, e: unknown): void {
  (hub.opts.logError ?? ((m: string) => console.error(m)))(`hub: grading attempt ${attemptId} failed (the sweep tries again): ${e instanceof Error ? e.message : String(e)}`);
}

/** The attempt's actions as the hub holds them, in seq order. */
export async function actionsOf(hub: Hub, attemptId: string): Promise<ActionInput[]> {
  const rows = await hub.db.all<{ body: string }>("SELECT body FROM entries WHERE attempt_id = ? AND kind = 'action' ORDER BY seq", [attemptId]);
  return rows.map((r) => (JSON.parse(r.body) as { action: ActionInput }).action);
}

/** Everything a grade is computed from (also what an export of the attempt holds). */
export async function gradeInput(hub: Hub, attemptId: string): Promise<{ attempt: AttemptRow; exam: ExamRow; input: Parameters<typeof gradeAttempt>[0]; yaml: string; file: string }> {
  const attempt = await hub.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attemptId]);
  if (!attempt) throw new HubError(404, 'no such attempt');
  const exam = (await hub.db.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [attempt.exam_id]))!;
  const { scenario, yaml, file } = await scenarioOf(hub, exam.scenario_hash);
  const actions = await actionsOf(hub, attemptId);
  const quizAnswers = attempt.quiz ? (JSON.parse(attempt.quiz) as Record<string, unknown>) : undefined;
  return { attempt, exam, yaml, file, input: { scenario, seed: attempt.seed, engineVersion: exam.engine_version, timeLimitMs: exam.time_limit_ms + Number(attempt.extra_ms ?? 0), passMark: exam.pass_mark, actions, quizAnswers } };
}

export async function computeGrade(hub: Hub, attemptId: string, reason: GradeRow['reason']): Promise<GradeRow> {
  const { input, yaml, file, exam } = await hub.gradeInput(attemptId);
  const { scenario, ...rest } = input;
  const g = await hub.grader({ ...rest, yaml, file, hash: exam.scenario_hash }, scenario);
  const row: GradeRow = {
    id: newId(),
    attempt_id: attemptId,
    n: 0,
    created_at: hub.now(),
    reason,
    app_version: hub.opts.appVersion,
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
export async function insertGrade(hub: Hub, row: GradeRow, mode: 'first' | 'changed' | 'quiz'): Promise<boolean> {
  return hub.db.tx(async (q) => {
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
    await hub.xapi.scored(q, { ...row, n });
    // A template exam's part: the exam's weighted total, once each part has a grade.
    await hub.xapi.examTotal(q, row.attempt_id, row.created_at);
    return true;
  });
}

/** Grade a closed attempt if it has no grade yet (one at a time per attempt). */
export function gradeAttemptOnce(hub: Hub, attemptId: string): Promise<GradeRow | null> {
  const running = hub.grading.get(attemptId);
  if (running) return running;
  const p = (async () => {
    if (await hub.db.get('SELECT id FROM grades WHERE attempt_id = ?', [attemptId])) return null;
    const row = await computeGrade(hub, attemptId, 'exam');
    // Another hub process may have graded it meanwhile: keep the first.
    return (await insertGrade(hub, row, 'first')) ? row : null;
  })().finally(() => hub.grading.delete(attemptId));
  hub.grading.set(attemptId, p);
  return p;
}

export async function regradeQuiz(hub: Hub, attemptId: string): Promise<void> {
  await hub.grading.get(attemptId)?.catch(() => undefined);
  // The grade the gradebook shows: the latest (a re-grade's, when there is one; the original stays as it was).
  await insertGrade(hub, await computeGrade(hub, attemptId, 'exam'), 'quiz');
}

export async function gradeMissing(hub: Hub, examId: string): Promise<void> {
  // The exam's attempts, or its parts' (a template exam).
  const rows = await hub.db.all<{ id: string }>("SELECT a.id FROM attempts a WHERE (a.exam_id = ? OR a.exam_id IN (SELECT p.exam_id FROM exam_parts p WHERE p.parent_id = ?)) AND a.status IN ('submitted', 'timed-out', 'closed') AND a.started_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM grades g WHERE g.attempt_id = a.id)", [examId, examId]);
  for (const { id } of rows) await hub.gradeAttemptOnce(id);
}

/**
 * Grade every closed attempt of the exam again with this livesim (after a rubric fix). The
 * original grade stays; a new row is added only where the result differs.
 */
export async function regradeExam(hub: Hub, teacher: Teacher, examId: string): Promise<{ attempts: number; changed: number }> {
  const exam = await hub.examOf(teacher, examId);
  await hub.gradeMissing(exam.id);
  const rows = await hub.db.all<{ id: string }>("SELECT id FROM attempts WHERE (exam_id = ? OR exam_id IN (SELECT p.exam_id FROM exam_parts p WHERE p.parent_id = ?)) AND status IN ('submitted', 'timed-out', 'closed') AND started_at IS NOT NULL", [exam.id, exam.id]);
  let changed = 0;
  for (const { id } of rows) {
    if (await insertGrade(hub, await computeGrade(hub, id, 'regrade'), 'changed')) changed++;
  }
  await hub.db.tx((q) => hub.audit(q, teacher.id, 'regrade', { exam: exam.id, attempts: rows.length, changed }));
  return { attempts: rows.length, changed };
}

export async function grades(hub: Hub, attemptId: string): Promise<GradeRow[]> {
  return hub.db.all<GradeRow>('SELECT * FROM grades WHERE attempt_id = ? ORDER BY n', [attemptId]);
}
