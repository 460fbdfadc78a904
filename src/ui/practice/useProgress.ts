/**
 * The student's graded runs from this browser's history (IndexedDB), for the skills and the
 * "next" suggestion (progress.ts). Only runs with a frozen grade count; the latest `MAX_RUNS`
 * are read (older ones weigh little anyway: a sample's weight halves every three weeks).
 */
import { useEffect, useState } from 'react';
import { historyDb } from '../storage/db';
import type { GradedRun } from './progress';

export const MAX_RUNS = 80;

export async function loadGradedRuns(db = historyDb()): Promise<GradedRun[]> {
  const runs = (await db.runs.orderBy('startedAt').reverse().toArray()).filter((r) => r.grade).slice(0, MAX_RUNS);
  const reports = await db.reports.bulkGet(runs.map((r) => r.id));
  return runs.flatMap((r, i) => {
    const rep = reports[i]?.report;
    return rep ? [{ id: r.id, scenarioId: r.scenarioId, at: r.endedAt, report: rep }] : [];
  });
}

export interface GradedRunsState {
  /** null while reading; an empty list when there is no history or it can't be read (the picker still works). */
  runs: GradedRun[] | null;
  /** When they were read (the "now" their levels are computed at). */
  at: number;
  error: string | null;
}

export function useGradedRuns(): GradedRunsState {
  const [state, setState] = useState<GradedRunsState>({ runs: null, at: 0, error: null });
  useEffect(() => {
    let live = true;
    loadGradedRuns().then(
      (runs) => live && setState({ runs, at: Date.now(), error: null }),
      (e: unknown) => live && setState({ runs: [], at: Date.now(), error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
