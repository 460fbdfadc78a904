/**
 * What micro-drills are drawn from in this browser: the shipped scenarios (each loaded from its
 * chunk) and the student's own finished runs that can still be re-simulated here (data review).
 */
import type { Scenario } from '../../engine';
import type { DrillSources, RunSource } from '../../drills';
import { loadScenario, loadShippedScenarios } from '../scenarios';
import { historyDb, type HistoryDb } from '../storage/db';
import { incompatibility } from '../storage/history';

/** The latest runs offered to data review. */
export const REVIEW_RUNS = 20;

export async function shippedScenarios(): Promise<Scenario[]> {
  const ids = loadShippedScenarios().flatMap((e) => (e.result.ok ? [e.result.summary.id] : []));
  const all = await Promise.all(ids.map((id) => loadScenario(id)));
  return all.filter((s): s is Scenario => !!s).sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
}

/** The student's finished runs (newest first) whose scenario is here unchanged. */
export async function ownRuns(scenarios: readonly Scenario[], db: HistoryDb = historyDb()): Promise<RunSource[]> {
  const recs = (await db.runs.orderBy('startedAt').reverse().toArray()).filter((r) => r.status !== 'stopped');
  const out: RunSource[] = [];
  for (const r of recs) {
    const scenario = scenarios.find((s) => s.meta.id === r.scenarioId);
    if (!scenario || incompatibility(r, scenario)) continue;
    out.push({ id: r.id, title: r.title ?? scenario.meta.title, scenario, seed: r.seed, actions: r.actions, engineVersion: r.engineVersion });
    if (out.length >= REVIEW_RUNS) break;
  }
  return out;
}

export async function drillSources(language: 'zh' | 'en' = 'zh', db?: HistoryDb): Promise<DrillSources> {
  const scenarios = await shippedScenarios();
  return { scenarios, runs: await ownRuns(scenarios, db), language };
}
