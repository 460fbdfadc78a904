/**
 * Template exams in parts (src/hub/templates.ts, docs/hub.md "Exam templates"): the exam the
 * teacher created holds no attempts itself; each part is an exam row of its own (its scenario,
 * time limit and seed), listed in `exam_parts` under it, and a student has one attempt per part
 * (and per retake), taken in order. Everything that works on an attempt (the start, the witnessed
 * stream, flags, the grade, extra time, the live view) works on a part's attempt unchanged; this
 * module answers the questions that span the parts.
 */
import type { ScoreReport } from '../scoring';
import type { Queryable } from './db/db';
import type { AttemptRow, ExamPartRow, ExamRow, GradeRow } from './model';
import type { ExamPartInfo } from './protocol';
import { weightedTotal } from './templates';

export interface Part extends ExamPartRow {
  /** The part's own exam row. */
  exam: ExamRow;
}

/** `?, ?, ?` for an IN list of n values. */
export const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** A template exam's parts, in order (none for a one-scenario exam). */
export async function partsOf(q: Queryable, parentId: string): Promise<Part[]> {
  const rows = await q.all<ExamPartRow>('SELECT * FROM exam_parts WHERE parent_id = ? ORDER BY idx', [parentId]);
  if (rows.length === 0) return [];
  const exams = await q.all<ExamRow>(`SELECT * FROM exams WHERE id IN (${marks(rows.length)})`, rows.map((r) => r.exam_id));
  const byId = new Map(exams.map((e) => [e.id, e]));
  return rows.map((r) => ({ ...r, idx: Number(r.idx), weight: Number(r.weight), exam: byId.get(r.exam_id)! }));
}

/** The part this exam row is, or undefined (a one-scenario exam, or the template exam itself). */
export async function partRowOf(q: Queryable, examId: string): Promise<ExamPartRow | undefined> {
  const r = await q.get<ExamPartRow>('SELECT * FROM exam_parts WHERE exam_id = ?', [examId]);
  return r ? { ...r, idx: Number(r.idx), weight: Number(r.weight) } : undefined;
}

/** The exam rows whose attempts belong to this exam: the exam itself, or its parts. */
export async function attemptExamIds(q: Queryable, exam: Pick<ExamRow, 'id' | 'template'>): Promise<string[]> {
  if (!exam.template) return [exam.id];
  const rows = await q.all<{ exam_id: string }>('SELECT exam_id FROM exam_parts WHERE parent_id = ? ORDER BY idx', [exam.id]);
  return rows.length ? rows.map((r) => r.exam_id) : [exam.id];
}

export function partInfo(p: Part): ExamPartInfo {
  return { index: p.idx, unit: p.unit, title: { zh: p.title_zh, en: p.title_en }, kind: p.kind, weight: p.weight, minutes: Math.round(Number(p.exam.time_limit_ms) / 60_000) };
}

/** The student's latest attempt (the highest number, a granted retake included) in each part, by part index. */
export async function latestByPart(q: Queryable, parts: readonly Part[], studentNo: string): Promise<Map<number, AttemptRow>> {
  const out = new Map<number, AttemptRow>();
  if (parts.length === 0) return out;
  const idxOf = new Map(parts.map((p) => [p.exam_id, p.idx]));
  const rows = await q.all<AttemptRow>(`SELECT * FROM attempts WHERE exam_id IN (${marks(parts.length)}) AND student_no = ? ORDER BY number`, [...parts.map((p) => p.exam_id), studentNo]);
  for (const a of rows) out.set(idxOf.get(a.exam_id)!, a);
  return out;
}

/**
 * The part a student takes after part `from`: the first later part without an attempt, or whose
 * latest attempt is a retake the teacher granted or one opened and not started yet (the page asked
 * for it and lost the answer); null when none is left, or when a later part is being taken.
 */
export function nextPartIndex(parts: readonly Part[], latest: ReadonlyMap<number, AttemptRow>, from: number): number | null {
  for (const p of parts) {
    if (p.idx <= from) continue;
    const a = latest.get(p.idx);
    if (!a || a.status === 'granted' || a.status === 'joined') return p.idx;
    // Taking a later part already (on the page that moved on).
    if (a.status === 'live') return null;
  }
  return null;
}

/** What counts of one part for a student: the latest attempt that is not a retake still to take, and its latest grade. */
export interface PartResult {
  part: Part;
  attempt: AttemptRow | null;
  grade: GradeRow | null;
  /** The part's score: its grade's total; null without a grade, or when the attempt was voided. */
  score: number | null;
}

export interface ExamResult {
  parts: PartResult[];
  /** The weighted mean of the parts' scores rescaled to 100 (templates.ts weightedTotal); null until every part has a score. */
  total: number | null;
  /** The total against the exam's pass mark, and no part with a failed gate; null with no total. */
  passed: boolean | null;
  /** The gates a part failed (a failed compliance gate fails the exam, as it fails a one-scenario exam). */
  failedGates: { zh: string; en: string }[];
}

/**
 * A student's result in a template exam from their attempts in its parts (any order) and the latest
 * grade of each attempt.
 */
export function examResult(parts: readonly Part[], attempts: readonly AttemptRow[], latestGrade: ReadonlyMap<string, GradeRow>, passMark: number): ExamResult {
  const results = parts.map((part): PartResult => {
    const mine = attempts.filter((a) => a.exam_id === part.exam_id && a.status !== 'granted').sort((x, y) => x.number - y.number);
    const attempt = mine[mine.length - 1] ?? null;
    const grade = attempt ? (latestGrade.get(attempt.id) ?? null) : null;
    return { part, attempt, grade, score: grade && attempt?.status !== 'voided' ? Number(grade.total) : null };
  });
  const total = weightedTotal(results.map((r) => ({ weight: r.part.weight, score: r.score })));
  const failedGates = results.flatMap((r) => (r.grade && r.score !== null ? (JSON.parse(r.grade.report) as ScoreReport).failedGates.map((g) => g.title) : []));
  return { parts: results, total, passed: total === null ? null : total >= passMark && failedGates.length === 0, failedGates };
}
