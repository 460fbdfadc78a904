/**
 * Exams: creating one (its scenario stored by hash, its join code, its Safe Exam Browser file),
 * listing and reading them for their teacher, whether one is open, and ending it.
 */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { ENGINE_VERSION, scenarioHash, type Scenario } from '../engine';
import { newId } from './auth';
import type { Hub } from './hub';
import { HubError, type ExamRow, type Teacher } from './model';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, type createExamBody } from './protocol';
import { loadShipped, scenarioOf } from './scenarios';
import { examSebFile } from './seb';

type CreateExamBody = z.output<typeof createExamBody>;

/** `joinUrl` gives the exam's join page from its code (the start page of its .seb file, when it requires Safe Exam Browser). */
export async function createExam(hub: Hub, teacher: Teacher, body: CreateExamBody, joinUrl?: (code: string) => string): Promise<ExamRow> {
  if (body.requireSeb && !joinUrl) throw new HubError(400, 'requireSeb: the hub needs its public address to write the Safe Exam Browser file');
  let yaml: string;
  let source: 'shipped' | 'uploaded';
  let fileName: string | null = null;
  if ('shipped' in body.scenario) {
    const s = loadShipped(hub).get(body.scenario.shipped);
    if (!s) throw new HubError(422, `no shipped scenario "${body.scenario.shipped}"`, { field: 'scenario.shipped' });
    yaml = s.yaml;
    source = 'shipped';
    fileName = `scenarios/${s.file}`;
  } else {
    yaml = body.scenario.yaml;
    source = 'uploaded';
    fileName = body.scenario.fileName?.replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'scenario.yaml';
  }
  const checked = hub.checkScenario(yaml, fileName);
  if (!checked.ok) throw new HubError(422, `${fileName} is not a valid scenario`, { errors: checked.errors });
  const scenario = checked.scenario;
  const hash = scenarioHash(scenario);
  const seed = body.seedPolicy === 'shared' ? (body.seed ?? randomInt(1, 2 ** 31 - 1)) : null;
  const now = hub.now();
  return hub.db.tx(async (q) => {
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
    await hub.audit(q, teacher.id, 'create-exam', { exam: exam.id, title: exam.title, scenario: scenario.meta.id, hash, ...(exam.seb_required ? { seb: true } : {}) });
    return exam;
  });
}

export async function listExams(hub: Hub, teacher: Teacher): Promise<(ExamRow & { scenario_id: string; scenario_title: string; attempts: number })[]> {
  return hub.db.all(
    'SELECT e.*, s.scenario_id, s.title AS scenario_title, (SELECT COUNT(*) FROM attempts a WHERE a.exam_id = e.id AND a.status <> ?) AS attempts FROM exams e JOIN scenarios s ON s.hash = e.scenario_hash WHERE e.teacher_id = ? ORDER BY e.created_at DESC',
    ['granted', teacher.id],
  );
}

/** An exam of this teacher's (404 for anyone else's: its existence is not told). */
export async function examOf(hub: Hub, teacher: Teacher, examId: string): Promise<ExamRow> {
  const e = await hub.db.get<ExamRow>('SELECT * FROM exams WHERE id = ? AND teacher_id = ?', [examId, teacher.id]);
  if (!e) throw new HubError(404, 'no such exam');
  return e;
}

/** The Config Key a student's requests must prove, when the exam (by id or join code) requires Safe Exam Browser; else null. */
export async function sebConfigKey(hub: Hub, exam: { id: string } | { joinCode: string }): Promise<string | null> {
  const row = 'id' in exam ? await hub.db.get<Pick<ExamRow, 'seb_required' | 'seb_config_key'>>('SELECT seb_required, seb_config_key FROM exams WHERE id = ?', [exam.id]) : await hub.db.get<Pick<ExamRow, 'seb_required' | 'seb_config_key'>>('SELECT seb_required, seb_config_key FROM exams WHERE join_code = ?', [exam.joinCode]);
  return row?.seb_required ? row.seb_config_key : null;
}

export async function examScenario(hub: Hub, exam: ExamRow): Promise<{ scenario: Scenario; yaml: string; file: string }> {
  return scenarioOf(hub, exam.scenario_hash);
}

/** End the exam: no more joins or starts; every attempt still open is closed and graded. */
export async function endExam(hub: Hub, teacher: Teacher, examId: string): Promise<void> {
  const exam = await hub.examOf(teacher, examId);
  const now = hub.now();
  const open = await hub.db.tx(async (q) => {
    // The exam's row lock also waits for joins in progress on other hub processes (join locks it).
    await q.run('UPDATE exams SET ended_at = COALESCE(ended_at, ?) WHERE id = ?', [now, exam.id]);
    // Exactly the attempts this closed (one that finished meanwhile on another hub is not told "closed").
    const rows = await q.all<{ id: string }>("UPDATE attempts SET status = 'closed', ended_at = ? WHERE exam_id = ? AND status IN ('joined', 'live') RETURNING id", [now, exam.id]);
    for (const r of rows) await hub.xapi.completed(q, r.id);
    await q.run("DELETE FROM attempts WHERE exam_id = ? AND status = 'granted'", [exam.id]);
    await hub.audit(q, teacher.id, 'end-exam', { exam: exam.id, closedAttempts: rows.length });
    return rows;
  });
  for (const a of open) hub.events.publish({ kind: 'closed', attemptId: a.id, examId: exam.id, status: 'closed' });
  await hub.gradeMissing(exam.id);
}

export function examOpen(exam: ExamRow, now: number): string | null {
  if (exam.ended_at !== null) return 'this exam has ended';
  if (exam.opens_at !== null && now < exam.opens_at) return `this exam opens at ${new Date(exam.opens_at).toISOString()}`;
  if (exam.closes_at !== null && now >= exam.closes_at) return 'this exam has closed';
  return null;
}
