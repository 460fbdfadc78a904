/**
 * The hub's record of an attempt as the review screen takes it (ReviewBody with
 * `storage: 'external'`): the run from the hub's run file (its seed and the actions the hub
 * received), the grade report of the chosen grade with its digest, the student's quiz answers,
 * and the attempt's time limit (where the hub ended the run). The re-simulation and the replay
 * use this app's engine; the review checks it ends with the grade's digest (an exam pinned to an
 * engine that plays differently gets a warning, not a replay).
 */
import type { ActionInput, Scenario } from '../../../engine';
import type { ExternalGrade } from '../../review/ReviewBody';
import type { RunRef } from '../../review/nav';
import type { AttemptRecord, GradeRecord } from './api';

/** The run to re-simulate and replay: the hub's run file, with the exam's scenario id (registered with addScenario). */
export function hubRun(rec: Pick<AttemptRecord, 'runFile' | 'attempt'>, scenario: Scenario): RunRef {
  // The hub's actions, as the engine took them; those past the time limit are not in the grade (src/hub/grade.ts).
  const actions = (rec.runFile.actions as ActionInput[]).filter((a) => a.t < rec.attempt.timeLimitMs);
  return { scenarioId: scenario.meta.id, seed: rec.runFile.seed, actions };
}

/** The quiz answers as the quiz form holds them (strings). */
export function quizStrings(answers: Record<string, unknown> | null): Record<string, string> | undefined {
  if (!answers) return undefined;
  return Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** What the review shows of the hub's grade `grade` (undefined: not graded yet). */
export function hubGrade(rec: Pick<AttemptRecord, 'attempt'>, grade: GradeRecord | undefined, quizAnswers: Record<string, string> | undefined): ExternalGrade {
  return {
    report: grade?.report ?? null,
    ...(grade ? { digest: grade.digest } : {}),
    ...(quizAnswers ? { quizAnswers } : {}),
    timeLimitMs: rec.attempt.timeLimitMs,
  };
}
