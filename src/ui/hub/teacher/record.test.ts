import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION, runWithBot } from '../../../engine';
import { gradeAttempt, loadExamScenario } from '../../../hub/grade';
import { resimulate } from '../../review/analysis';
import { closeReplay, openReplay, useReviewNav } from '../../review/nav';
import { useSession } from '../../store/session';
import type { AttemptRecord, GradeRecord } from './api';
import { hubGrade, hubRun, quizStrings } from './record';

const DRILL = loadExamScenario(readFileSync('scenarios/drill-stream-drop-5min.yaml', 'utf8'), 'drill-stream-drop-5min.yaml');
const { actions } = runWithBot(DRILL, 7, 'expert');

/** The parts of the hub's record the review reads, for an attempt with this time limit, graded as the hub grades it. */
function record(timeLimitMs: number) {
  const g = gradeAttempt({ scenario: DRILL, seed: 7, engineVersion: ENGINE_VERSION, timeLimitMs, passMark: 60, actions });
  const grade: GradeRecord = { n: 1, at: 0, reason: 'exam', appVersion: 'test', total: g.total, passed: g.passed, digest: g.digest, report: g.report };
  const rec = { attempt: { engineVersion: ENGINE_VERSION, timeLimitMs }, runFile: { seed: 7, actions } } as unknown as AttemptRecord;
  return { rec, grade, late: g.late };
}

describe("the teacher's report re-simulates the hub's record", () => {
  it('as the hub graded it: the same digest, the hub report shown', () => {
    const { rec, grade } = record(7 * 60_000);
    const run = hubRun(rec, DRILL);
    const ext = hubGrade(rec, grade, undefined);
    expect(run).toMatchObject({ scenarioId: DRILL.meta.id, seed: 7 });
    expect(run.actions).toHaveLength(actions.length);
    expect(ext.report).toBe(grade.report);
    const { sim } = resimulate(DRILL, run.seed, run.actions, undefined, ext);
    expect(sim.digest()).toBe(ext.digest);
  });

  it('with a time limit shorter than the scenario: the run ends there, later actions left out', () => {
    const { rec, grade, late } = record(150_000);
    expect(late).toBeGreaterThan(0);
    const run = hubRun(rec, DRILL);
    expect(run.actions).toHaveLength(actions.length - late);
    const ext = hubGrade(rec, grade, undefined);
    expect(resimulate(DRILL, run.seed, run.actions, undefined, ext).sim.digest()).toBe(grade.digest);
    // Without the hub's options it is another run: the review would warn instead of replaying it.
    expect(resimulate(DRILL, run.seed, run.actions).sim.digest()).not.toBe(grade.digest);
  });

  it('takes the quiz answers as strings, and an ungraded attempt has no report', () => {
    expect(quizStrings(null)).toBeUndefined();
    expect(quizStrings({ uv: '12', gmv: 3.5, pick: ['a'] })).toEqual({ uv: '12', gmv: '3.5', pick: '["a"]' });
    const { rec } = record(7 * 60_000);
    expect(hubGrade(rec, undefined, { uv: '1' })).toEqual({ report: null, quizAnswers: { uv: '1' }, timeLimitMs: 7 * 60_000 });
  });

  it("opens the replay from the teacher's pages and goes back there", () => {
    const { rec } = record(7 * 60_000);
    expect(useSession.getState().screen).toBe('picker');
    openReplay(hubRun(rec, DRILL), 120_000, 5);
    expect(useSession.getState().screen).toBe('replay');
    expect(useReviewNav.getState().replay).toMatchObject({ scenarioId: DRILL.meta.id, t: 120_000, event: 5, back: 'picker' });
    closeReplay();
    expect(useSession.getState().screen).toBe('picker');
  });
});
