/**
 * The student's graded runs from this browser's history (IndexedDB), for the skills and the
 * "next" suggestion (progress.ts). Only runs with a frozen grade count; the latest `MAX_RUNS`
 * are read (older ones weigh little anyway: a sample's weight halves every three weeks).
 */
import { useEffect, useState } from 'react';
import { historyDb } from '../storage/db';
import type { DrillDone, GradedRun } from './progress';

export const MAX_RUNS = 80;

export async function loadGradedRuns(db = historyDb()): Promise<GradedRun[]> {
  const runs = (await db.runs.orderBy('startedAt').reverse().toArray()).filter((r) => r.grade).slice(0, MAX_RUNS);
  const reports = await db.reports.bulkGet(runs.map((r) => r.id));
  return runs.flatMap((r, i) => {
    const rep = reports[i]?.report;
    return rep ? [{ id: r.id, scenarioId: r.scenarioId, at: r.endedAt, durationMs: r.endMs, report: rep }] : [];
  });
}

/** The micro-drills done, for the skills. */
export async function loadDrillsDone(db = historyDb()): Promise<DrillDone[]> {
  return (await db.drills.orderBy('endedAt').reverse().limit(MAX_RUNS * 4).toArray()).map((d) => ({ id: d.id, kind: d.kind, skill: d.skill, at: d.endedAt, percent: d.percent, durationMs: d.endedAt - d.startedAt, seed: d.seed, answered: d.answers.length }));
}

export interface GradedRunsState {
  /** null while reading; an empty list when there is no history or it can't be read (the picker still works). */
  runs: GradedRun[] | null;
  drills: DrillDone[];
  /** When they were read (the "now" their levels are computed at). */
  at: number;
  error: string | null;
}

/** `reload`: read again when it changes (after an import). */
export function useGradedRuns(reload = 0): GradedRunsState {
  const [state, setState] = useState<GradedRunsState>({ runs: null, drills: [], at: 0, error: null });
  useEffect(() => {
    let live = true;
    Promise.all([loadGradedRuns(), loadDrillsDone()]).then(
      ([runs, drills]) => live && setState({ runs, drills, at: Date.now(), error: null }),
      (e: unknown) => live && setState({ runs: [], drills: [], at: Date.now(), error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [reload]);
  return state;
}
