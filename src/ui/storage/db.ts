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
 *  3. `runs` as in 2, plus `reports: id` — the live grade is frozen when the live ends: the full
 *     score report (without the quiz) goes to `reports`, its summary (`grade`) to the run, both
 *     written once, from one computation, and never rewritten; the review quiz is a locked
 *     record (`quiz`) of one submission. The upgrade keeps a v2 score as `legacyScore` (it may
 *     include quiz answers, which used to change the total) and v2 answers as a locked quiz to be
 *     checked; such runs are graded once with the current code when the history next opens.
 *  4. as in 3, plus `drills: id, kind, endedAt` — micro-drill results (src/drills): the kind, the
 *     seed and what it was drawn from, the student's answers and the mark they earned (which is
 *     scored again from the seed and the answers whenever it is imported). No upgrade: new table.
 *
 * Dexie is loaded only with the history, review and end screens (never in the live room).
 * docs/review.md describes the schema.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { ActionInput } from '../../engine';
import type { RunFile } from '../../engine';
import type { Bilingual, ScoreReport } from '../../scoring/types';
import type { SkillId } from '../../scoring/skills';
import type { DrillAnswer, DrillKindId } from '../../drills/types';

export const HISTORY_DB = 'livesim';
/** The current schema version (see the list above). */
export const SCHEMA_VERSION = 4;

/** The score summary of schema versions 1–2 (the total could include the quiz's answers). */
export interface ScoreSummary {
  total: number;
  passed: boolean | null;
  rubric?: string;
}

/** The live grade, frozen when the live ends: the summary of the report stored in `reports`. */
export interface GradeSummary {
  total: number;
  passed: boolean;
  passMark: number;
  rubric: string;
  rubricVersion: string;
  /** The pass line and failed gates in one sentence (the report's `verdict`). */
  verdict: Bilingual;
  failedGates: string[];
  /** Wall clock when it was frozen. */
  frozenAt: number;
  /** `live`: at the end of the live (or at import); `regraded`: a run saved before schema 3, graded once afterwards. */
  source: 'live' | 'regraded';
}

/** One locked submission of the review quiz. */
export interface QuizRecord {
  /** Every question's answer as submitted ('' for a blank one, which counts wrong). */
  answers: Record<string, string>;
  submittedAt: number;
  /** The submission checked (absent only for answers carried over from schema 2, until checked). */
  result?: { questions: number; correct: number; score: number; blank: string[] };
}

/** A frozen report (the live grade's full report, with evidence), keyed by the run's id. */
export interface ReportRecord {
  id: string;
  report: ScoreReport;
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
  /** Wall-clock times (ms since 1970); `endedAt` is the last answer's while the drill is under way. */
  startedAt: number;
  endedAt: number;
  /** Sim time reached (ms). */
  endMs: number;
  actions: ActionInput[];
  plan?: string[];
  /** The run file's result block (digest and headline figures), for finished and imported runs. */
  result?: RunFile['result'];
  /** The live grade, frozen (finished and imported runs; a stopped run has none). */
  grade?: GradeSummary;
  /** The review quiz, once submitted (it cannot be submitted again). */
  quiz?: QuizRecord;
  /** Schema ≤ 2's score summary, kept for reference: it may include quiz answers. */
  legacyScore?: ScoreSummary;
}

/** Version 2 records (kept for the migration). */
export type RunRecordV2 = Omit<RunRecord, 'grade' | 'quiz' | 'legacyScore'> & { score?: ScoreSummary; quizAnswers?: Record<string, string> };

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

/** One micro-drill done (src/drills): enough to draw the same variant again and score the answers. */
export interface DrillRecord {
  id: string;
  kind: DrillKindId;
  seed: number;
  language: 'zh' | 'en';
  /** What the variant was drawn from (DrillVariant.source). */
  source: string;
  skill: SkillId;
  /** Wall-clock times (ms since 1970). */
  startedAt: number;
  endedAt: number;
  answers: DrillAnswer[];
  /** The mark (0–100) the answers earned, items not answered counting as wrong (a drill left midway is kept as it stood). */
  percent: number;
}

export type HistoryDb = Dexie & { runs: EntityTable<RunRecord, 'id'>; reports: EntityTable<ReportRecord, 'id'>; drills: EntityTable<DrillRecord, 'id'> };

export const SCHEMAS: Record<number, Record<string, string>> = {
  1: { runs: 'id, scenarioId, startedAt' },
  2: { runs: 'id, scenarioId, startedAt, status, [scenarioId+seed]' },
  3: { runs: 'id, scenarioId, startedAt, status, [scenarioId+seed]', reports: 'id' },
  4: { runs: 'id, scenarioId, startedAt, status, [scenarioId+seed]', reports: 'id', drills: 'id, kind, endedAt' },
};

/** v1 → v2: one record. Exported for the tests. */
export function upgradeV1(r: RunRecordV1 & Partial<RunRecordV2>): RunRecordV2 {
  const { finished, score, ...rest } = r;
  return {
    ...rest,
    mode: 'practice',
    status: finished ? 'finished' : 'stopped',
    ...(typeof score === 'number' ? { score: { total: score, passed: null } } : {}),
  };
}

/** v2 → v3: one record. The score is kept aside (not a frozen grade: quiz answers may be in it); answers become a locked quiz. */
export function upgradeV2(r: RunRecordV2): RunRecord {
  const { score, quizAnswers, ...rest } = r;
  return {
    ...rest,
    ...(score ? { legacyScore: score } : {}),
    ...(quizAnswers ? { quiz: { answers: { ...quizAnswers }, submittedAt: r.endedAt } } : {}),
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
        .modify((r: RunRecordV1 & Partial<RunRecordV2>, ref: { value: unknown }) => {
          ref.value = upgradeV1(r);
        }),
    );
  db.version(3)
    .stores(SCHEMAS[3])
    .upgrade((tx) =>
      tx
        .table('runs')
        .toCollection()
        .modify((r: RunRecordV2, ref: { value: unknown }) => {
          ref.value = upgradeV2(r);
        }),
    );
  db.version(4).stores(SCHEMAS[4]);
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
