/**
 * The run history: IndexedDB through dexie, versioned, with migrations.
 *
 * A run record is what makes a run reproducible — scenario id and hash, seed, engine version,
 * the actions — plus what the history list shows (status, times, the score summary).
 * Everything else (events, metrics, score, charts) is re-simulated from it when needed.
 *
 * Versions (never edit a shipped one; add the next with its upgrade):
 *  1. `runs: id, scenarioId, startedAt` — `finished: boolean`, `score?: number`.
 *  2. `runs: id, scenarioId, startedAt, status, [scenarioId+seed]` — `status` replaces
 *     `finished` (runs can also be stopped or imported), the score summary says whether the run
 *     passed, quiz answers are kept, and runs of the same scenario and seed (the ones that can
 *     be compared) are found by index.
 *
 * Dexie is loaded only with the history, review and end screens (never in the live room).
 * docs/review.md describes the schema.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { ActionInput } from '../../engine';
import type { RunFile } from '../../engine';

export const HISTORY_DB = 'livesim';
/** The current schema version (see the list above). */
export const SCHEMA_VERSION = 2;

export interface ScoreSummary {
  total: number;
  passed: boolean | null;
  rubric?: string;
}

export interface RunRecord {
  id: string;
  scenarioId: string;
  scenarioHash: string;
  /** The scenario's title when the run was saved (the list still reads if the scenario is gone). */
  title?: { zh: string; en: string };
  seed: number;
  engineVersion: string;
  mode: 'practice' | 'exam';
  /** `finished`: played to the end (or ended by the host); `stopped`: restarted or abandoned midway; `imported`: from a run file. */
  status: 'finished' | 'stopped' | 'imported';
  /** Wall-clock times (ms since 1970). */
  startedAt: number;
  endedAt: number;
  /** Sim time reached (ms). */
  endMs: number;
  actions: ActionInput[];
  plan?: string[];
  /** The run file's result block (digest and headline figures), for finished and imported runs. */
  result?: RunFile['result'];
  score?: ScoreSummary;
  /** The student's answers to the review quiz, by question id. */
  quizAnswers?: Record<string, string>;
}

/** Version 1 records, as stored by the first history release (kept for the migration). */
export interface RunRecordV1 {
  id: string;
  scenarioId: string;
  scenarioHash: string;
  seed: number;
  engineVersion: string;
  startedAt: number;
  endedAt: number;
  endMs: number;
  actions: ActionInput[];
  finished: boolean;
  score?: number;
  result?: RunFile['result'];
}

export type HistoryDb = Dexie & { runs: EntityTable<RunRecord, 'id'> };

export const SCHEMAS: Record<number, Record<string, string>> = {
  1: { runs: 'id, scenarioId, startedAt' },
  2: { runs: 'id, scenarioId, startedAt, status, [scenarioId+seed]' },
};

/** v1 → v2: one record. Exported for the tests. */
export function upgradeV1(r: RunRecordV1 & Partial<RunRecord>): RunRecord {
  const { finished, score, ...rest } = r;
  return {
    ...rest,
    mode: 'practice',
    status: finished ? 'finished' : 'stopped',
    ...(typeof score === 'number' ? { score: { total: score, passed: null } } : {}),
  };
}

export function openHistory(name = HISTORY_DB): HistoryDb {
  const db = new Dexie(name) as HistoryDb;
  db.version(1).stores(SCHEMAS[1]);
  db.version(2)
    .stores(SCHEMAS[2])
    .upgrade((tx) =>
      tx
        .table('runs')
        .toCollection()
        .modify((r: RunRecordV1 & Partial<RunRecord>, ref: { value: unknown }) => {
          ref.value = upgradeV1(r);
        }),
    );
  return db;
}

let shared: HistoryDb | null = null;

/** The app's history database (opened on first use). */
export function historyDb(): HistoryDb {
  shared ??= openHistory();
  return shared;
}

/** For tests. */
export function resetHistoryDb(): void {
  shared?.close();
  shared = null;
}
