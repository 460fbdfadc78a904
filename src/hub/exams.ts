/**
 * Exams: creating one (its scenario stored by hash, its join code, its Safe Exam Browser file),
 * listing and reading them for their teacher, whether one is open, and ending it.
 */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { ENGINE_VERSION, scenarioHash, type Scenario } from '../engine';
import { newId } from './auth';
import type { Hub } from './hub';
import type { Queryable } from './db/db';
import { HubError, type ExamRow, type Teacher } from './model';
import type { GradebookPart } from './gradebook';
import { attemptExamIds, marks, partInfo, partsOf } from './parts';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, type createExamBody, type scenarioChoice } from './protocol';
import { loadShipped, scenarioOf } from './scenarios';
import { examSebFile } from './seb';
import { EXAM_TEMPLATES, examTemplate, misfit, partNeeds } from './templates';

type CreateExamBody = z.output<typeof createExamBody>;
type ScenarioChoice = z.output<typeof scenarioChoice>;

/** A scenario chosen for an exam or one of its parts, checked as `livesim validate` checks it, with what the hub stores of it. */
interface Chosen {
  scenario: Scenario;
  yaml: string;
  source: 'shipped' | 'uploaded';
  fileName: string;
  hash: string;
}

/** Load the chosen scenario. `field` names it in a refusal (a template's part: `template.parts.N.scenario`). */
function chooseScenario(hub: Hub, choice: ScenarioChoice, field: string): Chosen {
  const prefix = field === 'scenario' ? '' : `${field}: `;
  let yaml: string;
  let source: Chosen['source'];
  let fileName: string;
  if ('shipped' in choice) {
    const s = loadShipped(hub).get(choice.shipped);
    if (!s) throw new HubError(422, `${prefix}no shipped scenario "${choice.shipped}"`, { field: `${field}.shipped` });
    yaml = s.yaml;
    source = 'shipped';
    fileName = `scenarios/${s.file}`;
  } else {
    yaml = choice.yaml;
    source = 'uploaded';
    fileName = choice.fileName?.replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'scenario.yaml';
  }
  const checked = hub.checkScenario(yaml, fileName);
  if (!checked.ok) throw new HubError(422, `${prefix}${fileName} is not a valid scenario`, { errors: checked.errors, ...(prefix ? { field } : {}) });
  return { scenario: checked.scenario, yaml, source, fileName, hash: scenarioHash(checked.scenario) };
}

async function storeScenario(q: Queryable, c: Chosen, now: number): Promise<void> {
  await q.run('INSERT INTO scenarios (hash, scenario_id, title, source, file_name, yaml, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING', [c.hash, c.scenario.meta.id, c.scenario.meta.title.zh, c.source, c.fileName, c.yaml, now]);
}

async function newJoinCode(q: Queryable): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const c = Array.from({ length: JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('');
    if (!(await q.get('SELECT id FROM exams WHERE join_code = ?', [c]))) return c;
  }
  return '';
}

async function insertExam(q: Queryable, exam: ExamRow): Promise<void> {
  await q.run(
    'INSERT INTO exams (id, teacher_id, title, scenario_hash, engine_version, rubric, time_limit_ms, pass_mark, seed_policy, seed, language, opens_at, closes_at, join_code, created_at, ended_at, template) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [exam.id, exam.teacher_id, exam.title, exam.scenario_hash, exam.engine_version, exam.rubric, exam.time_limit_ms, exam.pass_mark, exam.seed_policy, exam.seed, exam.language, exam.opens_at, exam.closes_at, exam.join_code, exam.created_at, null, exam.template],
  );
}

/** The exam's Safe Exam Browser file, when it requires one, on the exam and on each of its parts (the same Config Key everywhere). */
async function requireSeb(q: Queryable, exams: ExamRow[], joinUrl: string): Promise<void> {
  const seb = examSebFile(joinUrl);
  for (const exam of exams) {
    await q.run('UPDATE exams SET seb_required = 1, seb_settings = ?, seb_config_key = ? WHERE id = ?', [seb.xml, seb.configKey, exam.id]);
    Object.assign(exam, { seb_required: 1, seb_settings: seb.xml, seb_config_key: seb.configKey });
  }
}

/** `joinUrl` gives the exam's join page from its code (the start page of its .seb file, when it requires Safe Exam Browser). */
export async function createExam(hub: Hub, teacher: Teacher, body: CreateExamBody, joinUrl?: (code: string) => string): Promise<ExamRow> {
  if (body.requireSeb && !joinUrl) throw new HubError(400, 'requireSeb: the hub needs its public address to write the Safe Exam Browser file');
  if (body.template) return createTemplateExam(hub, teacher, body, body.template, joinUrl);
  if (!body.scenario || body.timeLimitMin === undefined) throw new HubError(400, 'scenario: choose a scenario, or a template with a scenario for each part');
  const chosen = chooseScenario(hub, body.scenario, 'scenario');
  const { scenario, hash } = chosen;
  const seed = body.seedPolicy === 'shared' ? (body.seed ?? randomInt(1, 2 ** 31 - 1)) : null;
  const now = hub.now();
  const timeLimitMs = body.timeLimitMin * 60_000;
  return hub.db.tx(async (q) => {
    await storeScenario(q, chosen, now);
    const code = await newJoinCode(q);
    const exam: ExamRow = {
      id: newId(),
      teacher_id: teacher.id,
      title: body.title,
      scenario_hash: hash,
      engine_version: ENGINE_VERSION,
      rubric: scenario.meta.rubric,
      time_limit_ms: timeLimitMs,
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
      template: null,
    };
    await insertExam(q, exam);
    if (body.requireSeb && joinUrl) await requireSeb(q, [exam], joinUrl(code));
    await hub.audit(q, teacher.id, 'create-exam', { exam: exam.id, title: exam.title, scenario: scenario.meta.id, hash, ...(exam.seb_required ? { seb: true } : {}) });
    return exam;
  });
}

/**
 * An exam from a level template (src/hub/templates.ts): the exam the teacher sees, and an exam row
 * per part with the part's scenario, time limit and seed (shared: the exam's seed + N − 1 for part N),
 * listed in exam_parts. Students join with the exam's code and take the parts in order.
 */
async function createTemplateExam(hub: Hub, teacher: Teacher, body: CreateExamBody, choice: NonNullable<CreateExamBody['template']>, joinUrl?: (code: string) => string): Promise<ExamRow> {
  const template = examTemplate(choice.id);
  if (!template) throw new HubError(400, `template.id: there is no template "${choice.id}" (the templates: ${EXAM_TEMPLATES.map((t) => t.id).join(', ')})`);
  if (choice.parts.length !== template.parts.length) {
    throw new HubError(400, `template.parts: the template ${template.id} has ${template.parts.length} part${template.parts.length === 1 ? '' : 's'} (${template.parts.map((p) => p.unit).join(', ')}), each needs a scenario; ${choice.parts.length} given`);
  }
  const chosen = template.parts.map((part, i) => {
    const field = `template.parts.${i}.scenario`;
    const c = chooseScenario(hub, choice.parts[i].scenario, field);
    const m = c.scenario.meta;
    const wrong = misfit(template, part, { level: m.level, seat: m.seat, task: m.task });
    if (wrong) {
      const need = partNeeds(part.kind);
      throw new HubError(400, `${field}: ${m.id} does not fit part ${part.unit} ${part.title.en}, which needs a ${template.level} scenario with seat ${need.seat} and task ${need.task} (${wrong})`);
    }
    return c;
  });
  const base = body.seedPolicy === 'shared' ? (body.seed ?? randomInt(1, 2 ** 31 - 1)) : null;
  const seedOf = (i: number) => (base === null ? null : i === 0 ? base : (base + i) % (2 ** 31 - 1));
  const now = hub.now();
  return hub.db.tx(async (q) => {
    for (const c of chosen) await storeScenario(q, c, now);
    const code = await newJoinCode(q);
    const common = {
      teacher_id: teacher.id,
      engine_version: ENGINE_VERSION,
      pass_mark: body.passMark,
      seed_policy: body.seedPolicy,
      language: body.language,
      opens_at: body.opensAt ?? null,
      closes_at: body.closesAt ?? null,
      created_at: now,
      ended_at: null,
      seb_required: 0,
      seb_settings: null,
      seb_config_key: null,
    };
    const exam: ExamRow = {
      ...common,
      id: newId(),
      title: body.title,
      // The first part's scenario, so that everything that lists an exam with its scenario still works.
      scenario_hash: chosen[0].hash,
      rubric: chosen[0].scenario.meta.rubric,
      time_limit_ms: template.parts.reduce((s, p) => s + p.minutes, 0) * 60_000,
      seed: base,
      join_code: code,
      template: template.id,
    };
    await insertExam(q, exam);
    const parts: ExamRow[] = [];
    for (const [i, part] of template.parts.entries()) {
      const c = chosen[i];
      const row: ExamRow = {
        ...common,
        id: newId(),
        title: `${body.title} · ${part.unit} ${part.title[body.language]}`,
        scenario_hash: c.hash,
        rubric: c.scenario.meta.rubric,
        time_limit_ms: part.minutes * 60_000,
        seed: seedOf(i),
        // Never typed: a join code has six letters and digits, so only the exam's own code joins.
        join_code: `${code}-${i + 1}`,
        template: null,
      };
      await insertExam(q, row);
      await q.run('INSERT INTO exam_parts (exam_id, parent_id, idx, unit, title_zh, title_en, kind, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [row.id, exam.id, i + 1, part.unit, part.title.zh, part.title.en, part.kind, part.weight]);
      parts.push(row);
    }
    if (body.requireSeb && joinUrl) await requireSeb(q, [exam, ...parts], joinUrl(code));
    await hub.audit(q, teacher.id, 'create-exam', {
      exam: exam.id,
      title: exam.title,
      template: template.id,
      parts: template.parts.map((p, i) => ({ unit: p.unit, scenario: chosen[i].scenario.meta.id, hash: chosen[i].hash, minutes: p.minutes, weight: p.weight })),
      ...(exam.seb_required ? { seb: true } : {}),
    });
    return exam;
  });
}

export async function listExams(hub: Hub, teacher: Teacher): Promise<(ExamRow & { scenario_id: string; scenario_title: string; attempts: number })[]> {
  // The exams the teacher created (a template exam's parts are not listed); a template exam counts its first part's attempts.
  return hub.db.all(
    'SELECT e.*, s.scenario_id, s.title AS scenario_title, (SELECT COUNT(*) FROM attempts a WHERE a.exam_id = COALESCE((SELECT p.exam_id FROM exam_parts p WHERE p.parent_id = e.id AND p.idx = 1), e.id) AND a.status <> ?) AS attempts FROM exams e JOIN scenarios s ON s.hash = e.scenario_hash WHERE e.teacher_id = ? AND NOT EXISTS (SELECT 1 FROM exam_parts x WHERE x.exam_id = e.id) ORDER BY e.created_at DESC',
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

/** A template exam's parts with their scenarios, in order (none for a one-scenario exam). */
export async function examParts(hub: Hub, exam: ExamRow): Promise<GradebookPart[]> {
  const out: GradebookPart[] = [];
  for (const p of await partsOf(hub.db, exam.id)) {
    const { scenario } = await scenarioOf(hub, p.exam.scenario_hash);
    out.push({ ...partInfo(p), examId: p.exam_id, scenarioId: scenario.meta.id, scenarioTitle: scenario.meta.title, durationSec: scenario.meta.durationSec });
  }
  return out;
}

/** End the exam: no more joins or starts; every attempt still open (of every part) is closed and graded. */
export async function endExam(hub: Hub, teacher: Teacher, examId: string): Promise<void> {
  const exam = await hub.examOf(teacher, examId);
  const now = hub.now();
  const open = await hub.db.tx(async (q) => {
    // The exam's row lock also waits for joins in progress on other hub processes (join locks it).
    await q.run('UPDATE exams SET ended_at = COALESCE(ended_at, ?) WHERE id = ?', [now, exam.id]);
    const ids = await attemptExamIds(q, exam);
    // A template exam's parts end with it (a part's start checks its own row).
    if (exam.template) await q.run(`UPDATE exams SET ended_at = COALESCE(ended_at, ?) WHERE id IN (${marks(ids.length)})`, [now, ...ids]);
    // Exactly the attempts this closed (one that finished meanwhile on another hub is not told "closed").
    const rows = await q.all<{ id: string; exam_id: string }>(`UPDATE attempts SET status = 'closed', ended_at = ? WHERE exam_id IN (${marks(ids.length)}) AND status IN ('joined', 'live') RETURNING id, exam_id`, [now, ...ids]);
    for (const r of rows) await hub.xapi.completed(q, r.id);
    await q.run(`DELETE FROM attempts WHERE exam_id IN (${marks(ids.length)}) AND status = 'granted'`, ids);
    await hub.audit(q, teacher.id, 'end-exam', { exam: exam.id, closedAttempts: rows.length });
    return rows;
  });
  for (const a of open) hub.events.publish({ kind: 'closed', attemptId: a.id, examId: a.exam_id, status: 'closed' });
  await hub.gradeMissing(exam.id);
}

export function examOpen(exam: ExamRow, now: number): string | null {
  if (exam.ended_at !== null) return 'this exam has ended';
  if (exam.opens_at !== null && now < exam.opens_at) return `this exam opens at ${new Date(exam.opens_at).toISOString()}`;
  if (exam.closes_at !== null && now >= exam.closes_at) return 'this exam has closed';
  return null;
}
