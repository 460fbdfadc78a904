/**
 * The grade of an attempt: the hub re-simulates it from its own record (the actions it received,
 * in seq order) with the exam's scenario, the seed it assigned and the engine version pinned to
 * the exam, and scores that run. Nothing the student's page computed enters the grade.
 *
 * The same function grades offline (`hub:load` checks the hub's grades against it), so a grade
 * can always be reproduced from an exported attempt.
 */
import { createSim, loadScenarioText, REPLAYABLE_VERSIONS, type ActionInput, type Scenario, type Sim } from '../engine';
import { rubricIds, scoreRun, verdictSentence, type ScoreReport } from '../scoring';

export interface GradeInput {
  scenario: Scenario;
  seed: number;
  engineVersion: string;
  /** Wall time the student had (ms): the run ends there if the scenario is longer. */
  timeLimitMs: number;
  passMark: number;
  actions: readonly ActionInput[];
  quizAnswers?: Record<string, unknown>;
}

export interface Grade {
  total: number;
  passed: boolean;
  digest: string;
  /** Sim time the run ended at (ms). */
  endMs: number;
  report: ScoreReport;
  /** Actions past the time limit, which the grade leaves out. */
  late: number;
}

/** Load an exam's scenario from the YAML the hub stored (it was valid when the exam was created). */
export function loadExamScenario(yaml: string, file: string): Scenario {
  const r = loadScenarioText(yaml, file, { rubrics: rubricIds() });
  if (!r.ok) throw new Error(`the exam's scenario no longer loads: ${r.errors.map((e) => `${e.file}:${e.line}:${e.col} ${e.message}`).join('; ')}`);
  return r.scenario;
}

/**
 * How an exam's time limit shapes a run (the hub's grade, the teacher's review of it): actions
 * from the limit on are left out. Returns how many were.
 */
export function dispatchWithinLimit(sim: Sim, actions: readonly ActionInput[], timeLimitMs: number): number {
  const endAt = Math.min(sim.durationMs, timeLimitMs);
  let late = 0;
  for (const a of actions) {
    if (a.t >= endAt) late++;
    else sim.dispatch({ ...a });
  }
  return late;
}

/** A scenario longer than the time limit ends at the limit, as the time running out ('time'). */
export function endAtLimit(sim: Sim, timeLimitMs: number): void {
  if (timeLimitMs >= sim.durationMs) return;
  sim.advanceTo(timeLimitMs);
  if (sim.state.status !== 'ended') sim.end('time');
}

/** Re-simulate the attempt; returns the engine at the end of the run. */
export function resimulate(input: Omit<GradeInput, 'passMark' | 'quizAnswers'>): { sim: Sim; late: number } {
  if (!REPLAYABLE_VERSIONS.includes(input.engineVersion)) throw new Error(`the exam was pinned to engine ${input.engineVersion}, which this livesim can no longer replay (it replays ${REPLAYABLE_VERSIONS.join(', ')})`);
  const sim = createSim(input.scenario, { seed: input.seed, engineVersion: input.engineVersion });
  const late = dispatchWithinLimit(sim, input.actions, input.timeLimitMs);
  endAtLimit(sim, input.timeLimitMs);
  sim.runToEnd();
  return { sim, late };
}

export function gradeAttempt(input: GradeInput): Grade {
  const { sim, late } = resimulate(input);
  const report = scoreRun(input.scenario, sim.log, input.scenario.meta.rubric, input.quizAnswers ? { quizAnswers: input.quizAnswers } : {});
  // The exam's own pass mark replaces the rubric's; a failed gate still fails.
  const passed = report.total >= input.passMark && report.failedGates.length === 0;
  return { total: report.total, passed, digest: sim.digest(), endMs: sim.now, report: { ...report, passMark: input.passMark, passed, verdict: verdictSentence({ total: report.total, passMark: input.passMark, failedGates: report.failedGates }) }, late };
}
