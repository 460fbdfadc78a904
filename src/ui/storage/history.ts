/**
 * Run history operations: archive the journal's ended runs, list, delete, export and import
 * run files (livesim/run@1, docs/formats.md), keep quiz answers and the score summary.
 *
 * Scenarios are passed in (the app loads its shipped ones; tests read YAML files), so this
 * module runs the same in the browser and under vitest with fake-indexeddb.
 */
import type { ActionInput } from '../../engine';
import { makeRunFile, replay, verifyRunFile, type RunFile } from '../../engine';
import { ENGINE_VERSION, REPLAYABLE_VERSIONS, type Sim } from '../../engine';
import { scenarioHash, type Scenario } from '../../engine';
import { scoreRun } from '../../scoring';
import { deleteEntry, listEntries, type JournalEntry } from './journal';
import { historyDb, type HistoryDb, type RunRecord, type ScoreSummary } from './db';

export type FindScenario = (id: string) => Promise<Scenario | undefined>;

/** Why a saved run cannot be re-simulated here, or null when it can. */
export function incompatibility(rec: Pick<RunRecord, 'scenarioId' | 'scenarioHash' | 'engineVersion'>, scenario: Scenario | undefined): string | null {
  if (!scenario) return `scenario "${rec.scenarioId}" is not in this app`;
  if (!REPLAYABLE_VERSIONS.includes(rec.engineVersion)) return `made by engine ${rec.engineVersion}, which is incompatible with this engine (${ENGINE_VERSION})`;
  if (scenarioHash(scenario) !== rec.scenarioHash) return `scenario "${rec.scenarioId}" has changed since this run was recorded (hash mismatch)`;
  return null;
}

/** Re-simulate a saved run: same scenario, seed and actions → the same events (up to where it stopped). */
export function simulate(rec: Pick<RunRecord, 'seed' | 'actions' | 'engineVersion'>, scenario: Scenario): Sim {
  // A run of an earlier engine that this one reproduces keeps its own version stamp (and digest).
  return replay(scenario, rec.seed, rec.actions, REPLAYABLE_VERSIONS.includes(rec.engineVersion) ? rec.engineVersion : ENGINE_VERSION);
}

export function scoreSummary(scenario: Scenario, sim: Sim, quizAnswers?: Record<string, string>): ScoreSummary | undefined {
  try {
    const r = scoreRun(scenario, sim.log, undefined, quizAnswers ? { quizAnswers } : {});
    return { total: r.total, passed: r.passed, rubric: r.rubric.id };
  } catch {
    return undefined; // a scenario naming an unknown rubric (docs/scoring.md §10.6): no score, the run is still kept
  }
}

/**
 * A record for the history. A finished run is re-simulated (a stopped run stopped midway: its
 * actions are kept, the run is not played to the end).
 */
export function recordFromEntry(entry: JournalEntry, scenario: Scenario | undefined): RunRecord {
  const base: RunRecord = {
    id: entry.id,
    scenarioId: entry.scenarioId,
    scenarioHash: entry.scenarioHash,
    ...(scenario ? { title: { ...scenario.meta.title } } : {}),
    seed: entry.seed,
    engineVersion: entry.engineVersion,
    mode: entry.mode,
    status: entry.status === 'finished' ? 'finished' : 'stopped',
    startedAt: entry.startedAt,
    endedAt: entry.updatedAt,
    endMs: entry.simMs,
    actions: entry.actions.map((a) => ({ ...a })),
    plan: entry.plan.slice(),
  };
  if (entry.status !== 'finished' || !scenario || incompatibility(entry, scenario)) return base;
  const sim = simulate(base, scenario);
  const file = makeRunFile(scenario, entry.seed, entry.actions, sim, 'ui');
  const score = scoreSummary(scenario, sim);
  return { ...base, endMs: sim.now, result: file.result, ...(score ? { score } : {}) };
}

/**
 * Move the journal's ended (or stopped) runs into the history. `keepLive`: runs in progress stay
 * in the journal (to be resumed). Returns the archived records.
 */
export async function archiveJournal(find: FindScenario, db: HistoryDb = historyDb()): Promise<RunRecord[]> {
  const entries = (await listEntries()).filter((e) => e.status !== 'live');
  const out: RunRecord[] = [];
  for (const e of entries) {
    const rec = recordFromEntry(e, await find(e.scenarioId));
    await db.runs.put(rec);
    await deleteEntry(e.id);
    out.push(rec);
  }
  return out;
}

/** A run in progress that the student gives up on (instead of continuing it): kept in the history as stopped. */
export async function discardLive(entry: JournalEntry, find: FindScenario, db: HistoryDb = historyDb()): Promise<RunRecord> {
  const rec = recordFromEntry({ ...entry, status: 'stopped' }, await find(entry.scenarioId));
  await db.runs.put(rec);
  await deleteEntry(entry.id);
  return rec;
}

export function listRuns(db: HistoryDb = historyDb()): Promise<RunRecord[]> {
  return db.runs.orderBy('startedAt').reverse().toArray();
}

export function getRun(id: string, db: HistoryDb = historyDb()): Promise<RunRecord | undefined> {
  return db.runs.get(id);
}

export function deleteRun(id: string, db: HistoryDb = historyDb()): Promise<void> {
  return db.runs.delete(id);
}

export async function saveQuiz(id: string, answers: Record<string, string>, score: ScoreSummary | undefined, db: HistoryDb = historyDb()): Promise<void> {
  await db.runs.update(id, { quizAnswers: answers, ...(score ? { score } : {}) });
}

/** The run file of a finished run (re-simulated, so its digest is the engine's). */
export function exportRunFile(rec: RunRecord, scenario: Scenario): RunFile {
  const sim = simulate(rec, scenario);
  return makeRunFile(scenario, rec.seed, rec.actions, sim, rec.status === 'imported' ? 'import' : 'ui');
}

/** Why an import was refused, for the UI's translated message (the reason itself is the engine's, in English). */
export type RefusalCode = 'json' | 'format' | 'engine' | 'scenario' | 'changed' | 'edited';
export type ImportResult = { ok: true; record: RunRecord } | { ok: false; reason: string; code: RefusalCode };

export function refusalCode(reason: string): RefusalCode {
  if (reason.includes('not valid JSON')) return 'json';
  if (reason.includes('incompatible with this engine')) return 'engine';
  if (reason.includes('made for scenario')) return 'scenario';
  if (reason.includes('has changed since')) return 'changed';
  if (reason.includes('gives a different result') || reason.includes('does not match the replayed run')) return 'edited';
  return 'format';
}

function refuse(reason: string): ImportResult {
  return { ok: false, reason, code: refusalCode(reason) };
}

/**
 * Import a run file: parsed, checked and re-simulated (verifyRunFile); a tampered, truncated
 * or incompatible file is refused with the reason and nothing is stored.
 */
export async function importRunText(text: string, fileName: string, find: FindScenario, db: HistoryDb = historyDb(), now = Date.now()): Promise<ImportResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return refuse(`${fileName}: not valid JSON (${e instanceof Error ? e.message : String(e)}) — the file is truncated or not a run file`);
  }
  const id = (json as { scenario?: { id?: unknown } } | null)?.scenario?.id;
  if (typeof id !== 'string') {
    const v = verifyRunFileShape(json);
    return refuse(`${fileName}: ${v}`);
  }
  const scenario = await find(id);
  if (!scenario) return refuse(`${fileName}: made for scenario "${id}", which is not in this app`);
  const v = verifyRunFile(json, scenario);
  if (!v.ok) return refuse(`${fileName}: ${v.reason}`);
  const run = v.run;
  const score = scoreSummary(scenario, v.sim);
  const record: RunRecord = {
    id: `imp-${now.toString(36)}-${run.result.digest.slice(0, 8)}`,
    scenarioId: run.scenario.id,
    scenarioHash: run.scenario.hash,
    title: { ...scenario.meta.title },
    seed: run.seed,
    engineVersion: run.engineVersion,
    mode: 'practice',
    status: 'imported',
    startedAt: now,
    endedAt: now,
    endMs: run.result.endMs,
    actions: run.actions as unknown as ActionInput[],
    result: run.result,
    ...(score ? { score } : {}),
  };
  await db.runs.put(record);
  return { ok: true, record };
}

/** The reason a JSON value is not a run file (for files without a scenario id). */
function verifyRunFileShape(json: unknown): string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'not a run file (expected a JSON object with "format": "livesim/run@1")';
  const f = (json as { format?: unknown }).format;
  if (f !== 'livesim/run@1') return `not a run file: format is ${JSON.stringify(f)}, expected "livesim/run@1"`;
  return 'not a valid run file: scenario.id is missing';
}
