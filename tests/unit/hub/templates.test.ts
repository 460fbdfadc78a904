/**
 * Level exam templates and exams in parts (src/hub/templates.ts, src/hub/parts.ts, docs/hub.md
 * "Exam templates"): the template data agrees with the standards' units in the rubrics and with
 * the shipped scenarios; a template exam is created with a part exam per part (and refused with a
 * message naming the field otherwise); a student takes part 1, then part 2, each its own timed
 * attempt graded by re-simulation; a rejoin in the middle of part 2 resumes part 2; the gradebook's
 * weighted total, the CSV's columns, the live view and the xAPI total; and exams made before
 * templates existed (schema 2) keep working.
 *
 * The rehearsal part runs on a stand-in (the drill with meta.task: rehearsal, helpers.ts), not on
 * the shipped rehearsal scenarios.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION, loadScenarioText, scenarioHash, type ActionInput, type Scenario } from '../../../src/engine';
import { loadRubric, rubricIds } from '../../../src/scoring';
import { gradebookCsv } from '../../../src/hub/csv';
import { migrateSqlite, openSqlite, type Db } from '../../../src/hub/db/db';
import { MIGRATIONS } from '../../../src/hub/db/migrations';
import { migratePostgres, toPgPlaceholders } from '../../../src/hub/db/pg';
import { gradeAttempt } from '../../../src/hub/grade';
import { HubError, type AttemptRow, type ExamRow, type GradeRow, type Hub } from '../../../src/hub/hub';
import { Monitor } from '../../../src/hub/monitor';
import { createExamBody, issuesText } from '../../../src/hub/protocol';
import { buildServer, SESSION_COOKIE } from '../../../src/hub/server';
import { EXAM_TEMPLATES, fits, misfit, totalFormula, weightedTotal } from '../../../src/hub/templates';
import { examStatements } from '../../../src/hub/xapi';
import { parseCsv } from '../../parse-csv';
import {
  Clock,
  createDrillExam,
  createL5TemplateExam,
  DRILL_ID,
  drill,
  drillYaml,
  entry,
  expertActions,
  joinAs,
  makeHub,
  makeSession,
  makeTeacher,
  REHEARSAL_ID,
  rehearsal,
  removeTempDirs,
  streamAttempt,
  T0,
  tempDir,
  templateScenariosDir,
  TEST_STORE,
  testPgDb,
  testPgUrl,
} from './helpers';

afterAll(removeTempDirs);

const templateHub = (db?: Db, clock?: Clock) => makeHub(db, clock, { scenariosDir: templateScenariosDir() });

/** Every shipped scenario's meta (the repository's scenarios/ folder). */
function shippedMetas(): Scenario['meta'][] {
  const dir = path.resolve(__dirname, '../../../scenarios');
  const out: Scenario['meta'][] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
    const r = loadScenarioText(readFileSync(path.join(dir, f), 'utf8'), `scenarios/${f}`, { rubrics: rubricIds() });
    if (r.ok) out.push(r.scenario.meta);
  }
  return out;
}

const offline = (scenario: Scenario, seed: number, actions: readonly ActionInput[], timeLimitMs: number, passMark = 60) => gradeAttempt({ scenario, seed, engineVersion: ENGINE_VERSION, timeLimitMs, passMark, actions });

describe('the template data', () => {
  it('has unique ids and units, whole minutes, positive weights, and a source that cites a standard, not a file', () => {
    expect(new Set(EXAM_TEMPLATES.map((t) => t.id)).size).toBe(EXAM_TEMPLATES.length);
    for (const t of EXAM_TEMPLATES) {
      expect(t.parts.length, t.id).toBeGreaterThan(0);
      expect(new Set(t.parts.map((p) => p.unit)).size, t.id).toBe(t.parts.length);
      for (const p of t.parts) {
        expect(Number.isInteger(p.minutes) && p.minutes > 0 && p.minutes <= 240, `${t.id} ${p.unit} minutes`).toBe(true);
        expect(p.weight, `${t.id} ${p.unit} weight`).toBeGreaterThan(0);
        expect(['rehearsal', 'selling', 'controller']).toContain(p.kind);
        expect(p.title.zh && p.title.en).toBeTruthy();
      }
      for (const text of [t.source.zh, t.source.en, t.note.zh, t.note.en]) {
        expect(text, t.id).toBeTruthy();
        expect(text, `${t.id}: a citation, not a path`).not.toMatch(/seeds\/|\.txt|\.json|\bL\d{3,}/);
      }
    }
  });

  it('互联网营销师 templates take each part’s weight and minutes from the rubric’s exam units (seed 004 §3.1), and say what they leave to the school', () => {
    const rubricOf: Record<string, string> = { 'imkt-l5': 'imkt-l5-live-selling', 'imkt-l4': 'imkt-l4-live-selling', 'imkt-l3': 'imkt-l3-live-selling', 'platform-l5': 'imkt-platform-l5' };
    const want: Record<string, [string, number, number][]> = {
      'imkt-l5': [['2-1', 15, 20], ['2-2', 20, 30]],
      'imkt-l4': [['2-1', 15, 25], ['2-2', 20, 30]],
      'imkt-l3': [['2-1', 15, 25], ['2-2', 20, 35]],
      'platform-l5': [['2-1', 20, 20], ['2-2', 15, 20]],
    };
    for (const [id, rubricId] of Object.entries(rubricOf)) {
      const t = EXAM_TEMPLATES.find((x) => x.id === id)!;
      expect(t.parts.map((p) => [p.unit, p.minutes, p.weight]), id).toEqual(want[id]);
      const units = loadRubric(rubricId).exam!.units;
      for (const p of t.parts) {
        const u = units.find((x) => x.unit === p.unit)!;
        expect(u, `${rubricId} has unit ${p.unit}`).toBeDefined();
        expect([u.weight, u.minutes], `${id} ${p.unit}`).toEqual([p.weight, p.minutes]);
        expect(u.form).toBe('实操');
        expect(u.title.zh).toBe(p.title.zh);
      }
      expect(t.note.zh, id).toMatch(/笔试/);
      expect(t.note.en, id).toMatch(/written/);
    }
    expect(EXAM_TEMPLATES.find((t) => t.id === 'imkt-l5')!.parts.map((p) => p.kind)).toEqual(['rehearsal', 'selling']);
    expect(EXAM_TEMPLATES.find((t) => t.id === 'platform-l5')!.parts.map((p) => p.kind)).toEqual(['controller', 'controller']);
  });

  it('1+X templates: the controller seat (初级) or selling (中/高级) in a 20-minute part, and the note says the split is ours', () => {
    const kinds: Record<string, string> = { '1x-primary': 'controller', '1x-intermediate': 'selling', '1x-advanced': 'selling' };
    for (const [id, kind] of Object.entries(kinds)) {
      const t = EXAM_TEMPLATES.find((x) => x.id === id)!;
      expect(t.parts.map((p) => [p.kind, p.minutes])).toEqual([[kind, 20]]);
      expect(t.note.en).toMatch(/ours, not the standard/);
      expect(t.note.zh).toMatch(/本项目定的，不是标准规定的/);
      expect(t.source.zh).toMatch(/直播电商职业技能等级标准/);
    }
  });

  it('every part but a rehearsal has a shipped scenario that qualifies (meta.level, meta.seat, meta.task); the stand-in qualifies for the rehearsal parts of 五级', () => {
    const metas = shippedMetas();
    expect(metas.length).toBeGreaterThan(10);
    for (const t of EXAM_TEMPLATES) {
      for (const p of t.parts) {
        const ok = metas.filter((m) => fits(t, p, m));
        // Rehearsal scenarios are being written (meta.task: rehearsal); until one lands the form shows "no scenario yet".
        if (p.kind !== 'rehearsal') expect(ok.map((m) => m.id), `${t.id} ${p.unit}`).not.toEqual([]);
        for (const m of ok) expect(m.level).toBe(t.level);
      }
    }
    const l5 = EXAM_TEMPLATES.find((t) => t.id === 'imkt-l5')!;
    expect(fits(l5, l5.parts[0], rehearsal().meta)).toBe(true);
    expect(fits(l5, l5.parts[1], rehearsal().meta)).toBe(false);
    expect(misfit(l5, l5.parts[0], drill().meta)).toBe('meta.task is selling, not rehearsal');
    expect(misfit(l5, l5.parts[1], { level: 'imkt-l4', seat: 'controller' })).toBe('meta.level is imkt-l4, not imkt-l5; meta.seat is controller, not host');
  });

  it('the total is the weighted mean rescaled to 100, Σ wᵢ·scoreᵢ / Σ wᵢ, and none while a part has no score', () => {
    expect(weightedTotal([{ weight: 20, score: 80 }, { weight: 30, score: 60 }])).toBe(68);
    expect(weightedTotal([{ weight: 25, score: 71.3 }, { weight: 35, score: 90.1 }])).toBe(82.3);
    expect(weightedTotal([{ weight: 20, score: 80 }, { weight: 30, score: null }])).toBeNull();
    expect(weightedTotal([])).toBeNull();
    expect(totalFormula([{ unit: '2-1', weight: 20 }, { unit: '2-2', weight: 30 }])).toBe('(20 × 2-1 + 30 × 2-2) ÷ 50');
  });
});

describe('creating a template exam', () => {
  it('makes the exam and an exam row per part (its scenario, the template’s minutes, seed + N − 1), lists only the exam, and audits it', async () => {
    const { hub, db } = templateHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createL5TemplateExam(hub, teacher, { seed: 100, title: '五级实操' });
    expect(exam.template).toBe('imkt-l5');
    expect(exam.time_limit_ms).toBe(35 * 60_000);
    const parts = await hub.examParts(exam);
    expect(parts.map((p) => [p.index, p.unit, p.kind, p.weight, p.minutes, p.scenarioId])).toEqual([
      [1, '2-1', 'rehearsal', 20, 15, REHEARSAL_ID],
      [2, '2-2', 'selling', 30, 20, DRILL_ID],
    ]);
    const rows = await db.all<ExamRow>(`SELECT * FROM exams WHERE id IN (?, ?) ORDER BY time_limit_ms`, parts.map((p) => p.examId));
    expect(rows.map((r) => [r.time_limit_ms, r.seed, r.join_code, r.title])).toEqual([
      [15 * 60_000, 100, `${exam.join_code}-1`, '五级实操 · 2-1 直播预演'],
      [20 * 60_000, 101, `${exam.join_code}-2`, '五级实操 · 2-2 直播销售'],
    ]);
    expect((await hub.listExams(teacher)).map((e) => e.id)).toEqual([exam.id]);
    const audit = await db.get<{ detail: string }>("SELECT detail FROM audit WHERE action = 'create-exam'");
    expect(JSON.parse(audit!.detail)).toMatchObject({ exam: exam.id, template: 'imkt-l5', parts: [{ unit: '2-1', scenario: REHEARSAL_ID }, { unit: '2-2', scenario: DRILL_ID }] });
  });

  it('refuses bad input with the field and what is wrong', async () => {
    const { hub, db } = templateHub();
    const teacher = await makeTeacher(db, 't');
    const base = { title: 'x', passMark: 60, seedPolicy: 'shared' as const, language: 'zh' as const };
    const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof HubError ? { status: e.status, message: e.message } : e));
    expect(await refusal(hub.createExam(teacher, { ...base, template: { id: 'imkt-l9', parts: [] } }))).toEqual({ status: 400, message: expect.stringMatching(/^template\.id: there is no template "imkt-l9" \(the templates: imkt-l5, /) });
    expect(await refusal(hub.createExam(teacher, { ...base, template: { id: 'imkt-l5', parts: [{ scenario: { shipped: REHEARSAL_ID } }] } }))).toEqual({
      status: 400,
      message: 'template.parts: the template imkt-l5 has 2 parts (2-1, 2-2), each needs a scenario; 1 given',
    });
    expect(await refusal(hub.createExam(teacher, { ...base, template: { id: 'imkt-l5', parts: [{ scenario: { shipped: DRILL_ID } }, { scenario: { shipped: DRILL_ID } }] } }))).toEqual({
      status: 400,
      message: `template.parts.0.scenario: ${DRILL_ID} does not fit part 2-1 Rehearsal, which needs a imkt-l5 scenario with seat host and task rehearsal (meta.task is selling, not rehearsal)`,
    });
    expect(await refusal(hub.createExam(teacher, { ...base, template: { id: 'platform-l5', parts: [{ scenario: { shipped: DRILL_ID } }, { scenario: { shipped: DRILL_ID } }] } }))).toMatchObject({
      status: 400,
      message: expect.stringContaining('meta.level is imkt-l5, not platform-l5; meta.seat is host, not controller'),
    });
    expect(await refusal(hub.createExam(teacher, { ...base, template: { id: 'imkt-l5', parts: [{ scenario: { shipped: 'nope' } }, { scenario: { shipped: DRILL_ID } }] } }))).toEqual({ status: 422, message: 'template.parts.0.scenario: no shipped scenario "nope"' });
    expect(await refusal(hub.createExam(teacher, { ...base, template: { id: 'imkt-l5', parts: [{ scenario: { yaml: 'meta: {', fileName: 'mine.yaml' } }, { scenario: { shipped: DRILL_ID } }] } }))).toEqual({
      status: 422,
      message: 'template.parts.0.scenario: mine.yaml is not a valid scenario',
    });
    // The teacher's own YAML may be a part's scenario when it fits.
    const own = await hub.createExam(teacher, { ...base, template: { id: 'imkt-l5', parts: [{ scenario: { yaml: readFileSync(path.join(templateScenariosDir(), `${REHEARSAL_ID}.yaml`), 'utf8'), fileName: 'rehearsal.yaml' } }, { scenario: { shipped: DRILL_ID } }] } });
    expect(own.template).toBe('imkt-l5');
    expect(await db.all('SELECT * FROM exams WHERE template IS NOT NULL')).toHaveLength(1);
    // The body's own checks (POST /api/exams parses it first).
    const parsed = (b: unknown) => {
      const r = createExamBody.safeParse(b);
      return r.success ? 'ok' : issuesText(r.error);
    };
    expect(parsed({ ...base })).toBe('scenario: choose a scenario, or a template with a scenario for each part');
    expect(parsed({ ...base, scenario: { shipped: DRILL_ID } })).toBe('timeLimitMin: the time limit is required (whole minutes, 1 to 240)');
    expect(parsed({ ...base, scenario: { shipped: DRILL_ID }, timeLimitMin: 5, template: { id: 'imkt-l5', parts: [{ scenario: { shipped: DRILL_ID } }] } })).toBe('template: give either one scenario or a template, not both');
    expect(parsed({ ...base, timeLimitMin: 5, template: { id: 'imkt-l5', parts: [{ scenario: { shipped: DRILL_ID } }] } })).toBe("timeLimitMin: a template exam takes each part's time limit from the template: leave it out");
    expect(parsed({ ...base, template: { id: 'imkt-l5', parts: [] } })).toMatch(/^template\.parts: /);
    expect(parsed({ ...base, scenario: { shipped: DRILL_ID }, timeLimitMin: 5 })).toBe('ok');
  });
});

/** Start the attempt and stream the expert's actions on the drill (from the hub's clock now), ending the stream at `finishAt`. */
async function takePart(hub: Hub, clock: Clock, a: AttemptRow, actions: readonly ActionInput[], finishAt: number | null): Promise<AttemptRow> {
  const live = await hub.start(a);
  await streamAttempt(hub, clock, live, actions, finishAt);
  return live;
}

/** The attempt's grade (graded now if the finish did not already). */
async function gradeOf(hub: Hub, attemptId: string): Promise<GradeRow> {
  await hub.gradeAttemptOnce(attemptId);
  const gs = await hub.grades(attemptId);
  expect(gs.length).toBeGreaterThan(0);
  return gs[gs.length - 1];
}

const attemptRow = async (db: Db, id: string) => (await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [id]))!;

describe('a student takes the parts in order', () => {
  it('part 1, then "next part", then part 2: each its own attempt, time limit and grade; the gradebook has both and the weighted total', async () => {
    const { hub, db, clock } = templateHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createL5TemplateExam(hub, teacher, { seed: 5, passMark: 50 });
    const parts = await hub.examParts(exam);
    const { token: t1, attempt: a1 } = await joinAs(hub, exam, { name: '李明', studentNo: '2023001', className: '电商1班' });
    expect(a1.exam_id).toBe(parts[0].examId);
    expect(a1.seed).toBe(5);
    const info1 = await hub.attemptInfo(a1);
    expect(info1.examTitle).toBe('Level 5 exam');
    expect(info1.scenarioId).toBe(REHEARSAL_ID);
    expect(info1.timeLimitMs).toBe(15 * 60_000);
    expect(info1.part).toMatchObject({ index: 1, unit: '2-1', kind: 'rehearsal', weight: 20, minutes: 15, next: 2 });
    expect(info1.part!.parts.map((p) => p.unit)).toEqual(['2-1', '2-2']);

    // Not before part 1 is over.
    await expect(hub.nextPart(a1)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^finish this part first/) });
    const actions1 = expertActions(5).slice(0, 40);
    const live1 = await takePart(hub, clock, a1, actions1, 300_000);
    expect(live1.deadline).toBe(live1.started_at! + 15 * 60_000);
    const g1 = await gradeOf(hub, a1.id);
    expect(g1.digest).toBe(offline(rehearsal(), 5, actions1, 15 * 60_000, 50).digest);

    // The next part: a new attempt with its own token, time limit and seed.
    clock.advance(30_000);
    const { token: t2, attempt: a2 } = await hub.nextPart(await attemptRow(db, a1.id));
    expect(t2).not.toBe(t1);
    expect(a2.exam_id).toBe(parts[1].examId);
    expect(a2.seed).toBe(6);
    expect((await hub.attemptByToken(t2))!.id).toBe(a2.id);
    // Part 1's token still reads part 1 (its record stays as it is).
    expect((await hub.attemptByToken(t1))!.id).toBe(a1.id);
    const info2 = await hub.attemptInfo(a2);
    expect(info2).toMatchObject({ scenarioId: DRILL_ID, timeLimitMs: 20 * 60_000, status: 'joined', part: { index: 2, unit: '2-2', next: null } });
    // Part 2 opened and not started: part 1's page could still ask for it (its answer lost); once it started, not.
    expect((await hub.attemptInfo(await attemptRow(db, a1.id))).part!.next).toBe(2);

    const actions2 = expertActions(6);
    const live2 = await takePart(hub, clock, a2, actions2, 300_000);
    expect((await hub.attemptInfo(await attemptRow(db, a1.id))).part!.next).toBeNull();
    expect(live2.deadline).toBe(live2.started_at! + 20 * 60_000);
    const g2 = await gradeOf(hub, a2.id);
    const want2 = offline(drill(), 6, actions2, 20 * 60_000, 50);
    expect([g2.digest, g2.total]).toEqual([want2.digest, want2.total]);
    await expect(hub.nextPart(await attemptRow(db, a2.id))).rejects.toMatchObject({ status: 409, message: 'there is no part left to take: the exam is done' });

    const book = await hub.gradebook(teacher, exam.id);
    expect(book.criteria).toEqual([]);
    expect(book.rows.map((r) => [r.studentNo, r.part, r.status, r.grade?.total])).toEqual([
      ['2023001', 1, 'submitted', g1.total],
      ['2023001', 2, 'submitted', g2.total],
    ]);
    expect(book.exam.template).toMatchObject({ id: 'imkt-l5', formula: '(20 × 2-1 + 30 × 2-2) ÷ 50' });
    expect(book.exam.template!.parts.map((p) => [p.unit, p.scenarioId, p.minutes])).toEqual([
      ['2-1', REHEARSAL_ID, 15],
      ['2-2', DRILL_ID, 20],
    ]);
    const total = Math.round((10 * (20 * g1.total + 30 * g2.total)) / 50) / 10;
    expect(book.students).toEqual([
      {
        studentNo: '2023001',
        name: '李明',
        className: '电商1班',
        parts: [
          { attemptId: a1.id, number: 1, status: 'submitted', score: g1.total, passed: g1.passed === 1, grading: false, flags: 0 },
          { attemptId: a2.id, number: 1, status: 'submitted', score: g2.total, passed: g2.passed === 1, grading: false, flags: 0 },
        ],
        current: 2,
        total,
        passed: total >= 50,
        failedGates: [],
      },
    ]);

    // The CSV: a column per part, then the weighted total with its formula.
    const csv = parseCsv(gradebookCsv(book).slice(1));
    expect(csv[0]).toEqual(['学号', '姓名', '班级', '2-1 直播预演（权重 20）', '2-2 直播销售（权重 30）', '加权总分 = (20 × 2-1 + 30 × 2-2) ÷ 50', '是否通过', '标记', '备注']);
    expect(csv[1]).toEqual(['2023001', '李明', '电商1班', String(g1.total), String(g2.total), String(total), total >= 50 ? '通过' : '未通过', '', '']);
    expect(csv).toHaveLength(2);
    const en = parseCsv(gradebookCsv({ ...book, exam: { ...book.exam, language: 'en' } }).slice(1));
    expect(en[0].slice(3, 6)).toEqual(['2-1 Rehearsal (weight 20)', '2-2 Live selling (weight 30)', 'Weighted total = (20 × 2-1 + 30 × 2-2) ÷ 50']);

    // xAPI: each part's statements (grouped under the exam), then the exam's total once both parts are graded.
    const statements = await examStatements(db, exam.id);
    const totals = statements.filter((s) => s.object.id.endsWith(`/exams/${exam.id}`));
    expect(totals).toHaveLength(1);
    expect(totals[0]).toMatchObject({ verb: { id: 'http://adlnet.gov/expapi/verbs/scored' }, result: { score: { raw: total, max: 100 }, success: total >= 50 } });
    const partScored = statements.filter((s) => s.verb.id.endsWith('/scored') && s.object.id.endsWith(`/exams/${parts[1].examId}`));
    expect(partScored).toHaveLength(1);
    expect(partScored[0].context.contextActivities?.grouping?.map((g) => g.id)).toContain(`http://localhost/exams/${exam.id}`);
    expect(statements.filter((s) => s.verb.id.endsWith('/initialized'))).toHaveLength(2);
  });

  it('"next part" asked twice (the answer lost) gives the same part-2 attempt; a join without leave between the parts is refused', async () => {
    const { hub, db, clock } = templateHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createL5TemplateExam(hub, teacher);
    const { attempt: a1 } = await joinAs(hub, exam, { studentNo: 'S-1' });
    await takePart(hub, clock, a1, [], 60_000);
    const first = await hub.nextPart(await attemptRow(db, a1.id));
    const again = await hub.nextPart(await attemptRow(db, a1.id));
    expect(again.attempt.id).toBe(first.attempt.id);
    expect(await hub.attemptByToken(first.token)).toBeNull();
    expect((await hub.attemptByToken(again.token))!.id).toBe(first.attempt.id);
    await expect(joinAs(hub, exam, { studentNo: 'S-1' })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^this student number has already joined/) });
    // Once part 2 started, part 1's page cannot take it over.
    await hub.start(again.attempt);
    await expect(hub.nextPart(await attemptRow(db, a1.id))).rejects.toMatchObject({ status: 409, message: 'there is no part left to take: the exam is done' });
  });

  it('a rejoin in the middle of part 2 resumes part 2 with everything the hub holds; a rejoin between the parts goes on to part 2', async () => {
    const { hub, db, clock } = templateHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createL5TemplateExam(hub, teacher, { seedPolicy: 'per-student' });
    // 张悦: part 1 done, part 2 half-way, then her computer dies.
    const { attempt: a1 } = await joinAs(hub, exam, { name: '张悦', studentNo: '2023002' });
    await takePart(hub, clock, a1, [], 60_000);
    await hub.gradeAttemptOnce(a1.id);
    const { attempt: a2 } = await hub.nextPart(await attemptRow(db, a1.id));
    const actions = expertActions(3).filter((x) => x.t < 120_000);
    const live2 = await takePart(hub, clock, a2, actions, null);
    const held = (await attemptRow(db, a2.id)).acked;
    await expect(joinAs(hub, exam, { name: '张悦', studentNo: '2023002' })).rejects.toMatchObject({ status: 409 });
    await hub.allowRejoin(teacher, a2.id);
    const back = await joinAs(hub, exam, { name: '张悦', studentNo: '2023002' });
    expect(back.attempt.id).toBe(a2.id);
    const info = await hub.attemptInfo(back.attempt);
    expect(info).toMatchObject({ status: 'live', acked: held, startedAt: live2.started_at, deadline: live2.deadline, part: { index: 2 } });
    expect((await hub.entries(a2.id)).filter((e) => e.kind === 'action')).toHaveLength(actions.length);
    // She goes on from the next entry; the grade is the whole part.
    const rest = expertActions(3).filter((x) => x.t >= 120_000);
    let seq = held;
    for (const x of rest) {
      clock.t = Math.max(clock.t, live2.started_at! + x.t);
      expect(await hub.receive(a2.id, entry(++seq, { kind: 'action', action: x }, x.t))).toEqual({ type: 'ack', seq });
    }
    clock.t = live2.started_at! + 300_000;
    expect(await hub.receive(a2.id, entry(seq + 1, { kind: 'finish' }, 300_000))).toEqual({ type: 'ack', seq: seq + 1 });
    const g = await gradeOf(hub, a2.id);
    expect(g.digest).toBe(offline(drill(), live2.seed, expertActions(3), 20 * 60_000).digest);
    const flags = await db.all<{ kind: string }>('SELECT kind FROM flags WHERE attempt_id = ?', [a2.id]);
    expect(flags.map((f) => f.kind)).toContain('rejoined');

    // 陈思远: part 1 done, the page lost before "next part"; the teacher lets him go on elsewhere.
    const { attempt: b1 } = await joinAs(hub, exam, { name: '陈思远', studentNo: '2023003' });
    await takePart(hub, clock, b1, [], 60_000);
    const book = await hub.gradebook(teacher, exam.id);
    expect(book.rows.find((r) => r.attemptId === b1.id)).toMatchObject({ part: 1, canRejoin: true });
    expect(book.rows.find((r) => r.attemptId === a1.id)).toMatchObject({ part: 1, canRejoin: false });
    await expect(hub.allowRejoin(teacher, a1.id)).rejects.toMatchObject({ status: 409 });
    await hub.allowRejoin(teacher, b1.id);
    const elsewhere = await joinAs(hub, exam, { name: '陈思远', studentNo: '2023003' });
    expect(elsewhere.attempt.id).toBe(b1.id);
    expect((await hub.attemptInfo(elsewhere.attempt)).part).toMatchObject({ index: 1, next: 2 });
    const b2 = await hub.nextPart(elsewhere.attempt);
    expect((await hub.attemptInfo(b2.attempt)).part!.index).toBe(2);

    // The live view: one row per student, on the part they are on.
    const live = await new Monitor(hub, { minTickMs: 0 }).live(teacher, exam.id);
    expect(live.rows.map((r) => [r.studentNo, r.part?.unit, r.status])).toEqual([
      ['2023002', '2-2', 'submitted'],
      ['2023003', '2-2', 'joined'],
    ]);
  });

  it('a voided part leaves no total; a retake of it does; ending the exam closes the parts’ attempts', async () => {
    const { hub, db, clock } = templateHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createL5TemplateExam(hub, teacher, { passMark: 99 });
    const { attempt: a1 } = await joinAs(hub, exam, { studentNo: 'V1' });
    await takePart(hub, clock, a1, expertActions(7).slice(0, 20), 60_000);
    await hub.gradeAttemptOnce(a1.id);
    const { attempt: a2 } = await hub.nextPart(await attemptRow(db, a1.id));
    await takePart(hub, clock, a2, expertActions(8).slice(0, 20), 60_000);
    await hub.gradeAttemptOnce(a2.id);
    let s = (await hub.gradebook(teacher, exam.id)).students![0];
    expect(s.total).not.toBeNull();
    expect(s.passed).toBe(false);
    await hub.voidAttempt(teacher, a1.id, 'phone on the desk');
    s = (await hub.gradebook(teacher, exam.id)).students![0];
    expect(s.parts[0]).toMatchObject({ status: 'voided', score: null });
    expect([s.total, s.passed]).toEqual([null, null]);
    // The retake of part 1: joined with the exam's code, taken, graded.
    await hub.grantRetake(teacher, a1.id, 'voided by mistake');
    const retake = await joinAs(hub, exam, { studentNo: 'V1' });
    expect(retake.attempt).toMatchObject({ exam_id: a1.exam_id, number: 2 });
    expect((await hub.attemptInfo(retake.attempt)).part).toMatchObject({ index: 1, next: null });
    await takePart(hub, clock, retake.attempt, [], 60_000);
    const g = await gradeOf(hub, retake.attempt.id);
    s = (await hub.gradebook(teacher, exam.id)).students![0];
    expect(s.parts[0]).toMatchObject({ attemptId: retake.attempt.id, number: 2, score: g.total });
    expect(s.total).toBe(weightedTotal([{ weight: 20, score: g.total }, { weight: 30, score: s.parts[1]!.score }]));

    // Another student is in part 1 when the teacher ends the exam: closed and graded; no part 2 any more.
    const { attempt: c1 } = await joinAs(hub, exam, { studentNo: 'V2' });
    await hub.start(c1);
    clock.advance(10_000);
    await hub.endExam(teacher, exam.id);
    expect((await attemptRow(db, c1.id)).status).toBe('closed');
    expect(await hub.grades(c1.id)).toHaveLength(1);
    await expect(hub.nextPart(await attemptRow(db, c1.id))).rejects.toMatchObject({ status: 410 });
    const ended = await db.all<{ ended_at: number | null }>('SELECT ended_at FROM exams WHERE id = ? OR id IN (SELECT exam_id FROM exam_parts WHERE parent_id = ?)', [exam.id, exam.id]);
    expect(ended.map((e) => e.ended_at)).toEqual([clock.t, clock.t, clock.t]);
    // The audit log of the exam has its parts' actions.
    const actions = (await db.all<{ action: string; detail: string }>('SELECT action, detail FROM audit ORDER BY at')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['create-exam', 'void-attempt', 'grant-retake', 'end-exam']));
  });

  it('a one-part template (1+X 中级) runs like a one-scenario exam with its part’s 20 minutes', async () => {
    const dir = tempDir('livesim-hub-1x-');
    const yaml = readFileSync(path.resolve(__dirname, '../../../scenarios/1x-intermediate-beauty-20min.yaml'), 'utf8');
    writeFileSync(path.join(dir, '1x-intermediate-beauty-20min.yaml'), yaml);
    const { hub, db, clock } = makeHub(undefined, undefined, { scenariosDir: dir });
    const teacher = await makeTeacher(db, 't');
    const exam = await hub.createExam(teacher, { title: '1+X 中级', template: { id: '1x-intermediate', parts: [{ scenario: { shipped: '1x-intermediate-beauty-20min' } }] }, passMark: 60, seedPolicy: 'shared', seed: 3, language: 'zh' });
    const { attempt } = await joinAs(hub, exam);
    const info = await hub.attemptInfo(attempt);
    expect(info).toMatchObject({ timeLimitMs: 20 * 60_000, part: { index: 1, unit: '2', weight: 100, next: null } });
    await takePart(hub, clock, attempt, [], 60_000);
    const g = await gradeOf(hub, attempt.id);
    expect((await hub.gradebook(teacher, exam.id)).students![0].total).toBe(g.total);
  });
});

describe('over HTTP', () => {
  it('POST /api/exams with a template, the exam with its parts, /api/attempt/next, the gradebook CSV with a column per part, a field error as 400', async () => {
    const { hub, db, clock } = templateHub();
    const dist = tempDir();
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>livesim</title>');
    const app = await buildServer({ hub, distDir: dist, publicUrl: () => 'http://hub.test', rateLimits: { join: 1000, login: 1000 } });
    try {
      const teacher = await makeTeacher(db, 't');
      const cookie = { cookie: `${SESSION_COOKIE}=${await makeSession(db, teacher, T0 + 24 * 3600_000)}` };
      const body = { title: 'HTTP 五级', template: { id: 'imkt-l5', parts: [{ scenario: { shipped: REHEARSAL_ID } }, { scenario: { shipped: DRILL_ID } }] }, passMark: 60, seedPolicy: 'per-student', language: 'zh' };
      const bad = await app.inject({ method: 'POST', url: '/api/exams', headers: cookie, payload: { ...body, timeLimitMin: 20 } });
      expect([bad.statusCode, bad.json()]).toEqual([400, { error: "timeLimitMin: a template exam takes each part's time limit from the template: leave it out" }]);
      const misfitting = await app.inject({ method: 'POST', url: '/api/exams', headers: cookie, payload: { ...body, template: { id: 'imkt-l5', parts: [{ scenario: { shipped: DRILL_ID } }, { scenario: { shipped: DRILL_ID } }] } } });
      expect(misfitting.statusCode).toBe(400);
      expect(misfitting.json<{ error: string }>().error).toMatch(/^template\.parts\.0\.scenario: /);
      const made = await app.inject({ method: 'POST', url: '/api/exams', headers: cookie, payload: body });
      expect(made.statusCode).toBe(200);
      const exam = made.json<{ exam: ExamRow & { joinUrl: string } }>().exam;
      const read = (await app.inject({ url: `/api/exams/${exam.id}`, headers: cookie })).json<{ exam: { template: string; parts: { unit: string; scenarioId: string; minutes: number; weight: number }[] } }>().exam;
      expect(read.template).toBe('imkt-l5');
      expect(read.parts.map((p) => [p.unit, p.scenarioId, p.minutes, p.weight])).toEqual([
        ['2-1', REHEARSAL_ID, 15, 20],
        ['2-2', DRILL_ID, 20, 30],
      ]);
      const scenarios = (await app.inject({ url: '/api/scenarios', headers: cookie })).json<{ scenarios: { id: string; seat: string; task?: string }[] }>().scenarios;
      expect(scenarios.map((x) => [x.id, x.seat, x.task])).toEqual([
        [DRILL_ID, 'host', undefined],
        [REHEARSAL_ID, 'host', 'rehearsal'],
      ]);

      const joined = (await app.inject({ method: 'POST', url: '/api/join', payload: { code: exam.join_code, name: '王芳', studentNo: 'H1', className: '电商2班' } })).json<{ token: string; attempt: { part: { index: number; next: number } } }>();
      expect(joined.attempt.part).toMatchObject({ index: 1, next: 2 });
      const auth = (token: string) => ({ authorization: `Bearer ${token}` });
      const early = await app.inject({ method: 'POST', url: '/api/attempt/next', headers: auth(joined.token) });
      expect([early.statusCode, early.json<{ error: string }>().error]).toEqual([409, 'finish this part first: the next part opens once this one is over']);
      await app.inject({ method: 'POST', url: '/api/attempt/start', headers: auth(joined.token) });
      const a1 = (await hub.attemptByToken(joined.token))!;
      await streamAttempt(hub, clock, a1, [], 30_000);
      const next = await app.inject({ method: 'POST', url: '/api/attempt/next', headers: auth(joined.token) });
      expect(next.statusCode).toBe(200);
      const moved = next.json<{ token: string; attempt: { scenarioId: string; timeLimitMs: number; part: { index: number; unit: string } } }>();
      expect(moved.attempt).toMatchObject({ scenarioId: DRILL_ID, timeLimitMs: 20 * 60_000, part: { index: 2, unit: '2-2' } });
      expect((await app.inject({ url: '/api/attempt', headers: auth(moved.token) })).json<{ attempt: { part: { index: number } } }>().attempt.part.index).toBe(2);
      await app.inject({ method: 'POST', url: '/api/attempt/start', headers: auth(moved.token) });
      await streamAttempt(hub, clock, (await hub.attemptByToken(moved.token))!, [], 30_000);
      await hub.gradeMissing(exam.id);
      const csv = await app.inject({ url: `/api/exams/${exam.id}/gradebook.csv`, headers: cookie });
      const table = parseCsv(csv.body.slice(1));
      expect(table[0].slice(3, 6)).toEqual(['2-1 直播预演（权重 20）', '2-2 直播销售（权重 30）', '加权总分 = (20 × 2-1 + 30 × 2-2) ÷ 50']);
      expect(table[1].slice(0, 3)).toEqual(['H1', '王芳', '电商2班']);
      expect(Number(table[1][5])).toBeGreaterThanOrEqual(0);
      const statements = (await app.inject({ url: `/api/exams/${exam.id}/xapi.json`, headers: cookie })).json<unknown[]>();
      expect(statements.length).toBeGreaterThan(4);
      const audit = (await app.inject({ url: `/api/exams/${exam.id}/audit`, headers: cookie })).json<{ audit: { action: string }[] }>().audit;
      expect(audit.map((x) => x.action)).toEqual(['create-exam']);
    } finally {
      await app.close();
    }
  });
});

describe('exams made before templates', () => {
  /**
   * A database at schema 2 (before templates) holding a one-scenario exam with a graded attempt, as
   * livesim wrote it then; opened by this livesim (the migrations bring it to the latest schema).
   */
  async function oldDatabase(): Promise<{ db: Db; examId: string; attemptId: string; teacherId: string; total: number }> {
    const v2 = MIGRATIONS.filter((m) => m.version <= 2);
    const hash = scenarioHash(drill());
    const actions = expertActions(4).slice(0, 30);
    const g = offline(drill(), 4, actions, 300_000);
    const ids = { teacherId: 'teacher-old', examId: 'exam-old', attemptId: 'attempt-old' };
    const rows: [string, (string | number | null)[]][] = [
      ['INSERT INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)', [ids.teacherId, 'old', 'x', T0]],
      ['INSERT INTO scenarios (hash, scenario_id, title, source, file_name, yaml, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [hash, DRILL_ID, drill().meta.title.zh, 'shipped', `scenarios/${DRILL_ID}.yaml`, drillYaml(), T0]],
      [
        'INSERT INTO exams (id, teacher_id, title, scenario_hash, engine_version, rubric, time_limit_ms, pass_mark, seed_policy, seed, language, opens_at, closes_at, join_code, created_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [ids.examId, ids.teacherId, 'Old exam', hash, ENGINE_VERSION, drill().meta.rubric, 300_000, 60, 'shared', 4, 'en', null, null, 'OLDEXM', T0, null],
      ],
      ["INSERT INTO attempts (id, exam_id, student_no, name, class_name, number, token_hash, seed, status, joined_at, started_at, deadline, ended_at, acked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?)", [ids.attemptId, ids.examId, 'OLD1', 'Old Student', 'Class 0', 1, 'old-token-hash', 4, T0, T0, T0 + 300_000, T0 + 300_000, actions.length]],
      ...actions.map((a, i): [string, (string | number)[]] => ['INSERT INTO entries (attempt_id, seq, kind, sim_ms, client_ms, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)', [ids.attemptId, i + 1, 'action', a.t, T0 + a.t, T0 + a.t, JSON.stringify({ kind: 'action', action: a })]]),
      ['INSERT INTO grades (id, attempt_id, n, created_at, reason, app_version, engine_version, digest, total, passed, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', ['grade-old', ids.attemptId, 1, T0 + 300_000, 'exam', '0.0.1', ENGINE_VERSION, g.digest, g.total, g.passed ? 1 : 0, JSON.stringify(g.report)]],
    ];
    if (TEST_STORE === 'sqlite') {
      const dir = tempDir();
      const raw = new Database(path.join(dir, 'hub.sqlite'));
      expect(migrateSqlite(raw, v2)).toEqual([1, 2]);
      for (const [sql, params] of rows) raw.prepare(sql).run(...params);
      raw.close();
      return { db: openSqlite(dir), ...ids, total: g.total };
    }
    const schema = `t_old_${Math.random().toString(16).slice(2, 10)}`;
    const pool = new pg.Pool({ connectionString: testPgUrl(), options: `-c search_path="${schema}"`, max: 1 });
    try {
      expect(await migratePostgres(pool, { schema, migrations: v2 })).toEqual([1, 2]);
      for (const [sql, params] of rows) await pool.query(toPgPlaceholders(sql), params);
    } finally {
      await pool.end();
    }
    return { db: testPgDb(schema), ...ids, total: g.total };
  }

  it('keep their row, grade, gradebook and CSV, and take new students as before', async () => {
    const old = await oldDatabase();
    expect(await old.db.schemaVersion()).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    const { hub, db, clock } = makeHub(old.db);
    clock.t = T0 + 3600_000;
    const teacher = { id: old.teacherId, username: 'old' };
    const exam = await hub.examOf(teacher, old.examId);
    expect(exam.template).toBeNull();
    expect(await hub.examParts(exam)).toEqual([]);
    expect((await hub.listExams(teacher)).map((e) => [e.id, e.attempts])).toEqual([[old.examId, 1]]);
    let book = await hub.gradebook(teacher, old.examId);
    expect(book.students).toBeUndefined();
    expect(book.exam.template).toBeUndefined();
    expect(book.criteria.length).toBeGreaterThan(3);
    expect(book.rows.map((r) => [r.studentNo, r.grade?.total, r.part])).toEqual([['OLD1', old.total, undefined]]);
    expect(parseCsv(gradebookCsv(book).slice(1))[0].slice(0, 5)).toEqual(['Student no.', 'Name', 'Class', 'Attempt', 'Status']);
    expect(await hub.regradeExam(teacher, old.examId)).toEqual({ attempts: 1, changed: 0 });
    // A new student joins with the old code and sits it as before.
    const { attempt } = await joinAs(hub, exam, { studentNo: 'NEW1' });
    const info = await hub.attemptInfo(attempt);
    expect(info.part).toBeUndefined();
    expect(info.timeLimitMs).toBe(300_000);
    await expect(hub.nextPart(attempt)).rejects.toMatchObject({ status: 409 });
    await takePart(hub, clock, attempt, expertActions(4), 300_000);
    const g = await gradeOf(hub, attempt.id);
    expect(g.digest).toBe(offline(drill(), 4, expertActions(4), 300_000).digest);
    book = await hub.gradebook(teacher, old.examId);
    expect(book.rows.map((r) => r.studentNo)).toEqual(['OLD1', 'NEW1']);
    // And a new one-scenario exam on the same database is as it always was.
    const fresh = await createDrillExam(hub, teacher);
    expect(fresh.template).toBeNull();
    expect(await db.get('SELECT * FROM exam_parts')).toBeUndefined();
  });
});
