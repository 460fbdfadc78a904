/**
 * Students' attempts: the join (and rejoin, retake), the start and the deadline, the witnessed
 * stream of entries with its flags, the review quiz, the time-out sweep, and the teacher's actions
 * on an attempt (rejoin, retake, void; extra time and ending one are in proctor.ts).
 *
 * Time is the hub's own clock (`hub.now`), never the page's: the attempt starts when the hub says
 * so, each entry is stamped when it arrives, and the deadline is the hub's.
 */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { newId, newToken, tokenHash } from './auth';
import type { Queryable } from './db/db';
import { examOpen } from './exams';
import { gradeFailed, regradeQuiz } from './grading';
import type { Hub } from './hub';
import { EXAM_RULES, HubError, type AttemptRow, type EntryRow, type ExamRow, type FlagKind, type Teacher } from './model';
import { latestByPart, nextPartIndex, partInfo, partRowOf, partsOf } from './parts';
import type { AttemptInfo, AttemptPart, EntryMessage, joinBody, ServerMessage } from './protocol';
import { scenarioOf } from './scenarios';

type JoinBody = z.output<typeof joinBody>;

/** An entry of the witnessed stream, stored once (receive's general path and appendNextAction). */
const ENTRY_COLUMNS = '(attempt_id, seq, kind, sim_ms, client_ms, received_at, body)';
const INSERT_ENTRY = `INSERT INTO entries ${ENTRY_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?)`;

/**
 * A student joins with the exam's code. The first join makes the attempt and assigns its seed;
 * joining again with the same student number is refused (the page that joined resumes by
 * itself) unless the teacher let the student rejoin, or granted a retake.
 */
export async function join(hub: Hub, body: JoinBody): Promise<{ token: string; attempt: AttemptRow }> {
  const exam = await hub.db.get<ExamRow>('SELECT * FROM exams WHERE join_code = ?', [body.code]);
  if (!exam) throw new HubError(404, 'no exam has this join code: check it with your teacher');
  const now = hub.now();
  const closed = examOpen(exam, now);
  if (closed) throw new HubError(410, closed);
  const token = newToken();
  let rejoined = false;
  const attempt = await hub.db.tx(async (q) => {
    // Joins of one exam one at a time across hub processes (two pages joining with one student
    // number), and none once the exam ended (endExam updates this row first).
    const locked = await q.get<ExamRow>(`SELECT * FROM exams WHERE id = ?${q.forUpdate}`, [exam.id]);
    const ended = locked && examOpen(locked, now);
    if (ended) throw new HubError(410, ended);
    // The attempt a join may take over: for a template exam, the student's attempts in its parts
    // (the latest of each); for a one-scenario exam, the latest.
    const parts = exam.template ? await partsOf(q, exam.id) : [];
    const byPart = await latestByPart(q, parts, body.studentNo);
    const mine = parts.length ? [...byPart.values()] : [await q.get<AttemptRow>('SELECT * FROM attempts WHERE exam_id = ? AND student_no = ? ORDER BY number DESC LIMIT 1', [exam.id, body.studentNo])].filter((a): a is AttemptRow => !!a);
    const granted = mine.find((a) => a.status === 'granted');
    if (granted) {
      await q.run("UPDATE attempts SET token_hash = ?, status = 'joined', name = ?, class_name = ?, joined_at = ? WHERE id = ?", [tokenHash(token), body.name, body.className, now, granted.id]);
      return { ...granted, token_hash: tokenHash(token), status: 'joined' as const, name: body.name, class_name: body.className, joined_at: now };
    }
    const leave = [...mine].reverse().find((a) => a.rejoin);
    if (leave) {
      await q.run('UPDATE attempts SET token_hash = ?, rejoin = 0 WHERE id = ?', [tokenHash(token), leave.id]);
      await flag(hub, q, leave.id, 'rejoined', null, { name: body.name, className: body.className, sameName: body.name === leave.name });
      rejoined = true;
      return { ...leave, token_hash: tokenHash(token), rejoin: 0 };
    }
    if (mine.length) {
      // Over, with no part left to take.
      const done = mine.every((a) => !['joined', 'live'].includes(a.status)) && (parts.length === 0 || nextPartIndex(parts, byPart, 0) === null);
      throw new HubError(409, done ? 'this student number has already taken this exam; a retake needs your teacher' : 'this student number has already joined: continue on the computer where you joined (reloading the page resumes), or ask your teacher to let you rejoin');
    }
    // A template exam starts with its first part.
    const a = newAttempt(parts.length ? parts[0].exam : exam, body, tokenHash(token), now);
    await insertAttempt(q, a);
    return a;
  });
  // The old token no longer works; the page still connected with it loses its socket too.
  if (rejoined) hub.events.publish({ kind: 'rejoined', attemptId: attempt.id, examId: attempt.exam_id });
  return { token, attempt };
}

/** A new attempt of the exam (a template exam's part) for the student, with its seed. */
function newAttempt(exam: ExamRow, who: { studentNo: string; name: string; className: string }, tokenHashed: string, now: number): AttemptRow {
  return {
    id: newId(),
    exam_id: exam.id,
    student_no: who.studentNo,
    name: who.name,
    class_name: who.className,
    number: 1,
    token_hash: tokenHashed,
    seed: exam.seed_policy === 'shared' && exam.seed !== null ? Number(exam.seed) : randomInt(1, 2 ** 31 - 1),
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
}

async function insertAttempt(q: Queryable, a: AttemptRow): Promise<void> {
  await q.run('INSERT INTO attempts (id, exam_id, student_no, name, class_name, number, token_hash, seed, status, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [a.id, a.exam_id, a.student_no, a.name, a.class_name, a.number, a.token_hash, a.seed, a.status, a.joined_at]);
}

/**
 * A template exam: the student moves on from the part this attempt is (over) to the next one
 * (parts.ts nextPartIndex). The next part's attempt is made, or the one waiting there (a retake the
 * teacher granted, or one opened and not started: the page asked before and lost the answer) is
 * taken, with a new token; the page keeps it instead of this one. This part's record stays as it is.
 */
export async function nextPart(hub: Hub, a: AttemptRow): Promise<{ token: string; attempt: AttemptRow }> {
  const part = await partRowOf(hub.db, a.exam_id);
  if (!part) throw new HubError(409, 'this exam has one part: there is no next part');
  if (a.status === 'joined' || a.status === 'live' || a.status === 'granted') throw new HubError(409, 'finish this part first: the next part opens once this one is over');
  if (a.status === 'voided') throw new HubError(409, 'your teacher voided this part: ask your teacher how to go on');
  const parent = (await hub.db.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [part.parent_id]))!;
  const now = hub.now();
  const closed = examOpen(parent, now);
  if (closed) throw new HubError(410, closed);
  const token = newToken();
  const attempt = await hub.db.tx(async (q) => {
    // As a join does: one at a time per exam across hub processes, none once the exam ended.
    const locked = await q.get<ExamRow>(`SELECT * FROM exams WHERE id = ?${q.forUpdate}`, [parent.id]);
    const ended = locked && examOpen(locked, now);
    if (ended) throw new HubError(410, ended);
    const parts = await partsOf(q, parent.id);
    const latest = await latestByPart(q, parts, a.student_no);
    const idx = nextPartIndex(parts, latest, part.idx);
    if (idx === null) throw new HubError(409, 'there is no part left to take: the exam is done');
    const waiting = latest.get(idx);
    if (waiting) {
      await q.run("UPDATE attempts SET token_hash = ?, status = 'joined', joined_at = ? WHERE id = ? AND status IN ('granted', 'joined')", [tokenHash(token), now, waiting.id]);
      return { ...waiting, token_hash: tokenHash(token), status: 'joined' as const, joined_at: now };
    }
    const next = newAttempt(parts[idx - 1].exam, { studentNo: a.student_no, name: a.name, className: a.class_name }, tokenHash(token), now);
    await insertAttempt(q, next);
    return next;
  });
  return { token, attempt };
}

export async function attemptByToken(hub: Hub, token: string | undefined): Promise<AttemptRow | null> {
  if (!token) return null;
  return (await hub.db.get<AttemptRow>('SELECT * FROM attempts WHERE token_hash = ?', [tokenHash(token)])) ?? null;
}

export async function attemptInfo(hub: Hub, a: AttemptRow): Promise<AttemptInfo> {
  const exam = (await hub.db.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [a.exam_id]))!;
  const { scenario, yaml } = await scenarioOf(hub, exam.scenario_hash);
  const part = await attemptPart(hub, a);
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
    serverNow: hub.now(),
    clockRate: hub.opts.clockRate ?? 1,
    ...(part ? { examTitle: part.examTitle, part: part.info } : {}),
  };
}

/** The part of a template exam this attempt is, as the student's page shows it (null: a one-scenario exam). */
async function attemptPart(hub: Hub, a: AttemptRow): Promise<{ examTitle: string; info: AttemptPart } | null> {
  const row = await partRowOf(hub.db, a.exam_id);
  if (!row) return null;
  const parent = await hub.db.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [row.parent_id]);
  const parts = await partsOf(hub.db, row.parent_id);
  const me = parts.find((p) => p.idx === row.idx);
  if (!parent || !me) return null;
  const latest = await latestByPart(hub.db, parts, a.student_no);
  return { examTitle: parent.title, info: { ...partInfo(me), parts: parts.map(partInfo), next: nextPartIndex(parts, latest, row.idx) } };
}

/** The live room opens: the hub stamps the start and the deadline (once; a reload keeps them). */
export async function start(hub: Hub, a: AttemptRow): Promise<AttemptRow> {
  if (a.status !== 'joined') return a;
  const exam = (await hub.db.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [a.exam_id]))!;
  const now = hub.now();
  const closed = examOpen(exam, now);
  if (closed) throw new HubError(410, closed);
  const deadline = now + exam.time_limit_ms + Number(a.extra_ms ?? 0);
  const changed = await hub.db.tx(async (q) => {
    const n = await q.run("UPDATE attempts SET status = 'live', started_at = ?, deadline = ?, last_seen = ? WHERE id = ? AND status = 'joined'", [now, deadline, now, a.id]);
    if (n) await hub.xapi.initialized(q, a.id);
    return n;
  });
  if (!changed) return (await hub.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [a.id]))!;
  return { ...a, status: 'live', started_at: now, deadline, last_seen: now };
}

/** The actions and flags the hub holds for an attempt, in seq order (a page that lost its journal rebuilds from them). */
export async function entries(hub: Hub, attemptId: string): Promise<{ seq: number; kind: string; simMs: number; receivedAt: number; body: unknown }[]> {
  const rows = await hub.db.all<EntryRow>('SELECT * FROM entries WHERE attempt_id = ? ORDER BY seq', [attemptId]);
  return rows.map((r) => ({ seq: r.seq, kind: r.kind, simMs: r.sim_ms, receivedAt: r.received_at, body: JSON.parse(r.body) }));
}

/** One flag of this kind per attempt: the first occurrence raises it, later ones count and keep the largest `key`. */
export async function tally(hub: Hub, q: Queryable, attemptId: string, kind: FlagKind, simMs: number, seq: number, key: string, value: number): Promise<void> {
  const prev = await q.get<{ id: string; detail: string }>('SELECT id, detail FROM flags WHERE attempt_id = ? AND kind = ?', [attemptId, kind]);
  if (!prev) return flag(hub, q, attemptId, kind, simMs, { [key]: value, count: 1, firstSeq: seq, lastSeq: seq });
  const d = JSON.parse(prev.detail) as Record<string, number>;
  await q.run('UPDATE flags SET detail = ? WHERE id = ?', [JSON.stringify({ ...d, [key]: Math.max(d[key] ?? 0, value), count: (d.count ?? 1) + 1, lastSeq: seq }), prev.id]);
}

export async function flag(hub: Hub, q: Queryable, attemptId: string, kind: FlagKind, simMs: number | null, detail: Record<string, unknown>): Promise<void> {
  await q.run('INSERT INTO flags (id, attempt_id, kind, at, sim_ms, detail) VALUES (?, ?, ?, ?, ?, ?)', [newId(), attemptId, kind, hub.now(), simMs, JSON.stringify(detail)]);
}

/** The page (re)connected: a gap since it was last heard from is flagged when long. */
export async function connected(hub: Hub, a: AttemptRow): Promise<void> {
  const now = hub.now();
  await hub.db.tx(async (q) => {
    const row = await q.get<AttemptRow>(`SELECT * FROM attempts WHERE id = ?${q.forUpdate}`, [a.id]);
    if (row?.status === 'live' && row.last_seen !== null && now - row.last_seen >= EXAM_RULES.longDisconnectMs) {
      await flag(hub, q, a.id, 'disconnect', null, { from: row.last_seen, to: now, seconds: Math.round((now - row.last_seen) / 1000) });
    }
    await q.run('UPDATE attempts SET last_seen = ? WHERE id = ?', [now, a.id]);
  });
}

/** The page was heard from (a message, or the socket closing). */
export async function seen(hub: Hub, attemptId: string): Promise<void> {
  await hub.db.run('UPDATE attempts SET last_seen = ? WHERE id = ?', [hub.now(), attemptId]);
}

/**
 * One entry from the page. Returns the answer to send back. An entry is acknowledged only
 * once it is committed to the database.
 */
export async function receive(hub: Hub, attemptId: string, m: EntryMessage): Promise<ServerMessage> {
  const now = hub.now();
  const body = JSON.stringify(m.entry);
  if (m.entry.kind === 'action' && (await appendNextAction(hub, attemptId, m, body, now))) return { type: 'ack', seq: m.seq };
  const out = await hub.db.tx(async (q): Promise<{ msg: ServerMessage; finished?: boolean }> => {
    // The attempt's row lock: entries of one attempt are stored one at a time, whichever hub process
    // each arrives at (no two with one seq, none skipped; the flags' tallies stay whole).
    const a = await q.get<AttemptRow>(`SELECT * FROM attempts WHERE id = ?${q.forUpdate}`, [attemptId]);
    if (!a) return { msg: { type: 'error', message: 'no such attempt' } };
    if (m.seq <= a.acked) {
      const held = await q.get<EntryRow>('SELECT * FROM entries WHERE attempt_id = ? AND seq = ?', [a.id, m.seq]);
      if (held && held.body === body && held.sim_ms === m.simMs) return { msg: { type: 'ack', seq: m.seq } };
      await flag(hub, q, a.id, 'conflict', m.simMs, { seq: m.seq, held: held ? JSON.parse(held.body) : null, sent: m.entry });
      return { msg: { type: 'refused', seq: m.seq, code: 'conflict', message: `the hub already holds a different entry ${m.seq}; the hub's record stands` } };
    }
    if (m.seq > a.acked + 1) return { msg: { type: 'refused', seq: m.seq, code: 'gap', expected: a.acked + 1, message: `entry ${a.acked + 1} is missing: send from there` } };
    if (a.status !== 'live' || a.started_at === null || a.deadline === null) {
      return { msg: { type: 'refused', seq: m.seq, code: 'closed', message: a.status === 'joined' ? 'the attempt has not started' : 'the attempt is over' } };
    }
    if (now > a.deadline + EXAM_RULES.lateGraceMs) {
      await tally(hub, q, a.id, 'late', m.simMs, m.seq, 'overMs', now - a.deadline);
      return { msg: { type: 'refused', seq: m.seq, code: 'closed', message: 'the time is up' } };
    }
    // Sim time may not run ahead of the hub's clock since the start.
    const elapsed = now - a.started_at;
    const simAt = m.entry.kind === 'action' ? Math.max(m.simMs, m.entry.action.t) : m.simMs;
    if (simAt > elapsed + EXAM_RULES.aheadToleranceMs) await tally(hub, q, a.id, 'ahead', simAt, m.seq, 'maxAheadMs', simAt - elapsed);
    // An action that arrives long after its sim time: the resend after a disconnect (then a
    // 'disconnect' flag stands beside it), or actions made up afterwards and dated back.
    if (m.entry.kind === 'action' && elapsed - m.entry.action.t > EXAM_RULES.backdateToleranceMs) await tally(hub, q, a.id, 'backdated', m.entry.action.t, m.seq, 'maxLagMs', elapsed - m.entry.action.t);
    if (m.entry.kind === 'flag') {
      if (m.entry.flag === 'hidden') await flag(hub, q, a.id, 'hidden', m.simMs, { seq: m.seq });
      else if (m.entry.flag === 'visible') {
        const open = await q.get<{ id: string; at: number; detail: string }>("SELECT id, at, detail FROM flags WHERE attempt_id = ? AND kind = 'hidden' ORDER BY at DESC LIMIT 1", [a.id]);
        const d = open ? (JSON.parse(open.detail) as { seconds?: number }) : null;
        if (open && d && d.seconds === undefined) await q.run('UPDATE flags SET detail = ? WHERE id = ?', [JSON.stringify({ ...d, seconds: Math.round((now - open.at) / 1000) }), open.id]);
      } else if (m.entry.flag === 'paste' && (m.entry.chars ?? 0) >= EXAM_RULES.largePasteChars) await flag(hub, q, a.id, 'paste', m.simMs, { chars: m.entry.chars });
    }
    await q.run(INSERT_ENTRY, [a.id, m.seq, m.entry.kind, m.simMs, m.wallMs, now, body]);
    const finished = m.entry.kind === 'finish';
    if (finished) {
      await q.run("UPDATE attempts SET acked = ?, last_seen = ?, status = 'submitted', ended_at = ? WHERE id = ?", [m.seq, now, now, a.id]);
      await hub.xapi.completed(q, a.id);
    } else await q.run('UPDATE attempts SET acked = ?, last_seen = ? WHERE id = ?', [m.seq, now, a.id]);
    return { msg: { type: 'ack', seq: m.seq }, finished };
  });
  if (out.finished) void hub.gradeAttemptOnce(attemptId).catch((e: unknown) => gradeFailed(hub, attemptId, e));
  return out.msg;
}

/**
 * The common case in one statement: the next action of a live attempt, in time, neither ahead of
 * the hub's clock nor dated back. The attempt's row is updated only if all of that holds (the
 * update takes the row's lock, so entries of one attempt still go one at a time across hub
 * processes) and the entry is stored with it. False: nothing was written, and `receive` takes the
 * general path, which answers resends, gaps, closed attempts and the flags. On PostgreSQL this is
 * one round trip instead of five, which keeps acknowledgements quick when many students type.
 */
async function appendNextAction(hub: Hub, attemptId: string, m: EntryMessage, body: string, now: number): Promise<boolean> {
  if (m.entry.kind !== 'action') return false;
  const simAt = Math.max(m.simMs, m.entry.action.t);
  const update = `UPDATE attempts SET acked = ?, last_seen = ?
    WHERE id = ? AND acked = ? AND status = 'live' AND started_at IS NOT NULL AND deadline IS NOT NULL
      AND ? <= deadline + ? AND ? <= ? - started_at + ? AND ? - started_at - ? <= ?`;
  const params = [m.seq, now, attemptId, m.seq - 1, now, EXAM_RULES.lateGraceMs, simAt, now, EXAM_RULES.aheadToleranceMs, now, m.entry.action.t, EXAM_RULES.backdateToleranceMs];
  const entry = [m.seq, 'action', m.simMs, m.wallMs, now, body];
  if (hub.db.kind === 'postgres') {
    // A data-modifying WITH: the entry is inserted only for the row the update matched.
    const sql = `WITH a AS (${update} RETURNING id) INSERT INTO entries ${ENTRY_COLUMNS} SELECT id, ?::integer, ?, ?::bigint, ?::double precision, ?::bigint, ? FROM a`;
    return (await hub.db.run(sql, [...params, ...entry])) === 1;
  }
  return hub.db.tx(async (q) => {
    if ((await q.run(update, params)) !== 1) return false;
    await q.run(INSERT_ENTRY, [attemptId, ...entry]);
    return true;
  });
}

/** The review quiz's answers, taken once (they mark the review line, never the total). */
export async function submitQuiz(hub: Hub, a: AttemptRow, answers: Record<string, unknown>): Promise<void> {
  if (a.status === 'joined' || a.status === 'live') throw new HubError(409, 'the quiz opens after the live run');
  const changed = await hub.db.run('UPDATE attempts SET quiz = ? WHERE id = ? AND quiz IS NULL', [JSON.stringify(answers), a.id]);
  if (!changed) throw new HubError(409, 'the quiz was already submitted (it can be taken once)');
  // The review line is part of the report: grade again with the answers (same total).
  await regradeQuiz(hub, a.id);
}

/** Close every live attempt past its deadline (and the grace), and grade it. Run on a timer and at start. */
export async function sweep(hub: Hub): Promise<number> {
  const now = hub.now();
  const due = await hub.db.all<{ id: string; exam_id: string }>("SELECT id, exam_id FROM attempts WHERE status = 'live' AND deadline < ?", [now - EXAM_RULES.lateGraceMs]);
  for (const { id, exam_id } of due) {
    // Conditional: of two hubs sweeping at once, one closes (and grades) the attempt.
    const changed = await hub.db.tx(async (q) => {
      const n = await q.run("UPDATE attempts SET status = 'timed-out', ended_at = ? WHERE id = ? AND status = 'live'", [now, id]);
      if (n) await flag(hub, q, id, 'no-finish', null, { message: 'the page never said the stream ended; graded at the time limit' });
      if (n) await hub.xapi.completed(q, id);
      return n;
    });
    if (changed) {
      hub.events.publish({ kind: 'closed', attemptId: id, examId: exam_id, status: 'timed-out' });
      await hub.gradeAttemptOnce(id).catch((e: unknown) => gradeFailed(hub, id, e));
    }
  }
  // Attempts that closed but whose grading was cut short (the hub was stopped).
  const ungraded = await hub.db.all<{ id: string }>("SELECT a.id FROM attempts a WHERE a.status IN ('submitted', 'timed-out', 'closed') AND a.started_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM grades g WHERE g.attempt_id = a.id)");
  for (const { id } of ungraded) await hub.gradeAttemptOnce(id).catch((e: unknown) => gradeFailed(hub, id, e));
  return due.length;
}

export async function attemptOf(hub: Hub, teacher: Teacher, attemptId: string): Promise<{ attempt: AttemptRow; exam: ExamRow }> {
  const attempt = await hub.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attemptId]);
  if (!attempt) throw new HubError(404, 'no such attempt');
  const exam = await hub.examOf(teacher, attempt.exam_id);
  return { attempt, exam };
}

/** Let the student join again (another computer): the next join with that student number gets this attempt with a new token. */
export async function allowRejoin(hub: Hub, teacher: Teacher, attemptId: string): Promise<void> {
  const { attempt } = await hub.attemptOf(teacher, attemptId);
  // A template exam's part that is over, with a part still to take: the student goes on from here on another computer.
  const between = !['joined', 'live'].includes(attempt.status) && (await betweenParts(hub, attempt));
  if (!['joined', 'live'].includes(attempt.status) && !between) throw new HubError(409, 'the attempt is over: grant a retake instead');
  await hub.db.tx(async (q) => {
    // Conditional: it may have ended meanwhile (on another hub process).
    const sql = between ? "UPDATE attempts SET rejoin = 1 WHERE id = ? AND status IN ('submitted', 'timed-out', 'closed')" : "UPDATE attempts SET rejoin = 1 WHERE id = ? AND status IN ('joined', 'live')";
    if (!(await q.run(sql, [attempt.id]))) throw new HubError(409, 'the attempt is over: grant a retake instead');
    await hub.audit(q, teacher.id, 'allow-rejoin', { attempt: attempt.id, studentNo: attempt.student_no });
  });
}

/** A part of a template exam that is over (not voided), the student's latest there, with a later part still to take while the exam is open. */
export async function betweenParts(hub: Hub, a: AttemptRow): Promise<boolean> {
  if (!['submitted', 'timed-out', 'closed'].includes(a.status)) return false;
  const row = await partRowOf(hub.db, a.exam_id);
  if (!row) return false;
  const parent = await hub.db.get<ExamRow>('SELECT * FROM exams WHERE id = ?', [row.parent_id]);
  if (!parent || examOpen(parent, hub.now()) !== null) return false;
  const parts = await partsOf(hub.db, row.parent_id);
  const latest = await latestByPart(hub.db, parts, a.student_no);
  return latest.get(row.idx)?.id === a.id && nextPartIndex(parts, latest, row.idx) !== null;
}

/** A new attempt for the student (the old one and its grade stay on record). */
export async function grantRetake(hub: Hub, teacher: Teacher, attemptId: string, reason: string): Promise<void> {
  const { attempt, exam } = await hub.attemptOf(teacher, attemptId);
  if (['joined', 'live'].includes(attempt.status)) throw new HubError(409, 'the attempt is still running');
  await hub.db.tx(async (q) => {
    // Two grants at once (two hub processes) are taken one at a time; the second then finds the later attempt.
    await q.get(`SELECT id FROM attempts WHERE id = ?${q.forUpdate}`, [attempt.id]);
    const latest = await q.get<{ number: number; status: string }>('SELECT number, status FROM attempts WHERE exam_id = ? AND student_no = ? ORDER BY number DESC LIMIT 1', [exam.id, attempt.student_no]);
    if (latest && latest.number !== attempt.number) throw new HubError(409, 'a later attempt exists for this student');
    const seed = exam.seed_policy === 'shared' && exam.seed !== null ? exam.seed : randomInt(1, 2 ** 31 - 1);
    await q.run("INSERT INTO attempts (id, exam_id, student_no, name, class_name, number, token_hash, seed, status, joined_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'granted', ?, ?)", [newId(), exam.id, attempt.student_no, attempt.name, attempt.class_name, attempt.number + 1, tokenHash(newToken()), seed, hub.now(), reason]);
    await hub.audit(q, teacher.id, 'grant-retake', { attempt: attempt.id, studentNo: attempt.student_no, reason });
  });
}

/** Void an attempt with a reason (kept on record, shown struck out). */
export async function voidAttempt(hub: Hub, teacher: Teacher, attemptId: string, reason: string): Promise<void> {
  const { attempt } = await hub.attemptOf(teacher, attemptId);
  await hub.db.tx(async (q) => {
    await q.run("UPDATE attempts SET status = 'voided', ended_at = COALESCE(ended_at, ?), note = ? WHERE id = ?", [hub.now(), reason, attempt.id]);
    await hub.audit(q, teacher.id, 'void-attempt', { attempt: attempt.id, studentNo: attempt.student_no, reason, was: attempt.status });
  });
  hub.events.publish({ kind: 'closed', attemptId: attempt.id, examId: attempt.exam_id, status: 'voided' });
}
