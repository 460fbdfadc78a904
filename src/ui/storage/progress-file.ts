/**
 * A student's progress as one file (`livesim/progress@1`, docs/formats.md), to move it to another
 * computer: every graded run as its run file (with when it was played) and every micro-drill
 * record. No mark is taken from the file: each run is re-simulated and graded as a run file
 * import is (checkRunText), each drill is drawn again from its seed and its answers scored again
 * (rescore); a drill whose answer times can't be a person's is refused; what can't be checked
 * here is refused with the reason, and the rest is imported. A run already in this browser, or a
 * drill of a variant already here (kind, seed, language), is not added again. The dates in the
 * file can't be checked (they are only brought back from the future): this is self-study, and a
 * student who edits them only misleads themself.
 */
import { z } from 'zod';
import { DRILL_KIND_IDS, DRILL_KINDS, type DrillKind, type DrillSources } from '../../drills';
import { historyDb, type DrillRecord, type HistoryDb } from './db';
import { rescore } from './drills';
import { checkRunText, exportRunFile, IMPORT_LIMITS, incompatibility, storeImported, type FindScenario } from './history';

export const PROGRESS_FORMAT = 'livesim/progress@1';

const ms = z.number().int().nonnegative();
const drillSchema = z.strictObject({
  id: z.string().min(1).max(100),
  kind: z.enum(DRILL_KIND_IDS),
  seed: z.number().int(),
  language: z.enum(['zh', 'en']),
  source: z.string().max(200),
  skill: z.string().max(40),
  startedAt: ms,
  endedAt: ms,
  answers: z.array(z.strictObject({ item: z.string().max(100), value: z.string().max(4000), ms })).max(200),
  percent: z.number().min(0).max(100),
});
const progressSchema = z.strictObject({
  format: z.literal(PROGRESS_FORMAT),
  exportedAt: ms,
  runs: z.array(z.strictObject({ startedAt: ms, endedAt: ms, file: z.unknown() })).max(5000),
  drills: z.array(drillSchema).max(5_000),
});
export type ProgressFile = z.output<typeof progressSchema>;

/** Everything graded in this browser, as a progress file. Runs whose scenario changed or is gone can't be re-simulated and are left out (counted in `skipped`). */
export async function exportProgress(find: FindScenario, now = Date.now(), db: HistoryDb = historyDb()): Promise<{ file: ProgressFile; skipped: number }> {
  const runs = (await db.runs.orderBy('startedAt').toArray()).filter((r) => r.status !== 'stopped' && r.grade);
  const out: ProgressFile['runs'] = [];
  let skipped = 0;
  for (const r of runs) {
    const scenario = await find(r.scenarioId);
    if (!scenario || incompatibility(r, scenario)) {
      skipped++;
      continue;
    }
    out.push({ startedAt: r.startedAt, endedAt: r.endedAt, file: exportRunFile(r, scenario) });
  }
  const drills = await db.drills.orderBy('endedAt').toArray();
  return { file: { format: PROGRESS_FORMAT, exportedAt: now, runs: out, drills }, skipped };
}

export interface ProgressImport {
  runs: { added: number; duplicate: number; refused: string[] };
  drills: { added: number; duplicate: number; refused: string[]; rescored: number };
}

export type ProgressImportResult = { ok: true; summary: ProgressImport } | { ok: false; reason: string };

/** Where a zod issue is, as a path a person can read: `drills[3].answers[0].value`. */
function where(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(the file)';
}

/**
 * Import a progress file's text. `sourcesOf` gives what drills are drawn from, read after the runs
 * are in (a data-review drill may be drawn from one of them).
 */
export async function importProgress(text: string, fileName: string, find: FindScenario, sourcesOf: () => Promise<DrillSources>, now = Date.now(), db: HistoryDb = historyDb(), kinds: readonly DrillKind[] = DRILL_KINDS): Promise<ProgressImportResult> {
  if (text.length > IMPORT_LIMITS.bytes) return { ok: false, reason: `${fileName}: the file is larger than ${Math.round(IMPORT_LIMITS.bytes / 1024 / 1024)} MB` };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, reason: `${fileName}: not JSON (${e instanceof Error ? e.message : String(e)}) — the file is truncated or not a progress file` };
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== PROGRESS_FORMAT) return { ok: false, reason: `${fileName}: not a progress file: format is ${JSON.stringify(format ?? null).slice(0, 60)}, expected "${PROGRESS_FORMAT}"` };
  const parsed = progressSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${fileName}: ${where(issue.path)}: ${issue.message}${parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : ''}` };
  }
  const file = parsed.data;
  const clampTimes = (startedAt: number, endedAt: number) => {
    const end = Math.min(endedAt, now);
    return { startedAt: Math.min(startedAt, end), endedAt: end };
  };
  const summary: ProgressImport = { runs: { added: 0, duplicate: 0, refused: [] }, drills: { added: 0, duplicate: 0, refused: [], rescored: 0 } };

  for (const [i, r] of file.runs.entries()) {
    const label = `${fileName} runs[${i}]`;
    const checked = await checkRunText(JSON.stringify(r.file), label, find, r.endedAt);
    if (!checked.ok) {
      summary.runs.refused.push(checked.reason);
      continue;
    }
    Object.assign(checked.run.record, clampTimes(r.startedAt, r.endedAt));
    const stored = await storeImported(checked.run, label, db);
    if (stored.ok) summary.runs.added++;
    else if (stored.code === 'duplicate') summary.runs.duplicate++;
    else summary.runs.refused.push(stored.reason);
  }

  const sources = await sourcesOf();
  // A drill is its variant (kind, seed, language): one record each, here or in the file.
  const variantOf = (d: Pick<DrillRecord, 'kind' | 'seed' | 'language'>) => `${d.kind}:${d.seed}:${d.language}`;
  const held = new Set((await db.drills.toArray()).map(variantOf));
  for (const [i, d] of file.drills.entries()) {
    const label = `${fileName} drills[${i}]`;
    if (held.has(variantOf(d)) || (await db.drills.get(d.id))) {
      summary.drills.duplicate++;
      continue;
    }
    const timing = timingProblem(d);
    if (timing) {
      summary.drills.refused.push(`${label}: ${timing}`);
      continue;
    }
    const kind = kinds.find((k) => k.id === d.kind);
    if (!kind) {
      summary.drills.refused.push(`${label}: the drill "${d.kind}" is not in this app`);
      continue;
    }
    const again = rescore(kind, d, sources);
    if (!again.ok) {
      summary.drills.refused.push(`${label}: ${again.reason}`);
      continue;
    }
    if (again.percent !== d.percent) summary.drills.rescored++;
    const rec: DrillRecord = { ...d, skill: kind.skill, percent: again.percent, ...clampTimes(d.startedAt, d.endedAt) };
    await db.drills.put(rec);
    held.add(variantOf(rec));
    summary.drills.added++;
  }
  return { ok: true, summary };
}

/** The quickest a person answers an item (ms): a typed or chosen answer faster than this was not given by hand. */
export const MIN_ANSWER_MS = 200;

/** Why a drill record's times can't be a real attempt, or null: answers faster than a hand, or more answering time than the drill lasted. */
export function timingProblem(d: Pick<DrillRecord, 'answers' | 'startedAt' | 'endedAt'>): string | null {
  if (d.endedAt < d.startedAt) return 'it ends before it starts';
  const fast = d.answers.find((a) => a.value.trim() !== '' && a.ms < MIN_ANSWER_MS);
  if (fast) return `the answer to "${fast.item}" took ${fast.ms} ms, faster than anyone types or chooses`;
  const total = d.answers.reduce((n, a) => n + a.ms, 0);
  if (total > d.endedAt - d.startedAt + 60_000) return `its answers took ${Math.round(total / 1000)} s, longer than the drill lasted (${Math.round((d.endedAt - d.startedAt) / 1000)} s)`;
  return null;
}
