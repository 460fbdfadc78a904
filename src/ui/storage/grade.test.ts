/**
 * The live grade is frozen when the run enters the history, and the review quiz is one locked
 * submission: the history list, the report and the compare screen read the same stored numbers.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { ENGINE_VERSION, replay, scenarioHash } from '../../engine';
import { reviewQuiz, scoreRun } from '../../scoring';
import { putEntry } from './journal';
import { openHistory, resetHistoryDb, SCHEMAS, type RunRecordV2 } from './db';
import { archiveJournal, deleteRun, exportRunFile, getReport, getRun, gradeUngraded, importRunText, listRuns, QuizLockedError, submitQuiz } from './history';
import { DRILL, DRILL_ACTIONS, drillEntry, findDrill, freshDatabases } from '../testing/fixtures';

const find = findDrill;
const ACTIONS = DRILL_ACTIONS;
const entry = drillEntry;

const live = () => scoreRun(DRILL, replay(DRILL, 7, ACTIONS).log);
const rightAnswers = () => Object.fromEntries(reviewQuiz(DRILL, replay(DRILL, 7, ACTIONS).log).map((q) => [q.id, String(q.answer)]));

beforeEach(freshDatabases);

describe('the live grade is frozen when the run enters the history', () => {
  it('the stored summary and the stored report are one computation from the log, without the quiz', async () => {
    await putEntry(entry());
    await archiveJournal(find);
    const [rec] = await listRuns();
    const report = await getReport(rec.id);
    const expected = live();
    expect(report?.total).toBe(expected.total);
    expect(rec.grade).toMatchObject({ total: expected.total, passed: expected.passed, passMark: expected.passMark, rubric: expected.rubric.id, verdict: expected.verdict, source: 'live' });
    expect(report?.review?.assessed).toBe(false);
  });

  it('archiving the same run again (another screen racing the end screen) keeps what is stored', async () => {
    await putEntry(entry());
    await archiveJournal(find);
    await submitQuiz('r1', rightAnswers(), DRILL);
    const before = await getRun('r1');
    await putEntry(entry({ updatedAt: 9999 }));
    await archiveJournal(find);
    expect(await getRun('r1')).toEqual(before);
  });

  it('a run stopped midway is kept without a grade', async () => {
    await putEntry(entry({ status: 'stopped', simMs: 60_000, actions: ACTIONS.slice(0, 3) }));
    await archiveJournal(find);
    const rec = (await getRun('r1'))!;
    expect(rec.grade).toBeUndefined();
    expect(await getReport('r1')).toBeUndefined();
  });

  it('an imported run is graded once at import, with the same total as the run it was exported from', async () => {
    await putEntry(entry());
    const [rec] = await archiveJournal(find);
    await submitQuiz(rec.id, {}, DRILL); // the quiz of the original does not travel or change anything
    const text = JSON.stringify(exportRunFile(rec, DRILL));
    await deleteRun(rec.id); // still in the history, it would be a duplicate (import.test.ts)
    const r = await importRunText(text, 'run.json', find, undefined, 5000);
    expect(r.ok).toBe(true);
    const imp = r.ok ? r.record : null;
    expect(imp?.grade?.total).toBe(rec.grade?.total);
    expect((await getReport(imp!.id))?.total).toBe(rec.grade?.total);
    expect(imp?.quiz).toBeUndefined();
  });
});

describe('the review quiz is submitted once', () => {
  it('the submission is checked, stored, and never changes the grade or the report', async () => {
    await putEntry(entry());
    await archiveJournal(find);
    const grade = (await getRun('r1'))!.grade;
    const report = await getReport('r1');
    const answers = rightAnswers();
    const wrongFirst = { ...answers, uv: '-5' };
    const q = await submitQuiz('r1', wrongFirst, DRILL, undefined, 4242);
    const n = Object.keys(answers).length;
    expect(q).toMatchObject({ submittedAt: 4242, result: { questions: n, correct: n - 1, blank: [] } });
    const rec = (await getRun('r1'))!;
    expect(rec.quiz).toEqual(q);
    expect(rec.grade).toEqual(grade);
    expect(await getReport('r1')).toEqual(report);
  });

  it('a second submission is refused by the store, and the first one stays', async () => {
    await putEntry(entry());
    await archiveJournal(find);
    const first = await submitQuiz('r1', {}, DRILL);
    await expect(submitQuiz('r1', rightAnswers(), DRILL)).rejects.toBeInstanceOf(QuizLockedError);
    expect((await getRun('r1'))!.quiz).toEqual(first);
  });

  it('two submissions racing each other store only one', async () => {
    await putEntry(entry());
    await archiveJournal(find);
    const results = await Promise.allSettled([submitQuiz('r1', rightAnswers(), DRILL), submitQuiz('r1', {}, DRILL)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(QuizLockedError);
    const won = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<unknown>).value;
    expect((await getRun('r1'))!.quiz).toEqual(won);
  });

  it('a blank submission counts every question wrong and names them; a partial one names the blanks', async () => {
    await putEntry(entry());
    await putEntry(entry({ id: 'r2' }));
    await archiveJournal(find);
    const ids = Object.keys(rightAnswers());
    const blank = await submitQuiz('r1', {}, DRILL);
    expect(blank.result).toEqual({ questions: ids.length, correct: 0, score: 0, blank: ids });
    expect(Object.values(blank.answers).every((a) => a === '')).toBe(true);
    const partial = await submitQuiz('r2', { [ids[0]]: rightAnswers()[ids[0]], [ids[1]]: '  ' }, DRILL);
    expect(partial.result).toMatchObject({ correct: 1, blank: ids.slice(1) });
  });
});

describe('runs saved before grades were frozen (schema 2)', () => {
  it('a score that included the quiz is set aside; the run is graded once on its log, and its answers stay locked', async () => {
    const v2 = new Dexie('livesim');
    v2.version(1).stores(SCHEMAS[1]);
    v2.version(2).stores(SCHEMAS[2]);
    const base = { scenarioId: DRILL.meta.id, scenarioHash: scenarioHash(DRILL), seed: 7, engineVersion: ENGINE_VERSION, mode: 'practice' as const, status: 'finished' as const, startedAt: 10, endedAt: 20, endMs: 300_000, actions: ACTIONS };
    const old: RunRecordV2[] = [
      // Resubmitting the quiz used to move the total (57.1 → 64.2) and the history kept the last one.
      { id: 'a', ...base, score: { total: 64.2, passed: true, rubric: 'imkt-l5-live-selling' }, quizAnswers: { uv: '1' } },
      { id: 'b', ...base, score: { total: 50.1, passed: false } },
    ];
    await v2.table('runs').bulkPut(old);
    v2.close();

    const db = openHistory();
    await db.open();
    const a0 = (await db.runs.get('a'))!;
    expect(a0).toMatchObject({ legacyScore: { total: 64.2 }, quiz: { answers: { uv: '1' }, submittedAt: 20 } });
    expect(a0).not.toHaveProperty('score');
    expect(a0).not.toHaveProperty('quizAnswers');
    expect(a0.grade).toBeUndefined();
    db.close();
    resetHistoryDb();

    expect(await gradeUngraded(find, undefined, 777)).toBe(2);
    const expected = live();
    for (const id of ['a', 'b']) {
      const rec = (await getRun(id))!;
      expect(rec.grade).toMatchObject({ total: expected.total, source: 'regraded', frozenAt: 777 });
      expect((await getReport(id))?.total).toBe(expected.total);
    }
    const a = (await getRun('a'))!;
    expect(a.quiz?.result).toMatchObject({ correct: 0 });
    await expect(submitQuiz('a', rightAnswers(), DRILL)).rejects.toBeInstanceOf(QuizLockedError);
    // Once graded, never again.
    expect(await gradeUngraded(find)).toBe(0);
  });
});
