/**
 * Run history operations: archive the journal's ended runs, list, delete, export and import
 * run files (livesim/run@2, docs/formats.md), the frozen live grade and the locked review quiz.
 *
 * The live grade is computed once, from the event log, when the run enters the history (the end
 * of the live, or an import): its report goes to `reports`, its summary to the run, in one
 * transaction, and neither is written again. The end screen, the review, the history list and
 * the compare screen all read that record, so they always show the same number. The quiz is a
 * separate line: one submission, refused a second time by the store itself.
 *
 * Scenarios are passed in (the app loads its shipped ones; tests read YAML files), so this
 * module runs the same in the browser and under vitest with fake-indexeddb.
 */
import type { ActionInput } from '../../engine';
import { createSim, makeRunFile, parseRunFileText, replay, RUN_FILE_FORMAT, verifyRunFile, type RunFile } from '../../engine';
import { ENGINE_VERSION, REPLAYABLE_VERSIONS, type Sim } from '../../engine';
import { scenarioHash, type Scenario } from '../../engine';
import { gradeQuiz, scoreRun } from '../../scoring';
import type { ScoreReport } from '../../scoring/types';
import { deleteEntry, listEntries, type JournalEntry } from './journal';
import { historyDb, type GradeSummary, type HistoryDb, type QuizRecord, type RunRecord } from './db';

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

/** A grade frozen from one run's log: the full report and its summary, from one computation. */
export interface FrozenGrade {
  grade: GradeSummary;
  report: ScoreReport;
}

/** The live grade of a run (its log, no quiz answers): what the history freezes. Undefined when the scenario names no known rubric. */
export function freezeGrade(scenario: Scenario, sim: Pick<Sim, 'log'>, now: number, source: GradeSummary['source'] = 'live'): FrozenGrade | undefined {
  let report: ScoreReport;
  try {
    report = scoreRun(scenario, sim.log);
  } catch {
    return undefined; // a scenario naming an unknown rubric (docs/scoring.md §10.6): no grade, the run is still kept
  }
  const grade: GradeSummary = {
    total: report.total,
    passed: report.passed,
    passMark: report.passMark,
    rubric: report.rubric.id,
    rubricVersion: report.rubric.version,
    verdict: { ...report.verdict },
    failedGates: report.failedGates.map((g) => g.id),
    frozenAt: now,
    source,
  };
  return { grade, report };
}

/** Re-simulate a run as it is reviewed: to the end, or (a stopped run) to where it stopped. */
export function simulateForReview(rec: Pick<RunRecord, 'seed' | 'actions' | 'engineVersion' | 'status' | 'endMs'>, scenario: Scenario): Sim {
  if (rec.status !== 'stopped') return simulate(rec, scenario);
  const sim = createSim(scenario, { seed: rec.seed });
  for (const a of rec.actions) sim.dispatch({ ...a });
  if (rec.endMs >= sim.durationMs) sim.runToEnd();
  else sim.advanceTo(rec.endMs);
  return sim;
}

/** A run for the history, with its frozen grade when it has one. */
export interface ArchivedRun {
  record: RunRecord;
  report?: ScoreReport;
}

/**
 * A record for the history, with its live grade frozen. A finished run is re-simulated (a
 * stopped run stopped midway: its actions are kept, the run is not played to the end or graded).
 */
export function recordFromEntry(entry: JournalEntry, scenario: Scenario | undefined, now = Date.now()): ArchivedRun {
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
  if (entry.status !== 'finished' || !scenario || incompatibility(entry, scenario)) return { record: base };
  const sim = simulate(base, scenario);
  const file = makeRunFile(scenario, entry.seed, entry.actions, sim, 'ui');
  const frozen = freezeGrade(scenario, sim, now);
  return { record: { ...base, endMs: sim.now, result: file.result, ...(frozen ? { grade: frozen.grade } : {}) }, ...(frozen ? { report: frozen.report } : {}) };
}

/**
 * Store a run once: when the history already has it (archived by another screen, or earlier),
 * the stored one stays as it is — its grade frozen, its quiz kept. Returns what is stored.
 */
async function putOnce(run: ArchivedRun, db: HistoryDb): Promise<RunRecord> {
  return db.transaction('rw', db.runs, db.reports, async () => {
    const existing = await db.runs.get(run.record.id);
    if (existing) return existing;
    await db.runs.add(run.record);
    if (run.report) await db.reports.put({ id: run.record.id, report: run.report });
    return run.record;
  });
}

/**
 * Move the journal's ended (or stopped) runs into the history. `keepLive`: runs in progress stay
 * in the journal (to be resumed). Returns the archived records.
 */
export async function archiveJournal(find: FindScenario, db: HistoryDb = historyDb()): Promise<RunRecord[]> {
  const entries = (await listEntries()).filter((e) => e.status !== 'live');
  const out: RunRecord[] = [];
  for (const e of entries) {
    const rec = await putOnce(recordFromEntry(e, await find(e.scenarioId)), db);
    await deleteEntry(e.id);
    out.push(rec);
  }
  return out;
}

/** A run in progress that the student gives up on (instead of continuing it): kept in the history as stopped. */
export async function discardLive(entry: JournalEntry, find: FindScenario, db: HistoryDb = historyDb()): Promise<RunRecord> {
  const rec = await putOnce(recordFromEntry({ ...entry, status: 'stopped' }, await find(entry.scenarioId)), db);
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
  return db.transaction('rw', db.runs, db.reports, async () => {
    await db.runs.delete(id);
    await db.reports.delete(id);
  });
}

/** The frozen report of a run's live grade (undefined for a stopped run, or one not graded yet). */
export async function getReport(id: string, db: HistoryDb = historyDb()): Promise<ScoreReport | undefined> {
  return (await db.reports.get(id))?.report;
}

/**
 * Runs saved before the grade was frozen (schema ≤ 2) are graded once, now, with this code,
 * and quiz answers carried over from them are checked; a run that can no longer be re-simulated
 * here (its scenario changed or is gone) keeps no grade. Never touches a grade already frozen.
 */
export async function gradeUngraded(find: FindScenario, db: HistoryDb = historyDb(), now = Date.now()): Promise<number> {
  const todo = (await db.runs.toArray()).filter((r) => (r.status !== 'stopped' && !r.grade) || (r.quiz && !r.quiz.result));
  let done = 0;
  for (const r of todo) {
    const scenario = await find(r.scenarioId);
    if (!scenario || incompatibility(r, scenario)) continue;
    const sim = simulateForReview(r, scenario);
    const frozen = r.status !== 'stopped' && !r.grade ? freezeGrade(scenario, sim, now, 'regraded') : undefined;
    const checked = r.quiz && !r.quiz.result ? quizResult(gradeQuiz(scenario, sim.log, r.quiz.answers)) : undefined;
    await db.transaction('rw', db.runs, db.reports, async () => {
      const cur = await db.runs.get(r.id);
      if (!cur) return;
      const patch: Partial<RunRecord> = {};
      if (frozen && !cur.grade) {
        patch.grade = frozen.grade;
        await db.reports.put({ id: r.id, report: frozen.report });
      }
      if (checked && cur.quiz && !cur.quiz.result) patch.quiz = { ...cur.quiz, result: checked };
      if (Object.keys(patch).length > 0) {
        await db.runs.update(r.id, patch);
        done++;
      }
    });
  }
  return done;
}

/** The quiz was already submitted for this run: a second submission is refused. */
export class QuizLockedError extends Error {
  constructor(readonly runId: string) {
    super(`the review quiz of run ${runId} was already submitted; it cannot be changed`);
    this.name = 'QuizLockedError';
  }
}

const quizResult = (g: ReturnType<typeof gradeQuiz>): NonNullable<QuizRecord['result']> => ({ questions: g.questions, correct: g.correct, score: g.score, blank: g.blank });

/**
 * Submit the review quiz of a run in the history, once. The answers are checked against the run's
 * own log (re-simulated); blank answers count wrong. Checking and writing happen in one
 * transaction with the lock test, so two submissions racing each other store only the first.
 * Throws QuizLockedError when the quiz was already submitted. The live grade is not touched.
 */
export async function submitQuiz(id: string, answers: Record<string, string>, scenario: Scenario, db: HistoryDb = historyDb(), now = Date.now()): Promise<QuizRecord> {
  const rec = await db.runs.get(id);
  if (!rec) throw new Error(`run ${id} is not in the history`);
  if (rec.quiz) throw new QuizLockedError(id);
  const sim = simulateForReview(rec, scenario);
  const g = gradeQuiz(scenario, sim.log, answers);
  const kept: Record<string, string> = {};
  for (const c of g.checks) kept[c.question] = typeof answers[c.question] === 'string' ? answers[c.question] : '';
  const quiz: QuizRecord = { answers: kept, submittedAt: now, result: quizResult(g) };
  await db.transaction('rw', db.runs, async () => {
    const cur = await db.runs.get(id);
    if (!cur) throw new Error(`run ${id} is not in the history`);
    if (cur.quiz) throw new QuizLockedError(id);
    await db.runs.update(id, { quiz });
  });
  return quiz;
}

/** The run file of a finished run (re-simulated, so its digest is the engine's). */
export function exportRunFile(rec: RunRecord, scenario: Scenario): RunFile {
  const sim = simulate(rec, scenario);
  return makeRunFile(scenario, rec.seed, rec.actions, sim, rec.status === 'imported' ? 'import' : 'ui');
}

/**
 * What an import accepts (docs/formats.md, docs/review.md). The file size is checked before the
 * file is read, the action count before anything is simulated: a bigger file is refused with a
 * message that says so. A 4-hour live at one action a second is about 15,000 actions. `depth`: a run
 * file's values nest a few levels (an action's list of words); far deeper nesting is refused
 * before anything walks it recursively.
 */
export const IMPORT_LIMITS = { bytes: 64 * 1024 * 1024, actions: 200_000, depth: 32 } as const;

/** Why an import was refused, for the UI's translated message (the reason itself is in English). */
export type RefusalCode = 'json' | 'encoding' | 'format' | 'engine' | 'scenario' | 'changed' | 'edited' | 'too_big' | 'too_many' | 'failed';
/**
 * The outcome of importing one file: stored; the same run already in the history (`duplicate`,
 * nothing added, `existing` is that row); or refused with the reason, nothing stored.
 */
export type ImportResult =
  | { ok: true; record: RunRecord }
  | { ok: false; code: 'duplicate'; reason: string; existing: RunRecord }
  | { ok: false; code: RefusalCode; reason: string };
export type ImportRefusal = { ok: false; code: RefusalCode; reason: string };

/** A run file checked and graded, ready to store (what the import worker sends back). */
export interface CheckedRun {
  record: RunRecord;
  report?: ScoreReport;
}
export type CheckResult = { ok: true; run: CheckedRun } | ImportRefusal;

/** Where an import is: reading the file, parsing it, re-simulating it (`pct`: share of sim time), grading, saving. */
export type ImportPhase = 'read' | 'parse' | 'simulate' | 'grade' | 'save';
export interface ImportProgress {
  phase: ImportPhase;
  pct?: number;
}
export type OnImportProgress = (p: ImportProgress) => void;

export function refusalCode(reason: string): RefusalCode {
  if (reason.includes('not valid JSON')) return 'json';
  if (reason.includes('incompatible with this engine')) return 'engine';
  if (reason.includes('made for scenario')) return 'scenario';
  if (reason.includes('has changed since')) return 'changed';
  if (reason.includes('gives a different result') || reason.includes('does not match the replayed run') || reason.includes('the file was edited')) return 'edited';
  return 'format';
}

function refuse(reason: string, code: RefusalCode = refusalCode(reason)): ImportRefusal {
  return { ok: false, reason, code };
}

/** Megabytes, rounded up: a file just over the limit never reads as at it. */
const mb = (bytes: number) => `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;

/** The file-size limit, checked before a file is read (`bytes`: its size). Null when within it. */
export function checkImportSize(bytes: number, fileName: string): ImportRefusal | null {
  if (bytes <= IMPORT_LIMITS.bytes) return null;
  return refuse(`${fileName}: the file is ${mb(bytes)}; run files of up to ${IMPORT_LIMITS.bytes / (1024 * 1024)} MB can be imported`, 'too_big');
}

/** The path of the first value nested deeper than `max` levels (e.g. `actions.3.text`), or null. Iterative. */
function tooDeep(root: unknown, max: number): string | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: root, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= max) return path.slice(0, 4).join('.') + (path.length > 4 ? '.…' : '');
    const push = (c: unknown, key: string | number) => {
      if (typeof c === 'object' && c !== null) stack.push({ v: c, path: [...path, key] });
    };
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) push(v[i], i);
    else for (const k of Object.keys(v)) push((v as Record<string, unknown>)[k], k);
  }
  return null;
}

/** UTF-8 size of a text, without copying it. */
function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const RESAVE = 'export it from livesim again, or save it as UTF-8';

/**
 * A run file's bytes as text: UTF-8, with or without a byte-order mark. A file re-saved as UTF-16
 * (Notepad's "Unicode") or in another encoding is refused saying so, instead of as broken JSON.
 */
export function decodeRunFile(bytes: Uint8Array, fileName: string): { ok: true; text: string } | ImportRefusal {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return refuse(`${fileName}: the file is saved as UTF-16 (a "Unicode" file), not UTF-8; ${RESAVE}`, 'encoding');
  }
  // UTF-16 without a byte-order mark: a run file is mostly ASCII, so every other byte is 0.
  const head = bytes.subarray(0, 64);
  if (head.length >= 4 && head.filter((b) => b === 0).length >= head.length / 3) {
    return refuse(`${fileName}: the file is saved as UTF-16 (a "Unicode" file), or is not a text file; ${RESAVE}`, 'encoding');
  }
  try {
    // The byte-order mark is kept for parseRunFileText, which accepts it.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return refuse(`${fileName}: the file is not UTF-8 text (saved in another encoding such as GBK, or not a text file); ${RESAVE}`, 'encoding');
  }
}

/** checkRunText for a file's bytes (what the import worker reads): size, encoding, then the text. */
export async function checkRunBytes(bytes: Uint8Array, fileName: string, find: FindScenario, now = Date.now(), onProgress?: OnImportProgress): Promise<CheckResult> {
  const tooBig = checkImportSize(bytes.length, fileName);
  if (tooBig) return tooBig;
  const decoded = decodeRunFile(bytes, fileName);
  if (!decoded.ok) return decoded;
  return checkRunText(decoded.text, fileName, find, now, onProgress);
}

/**
 * Check a run file's text and grade it, without touching the history: parsed, held to the limits,
 * its seals checked and re-simulated (verifyRunFile), then scored once without quiz answers
 * (freezeGrade). The import worker runs this; without a Worker (tests, old browsers) the page
 * runs the same function. A tampered, truncated, oversized or incompatible file is refused with the
 * reason. Never throws.
 */
export async function checkRunText(text: string, fileName: string, find: FindScenario, now = Date.now(), onProgress?: OnImportProgress): Promise<CheckResult> {
  try {
    const tooBig = checkImportSize(utf8Bytes(text), fileName);
    if (tooBig) return tooBig;
    onProgress?.({ phase: 'parse' });
    // A byte-order mark (Windows editors add one) is accepted.
    const parsed = parseRunFileText(text);
    if (!parsed.ok) return refuse(`${fileName}: ${parsed.reason} — the file is truncated or not a run file`);
    const json = parsed.json;
    const actions = (json as { actions?: unknown } | null)?.actions;
    if (Array.isArray(actions) && actions.length > IMPORT_LIMITS.actions) {
      return refuse(`${fileName}: the file holds ${actions.length.toLocaleString('en-US')} actions; run files of up to ${IMPORT_LIMITS.actions.toLocaleString('en-US')} actions can be imported`, 'too_many');
    }
    const deep = tooDeep(json, IMPORT_LIMITS.depth);
    if (deep !== null) return refuse(`${fileName}: not a valid run file: ${deep} is nested more than ${IMPORT_LIMITS.depth} levels deep (a run file's values nest a few levels)`, 'format');
    const id = (json as { scenario?: { id?: unknown } } | null)?.scenario?.id;
    if (typeof id !== 'string') return refuse(`${fileName}: ${verifyRunFileShape(json)}`);
    const scenario = await find(id);
    if (!scenario) return refuse(`${fileName}: made for scenario "${id.slice(0, 80)}", which is not in this app`);
    let last = 0;
    onProgress?.({ phase: 'simulate', pct: 0 });
    const v = verifyRunFile(json, scenario, {
      onProgress: (simMs, durationMs) => {
        const pct = durationMs > 0 ? Math.floor((100 * simMs) / durationMs) : 100;
        if (pct !== last) onProgress?.({ phase: 'simulate', pct: (last = pct) });
      },
    });
    if (!v.ok) return refuse(`${fileName}: ${v.reason}`);
    onProgress?.({ phase: 'grade' });
    const run = v.run;
    const frozen = freezeGrade(scenario, v.sim, now);
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
      ...(frozen ? { grade: frozen.grade } : {}),
    };
    return { ok: true, run: { record, ...(frozen ? { report: frozen.report } : {}) } };
  } catch (e) {
    // Out of memory on a huge file, or a bug: said, and nothing is stored.
    return refuse(`${fileName}: the import stopped: ${e instanceof Error ? e.message : String(e)}`, 'failed');
  }
}

/**
 * The run in the history that a checked run is: same scenario (id and hash), seed and log digest.
 * The digest covers the whole event log (its engine version, every action and its outcome), so a
 * finished run exported and imported again, or a file imported twice, is found; a run stopped
 * midway (no result) is never the same as a file.
 */
export async function findSameRun(rec: Pick<RunRecord, 'scenarioId' | 'scenarioHash' | 'seed' | 'result'>, db: HistoryDb = historyDb()): Promise<RunRecord | undefined> {
  const digest = rec.result?.digest;
  if (!digest) return undefined;
  return db.runs
    .where('[scenarioId+seed]')
    .equals([rec.scenarioId, rec.seed])
    .filter((r) => r.result?.digest === digest && r.scenarioHash === rec.scenarioHash)
    .first();
}

/**
 * Store a checked run unless the history already holds the same run (then nothing is added and the
 * existing row is returned as a duplicate). The look-up and the write are one transaction, so two
 * imports of the same file racing each other (two tabs) add one row.
 */
export async function storeImported(run: CheckedRun, fileName: string, db: HistoryDb = historyDb()): Promise<ImportResult> {
  return db.transaction('rw', db.runs, db.reports, async (): Promise<ImportResult> => {
    const existing = await findSameRun(run.record, db);
    if (existing) {
      return { ok: false, code: 'duplicate', existing, reason: `${fileName}: this run is already in the history (the row of ${new Date(existing.startedAt).toISOString()}); nothing was added` };
    }
    return { ok: true, record: await putOnce(run, db) };
  });
}

/**
 * Import a run file's text in this thread: checked (checkRunText) and stored once (storeImported).
 * The page imports files through import-client.ts, which runs the check in a worker.
 */
export async function importRunText(text: string, fileName: string, find: FindScenario, db: HistoryDb = historyDb(), now = Date.now(), onProgress?: OnImportProgress): Promise<ImportResult> {
  const checked = await checkRunText(text, fileName, find, now, onProgress);
  if (!checked.ok) return checked;
  onProgress?.({ phase: 'save' });
  return storeImported(checked.run, fileName, db);
}

/** The reason a JSON value is not a run file (for files without a scenario id). */
function verifyRunFileShape(json: unknown): string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return `not a run file (expected a JSON object with "format": "${RUN_FILE_FORMAT}")`;
  const f = (json as { format?: unknown }).format;
  if (f !== RUN_FILE_FORMAT) return `not a run file: format is ${JSON.stringify(f).slice(0, 60)}, expected "${RUN_FILE_FORMAT}"`;
  return 'not a valid run file: scenario.id is missing';
}
