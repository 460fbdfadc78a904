/**
 * Grades are the hub's own re-simulation of what it received: equal to an offline
 * gradeAttempt() of the same scenario, seed and actions; given to students who sent nothing when
 * the exam ends or the time runs out; kept beside re-grades, never replaced; and the review quiz
 * marks its own line without moving the total.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION, type ActionInput } from '../../../src/engine';
import { reviewQuiz } from '../../../src/scoring';
import { gradeAttempt, resimulate, type Grade } from '../../../src/hub/grade';
import { EXAM_RULES, HubError, type AttemptRow, type FlagRow, type GradeRow, type Hub } from '../../../src/hub/hub';
import { createDrillExam, drill, expertActions, joinAs, makeHub, makeTeacher, removeTempDirs, streamAttempt } from './helpers';

afterAll(removeTempDirs);

const offline = (seed: number, actions: readonly ActionInput[], timeLimitMs = 300_000, passMark = 60, quizAnswers?: Record<string, unknown>) =>
  gradeAttempt({ scenario: drill(), seed, engineVersion: ENGINE_VERSION, timeLimitMs, passMark, actions, quizAnswers });

async function firstGrade(hub: Hub, attemptId: string): Promise<GradeRow> {
  await hub.gradeAttemptOnce(attemptId);
  const gs = await hub.grades(attemptId);
  expect(gs).toHaveLength(1);
  return gs[0];
}

describe('the hub grades by re-simulating its own record', () => {
  it('an expert bot streamed to the hub gets exactly the offline grade of the same scenario, seed and actions', async () => {
    const { hub, db, clock } = makeHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createDrillExam(hub, teacher, { seedPolicy: 'per-student' });
    const { attempt } = await joinAs(hub, exam);
    const live = await hub.start(attempt);
    const actions = expertActions(11);
    await streamAttempt(hub, clock, live, actions, 300_000);
    const g = await firstGrade(hub, attempt.id);
    // The hub assigned its own seed: the offline grade uses the seed the hub stored.
    const want = offline(live.seed, actions);
    expect(g.digest).toBe(want.digest);
    expect(g.total).toBe(want.total);
    expect(g.passed).toBe(want.passed ? 1 : 0);
    expect(want.total).toBeGreaterThan(60);
    expect((JSON.parse(g.report) as Grade['report']).total).toBe(want.total);
    // And the stored flags are clean for an honest run.
    expect(await db.all<FlagRow>('SELECT * FROM flags WHERE attempt_id = ?', [attempt.id])).toEqual([]);
    const book = await hub.gradebook(teacher, exam.id);
    expect(book.rows[0].grade?.total).toBe(want.total);
    expect(book.criteria.length).toBeGreaterThan(3);
    expect(Object.keys(book.rows[0].grade!.points).sort()).toEqual(book.criteria.map((c) => c.id).sort());
  });

  it('actions past the time limit are left out of the grade', () => {
    const actions = expertActions(11);
    const limit = 120_000;
    const late = actions.filter((a) => a.t >= limit).length;
    expect(late).toBeGreaterThan(0);
    const g = offline(11, actions, limit);
    expect(g.late).toBe(late);
    expect(g.endMs).toBe(limit);
    const only = offline(11, actions.filter((a) => a.t < limit), limit);
    expect(g.digest).toBe(only.digest);
    expect(g.total).toBe(only.total);
    // Not the full run's.
    expect(g.digest).not.toBe(offline(11, actions).digest);
  });

  it('an exam shorter than its scenario grades what arrived until the deadline (and its grace) at the time limit', async () => {
    const { hub, db, clock } = makeHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createDrillExam(hub, teacher, { timeLimitMin: 2, seed: 5 });
    const { attempt } = await joinAs(hub, exam);
    const live = await hub.start(attempt);
    // What the page could send before the grace ran out.
    const sent = expertActions(5).filter((a) => a.t < 170_000);
    await streamAttempt(hub, clock, live, sent, 175_000);
    const g = await firstGrade(hub, attempt.id);
    const want = offline(5, sent, 120_000);
    expect(want.late).toBeGreaterThan(0);
    expect(g.digest).toBe(want.digest);
    expect(g.total).toBe(want.total);
  });

  it('a student who started and sent nothing gets a grade when the teacher ends the exam; one who never started gets none', async () => {
    const { hub, db, clock } = makeHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createDrillExam(hub, teacher, { seed: 3 });
    const silent = await joinAs(hub, exam);
    await hub.start(silent.attempt);
    const idle = await joinAs(hub, exam);
    clock.advance(60_000);
    await hub.endExam(teacher, exam.id);
    const rows = await db.all<AttemptRow>('SELECT * FROM attempts WHERE exam_id = ?', [exam.id]);
    expect(rows.map((r) => r.status)).toEqual(['closed', 'closed']);
    const g = await hub.grades(silent.attempt.id);
    expect(g).toHaveLength(1);
    const want = offline(3, []);
    expect(g[0].total).toBe(want.total);
    expect(g[0].digest).toBe(want.digest);
    expect(g[0].total).toBeLessThan(20);
    expect(await hub.grades(idle.attempt.id)).toEqual([]);
    // Ended: no more joins or starts.
    await expect(joinAs(hub, exam)).rejects.toMatchObject({ status: 410 });
  });

  it('the sweep times out a live attempt past its deadline and grace, flags no-finish and grades it', async () => {
    const { hub, db, clock } = makeHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createDrillExam(hub, teacher, { seed: 3 });
    const { attempt } = await joinAs(hub, exam);
    const live = await hub.start(attempt);
    const closed: string[] = [];
    hub.events.subscribe((e) => {
      if (e.kind === 'closed') closed.push(`${e.attemptId}:${e.status}`);
    });
    clock.t = live.deadline! + EXAM_RULES.lateGraceMs;
    expect(await hub.sweep()).toBe(0);
    clock.advance(1);
    expect(await hub.sweep()).toBe(1);
    const row = (await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attempt.id]))!;
    expect(row.status).toBe('timed-out');
    expect(row.ended_at).toBe(clock.t);
    expect(closed).toEqual([`${attempt.id}:timed-out`]);
    const flags = await db.all<FlagRow>('SELECT * FROM flags WHERE attempt_id = ?', [attempt.id]);
    expect(flags.map((f) => f.kind)).toEqual(['no-finish']);
    const g = await hub.grades(attempt.id);
    expect(g).toHaveLength(1);
    expect(g[0].total).toBe(offline(3, []).total);
    // A second sweep changes nothing.
    expect(await hub.sweep()).toBe(0);
    expect(await hub.grades(attempt.id)).toHaveLength(1);
  });

  it('grading the same attempt twice at once gives one grade row', async () => {
    const { hub, db, clock } = makeHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createDrillExam(hub, teacher);
    const { attempt } = await joinAs(hub, exam);
    const live = await hub.start(attempt);
    await streamAttempt(hub, clock, live, expertActions(7).slice(0, 10), null);
    await db.run("UPDATE attempts SET status = 'closed' WHERE id = ?", [attempt.id]);
    const [a, b] = await Promise.all([hub.gradeAttemptOnce(attempt.id), hub.gradeAttemptOnce(attempt.id)]);
    expect(a).toBe(b);
    expect(await hub.grades(attempt.id)).toHaveLength(1);
    expect(await hub.gradeAttemptOnce(attempt.id)).toBeNull();
  });
});

describe('re-grades are kept beside the original', () => {
  it('a re-grade with nothing changed adds no row; a changed rubric adds one and the gradebook shows both totals', async () => {
    const { hub, db, clock } = makeHub();
    const teacher = await makeTeacher(db, 't');
    const other = await makeTeacher(db, 'other');
    const exam = await createDrillExam(hub, teacher, { seed: 9 });
    const { attempt } = await joinAs(hub, exam, { name: 'Amy', studentNo: '001' });
    const live = await hub.start(attempt);
    await streamAttempt(hub, clock, live, expertActions(9), 300_000);
    const first = await firstGrade(hub, attempt.id);

    expect(await hub.regradeExam(teacher, exam.id)).toEqual({ attempts: 1, changed: 0 });
    expect(await hub.grades(attempt.id)).toEqual([first]);
    await expect(hub.regradeExam(other, exam.id)).rejects.toMatchObject({ status: 404 });

    // The same database, graded by a livesim whose rubric was fixed: 7 points fewer.
    clock.advance(3600_000);
    const fixed = makeHub(db, clock, {
      grade: async (job, scenario) => {
        const g = gradeAttempt({ ...job, scenario });
        const total = Math.round((g.total - 7) * 10) / 10;
        return { ...g, total, passed: total >= job.passMark, report: { ...g.report, total } };
      },
    }).hub;
    expect(await fixed.regradeExam(teacher, exam.id)).toEqual({ attempts: 1, changed: 1 });
    const gs = await fixed.grades(attempt.id);
    expect(gs).toHaveLength(2);
    expect(gs[0]).toEqual(first);
    expect(gs[1]).toMatchObject({ n: 2, reason: 'regrade', total: Math.round((first.total - 7) * 10) / 10, created_at: clock.t });
    const book = await fixed.gradebook(teacher, exam.id);
    expect(book.rows[0].grade).toMatchObject({ total: gs[1].total, reason: 'regrade' });
    expect(book.rows[0].original).toEqual({ total: first.total, passed: first.passed === 1, at: first.created_at });
    // Again with the same fixed livesim: nothing new.
    expect(await fixed.regradeExam(teacher, exam.id)).toEqual({ attempts: 1, changed: 0 });
    expect(await fixed.grades(attempt.id)).toHaveLength(2);
  });
});

describe('the review quiz', () => {
  it('is taken only after the run, only once, marks the review line and leaves the total alone', async () => {
    const { hub, db, clock } = makeHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createDrillExam(hub, teacher, { seed: 4 });
    const { attempt } = await joinAs(hub, exam);
    const live = await hub.start(attempt);
    await expect(hub.submitQuiz(live, {})).rejects.toMatchObject({ status: 409 });
    const actions = expertActions(4);
    await streamAttempt(hub, clock, live, actions, 300_000);
    const before = await firstGrade(hub, attempt.id);
    expect((JSON.parse(before.report) as Grade['report']).review?.assessed).toBe(false);

    // The right answers, from the hub's own run.
    const { sim } = resimulate({ scenario: drill(), seed: 4, engineVersion: ENGINE_VERSION, timeLimitMs: 300_000, actions });
    const answers = Object.fromEntries(reviewQuiz(drill(), sim.log).map((q) => [q.id, q.answer]));
    const done = (await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attempt.id]))!;
    await hub.submitQuiz(done, answers);
    const err = await hub.submitQuiz(done, answers).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).status).toBe(409);

    const after = await hub.grades(attempt.id);
    expect(after).toHaveLength(1);
    expect(after[0].total).toBe(before.total);
    expect(after[0].digest).toBe(before.digest);
    const report = JSON.parse(after[0].report) as Grade['report'];
    expect(report.review?.assessed).toBe(true);
    expect(report.review?.score).toBe(100);
    expect(report.review?.score).toBe(offline(4, actions, 300_000, 60, answers).report.review?.score);
    const book = await hub.gradebook(teacher, exam.id);
    expect(book.rows[0].grade?.review).toBe(100);
    expect(book.rows[0].grade?.total).toBe(before.total);
    // The quiz does not count as a re-grade.
    expect(await hub.regradeExam(teacher, exam.id)).toEqual({ attempts: 1, changed: 0 });
  });

  it('taken after a re-grade, its review line shows on the grade the gradebook shows', async () => {
    const { db, clock } = makeHub();
    const changed = makeHub(db, clock, {
      grade: async (job, scenario) => {
        const g = gradeAttempt({ ...job, scenario });
        return { ...g, total: g.total + 1, report: { ...g.report, total: g.total + 1 } };
      },
    }).hub;
    const { hub } = makeHub(db, clock);
    const teacher = await makeTeacher(db, 't');
    const exam = await createDrillExam(hub, teacher, { seed: 4 });
    const { attempt } = await joinAs(hub, exam);
    await streamAttempt(hub, clock, await hub.start(attempt), expertActions(4).slice(0, 20), 300_000);
    await firstGrade(hub, attempt.id);
    expect((await changed.regradeExam(teacher, exam.id)).changed).toBe(1);
    const [original] = await hub.grades(attempt.id);
    const done = (await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attempt.id]))!;
    await changed.submitQuiz(done, { uv: 1 });
    const book = await changed.gradebook(teacher, exam.id);
    expect(book.rows[0].grade?.review).toBe(offline(4, expertActions(4).slice(0, 20), 300_000, 60, { uv: 1 }).report.review?.score);
    expect(book.rows[0].grade?.review).not.toBeNull();
    // The original grade is left exactly as it was; the re-grade keeps its total.
    const after = await hub.grades(attempt.id);
    expect(after[0]).toEqual(original);
    expect(after[1].total).toBe(book.rows[0].grade?.total);
    expect(book.rows[0].original?.total).toBe(original.total);
  });
});
