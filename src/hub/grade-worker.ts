/** The grading worker (grade-pool.ts): grades one attempt per message. */
import { parentPort } from 'node:worker_threads';
import type { Scenario } from '../engine';
import { gradeAttempt, loadExamScenario } from './grade';
import type { GradeJob } from './grade-pool';

const scenarios = new Map<string, Scenario>();

parentPort?.on('message', ({ id, job }: { id: number; job: GradeJob }) => {
  try {
    let scenario = scenarios.get(job.hash);
    if (!scenario) {
      scenario = loadExamScenario(job.yaml, job.file);
      scenarios.set(job.hash, scenario);
    }
    const grade = gradeAttempt({ ...job, scenario });
    parentPort!.postMessage({ id, ok: true, grade });
  } catch (e) {
    parentPort!.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
