/**
 * The teacher's actions on one attempt during the exam (docs/hub.md "Watching the class live"):
 * extra time, ending this attempt now, and the exam's audit log where these and every other
 * teacher action are recorded. Each change is committed with its audit row in one transaction,
 * then published on the event bus so that whichever hub process holds the student's socket tells
 * the page (server.ts: the new deadline, or 'closed').
 */
import { HubError, type AttemptRow, type Hub, type Teacher } from './hub';
import { attemptExamIds, marks } from './parts';

/** Extra time per request: at most this many minutes. */
export const MAX_EXTRA_MIN = 120;

/**
 * Give one attempt N more minutes: its time limit (attempts.extra_ms) and, once started, its
 * deadline move; entries inside the new deadline are accepted and the grade runs to the new limit.
 */
export async function extendAttempt(hub: Hub, teacher: Teacher, attemptId: string, minutes: number, reason: string | null): Promise<{ deadline: number | null; extraMs: number }> {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_EXTRA_MIN) throw new HubError(400, `minutes: a whole number from 1 to ${MAX_EXTRA_MIN}`);
  const { attempt, exam } = await hub.attemptOf(teacher, attemptId);
  const ms = minutes * 60_000;
  const out = await hub.db.tx(async (q) => {
    const a = await q.get<AttemptRow>(`SELECT * FROM attempts WHERE id = ?${q.forUpdate}`, [attempt.id]);
    // Conditional on the status: it may have ended meanwhile (on another hub process).
    if (!a || !['joined', 'live', 'granted'].includes(a.status)) throw new HubError(409, 'the attempt is over: extra time no longer helps');
    await q.run('UPDATE attempts SET extra_ms = extra_ms + ?, deadline = CASE WHEN deadline IS NULL THEN NULL ELSE deadline + ? END WHERE id = ?', [ms, ms, a.id]);
    const extraMs = Number(a.extra_ms ?? 0) + ms;
    const deadline = a.deadline === null ? null : Number(a.deadline) + ms;
    await hub.audit(q, teacher.id, 'extend-attempt', { exam: exam.id, attempt: a.id, studentNo: a.student_no, name: a.name, minutes, extraMs, deadline, ...(reason ? { reason } : {}) });
    return { deadline, extraMs };
  });
  hub.events.publish({ kind: 'attempt', attemptId: attempt.id, examId: exam.id });
  return out;
}

/** End one attempt now (as ending the exam does for all): closed, graded, the page told. */
export async function endAttempt(hub: Hub, teacher: Teacher, attemptId: string, reason: string | null): Promise<void> {
  const { attempt, exam } = await hub.attemptOf(teacher, attemptId);
  const now = hub.now();
  await hub.db.tx(async (q) => {
    const n = await q.run("UPDATE attempts SET status = 'closed', ended_at = ? WHERE id = ? AND status IN ('joined', 'live')", [now, attempt.id]);
    if (!n) throw new HubError(409, 'the attempt is over already');
    await hub.xapi.completed(q, attempt.id);
    await hub.audit(q, teacher.id, 'end-attempt', { exam: exam.id, attempt: attempt.id, studentNo: attempt.student_no, name: attempt.name, was: attempt.status, ...(reason ? { reason } : {}) });
  });
  hub.events.publish({ kind: 'closed', attemptId: attempt.id, examId: exam.id, status: 'closed' });
  if (attempt.started_at !== null) await hub.gradeAttemptOnce(attempt.id);
}

export interface AuditEntry {
  at: number;
  teacher: string | null;
  action: string;
  detail: Record<string, unknown>;
}

/** The exam's audit log, oldest first: the actions on the exam and on its attempts. */
export async function examAudit(hub: Hub, teacher: Teacher, examId: string): Promise<AuditEntry[]> {
  const exam = await hub.examOf(teacher, examId);
  // A template exam's attempts and actions are its parts'.
  const examIds = new Set(await attemptExamIds(hub.db, exam));
  examIds.add(exam.id);
  const ids = new Set((await hub.db.all<{ id: string }>(`SELECT id FROM attempts WHERE exam_id IN (${marks(examIds.size)})`, [...examIds])).map((r) => r.id));
  // The audit rows name the exam or an attempt in their detail; none of this exam's predates it.
  const rows = await hub.db.all<{ at: number; username: string | null; action: string; detail: string }>('SELECT a.at, t.username, a.action, a.detail FROM audit a LEFT JOIN teachers t ON t.id = a.teacher_id WHERE a.at >= ? ORDER BY a.at', [exam.created_at]);
  const out: AuditEntry[] = [];
  for (const r of rows) {
    let d: Record<string, unknown>;
    try {
      d = JSON.parse(r.detail) as Record<string, unknown>;
    } catch {
      continue;
    }
    if ((typeof d.exam === 'string' && examIds.has(d.exam)) || (typeof d.attempt === 'string' && ids.has(d.attempt))) out.push({ at: Number(r.at), teacher: r.username, action: r.action, detail: d });
  }
  return out;
}

/** The 'deadline' message for the attempt's page, as the database has it now (after an 'attempt' event). */
export async function deadlineMessage(hub: Hub, attemptId: string): Promise<{ type: 'deadline'; deadline: number | null; timeLimitMs: number } | null> {
  const a = await hub.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attemptId]);
  if (!a) return null;
  const info = await hub.attemptInfo(a);
  return { type: 'deadline', deadline: info.deadline, timeLimitMs: info.timeLimitMs };
}
