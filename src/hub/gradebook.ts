/**
 * The gradebook: one row per attempt of the exam (students × criteria), its latest grade and the
 * first one when a re-grade changed it, its flags. The screen (src/ui/hub/teacher/GradebookTable.tsx)
 * and the CSV (csv.ts) are built from it.
 */
import type { ScoreReport } from '../scoring';
import type { Hub } from './hub';
import type { AttemptRow, FlagKind, FlagRow, GradeRow, Teacher } from './model';
import { examOpen } from './exams';
import { examResult, marks, nextPartIndex, partsOf } from './parts';
import type { AttemptStatus, ExamPartInfo } from './protocol';
import { scenarioOf } from './scenarios';
import { examTemplate, totalFormula } from './templates';

export async function gradebook(hub: Hub, teacher: Teacher, examId: string): Promise<Gradebook> {
  const exam = await hub.examOf(teacher, examId);
  const { scenario } = await scenarioOf(hub, exam.scenario_hash);
  // A template exam's attempts are its parts'.
  const parts = exam.template ? await partsOf(hub.db, exam.id) : [];
  const ids = parts.length ? parts.map((p) => p.exam_id) : [exam.id];
  const inIds = `a.exam_id IN (${marks(ids.length)})`;
  const all = await hub.db.all<AttemptRow>(`SELECT * FROM attempts a WHERE ${inIds} ORDER BY class_name, student_no, number`, ids);
  const partOf = new Map(parts.map((p) => [p.exam_id, p]));
  // A student between two parts may go on elsewhere only while the exam is open.
  const open = examOpen(exam, hub.now()) === null;
  // One row per attempt (a granted retake shows once the student joins it); by student, then part.
  const shownRows = all.filter((a) => a.status !== 'granted');
  const attempts = !parts.length ? shownRows : shownRows.sort((x, y) => (x.class_name < y.class_name ? -1 : x.class_name > y.class_name ? 1 : x.student_no < y.student_no ? -1 : x.student_no > y.student_no ? 1 : (partOf.get(x.exam_id)?.idx ?? 0) - (partOf.get(y.exam_id)?.idx ?? 0) || x.number - y.number));
  const flags = await hub.db.all<FlagRow>(`SELECT f.* FROM flags f JOIN attempts a ON a.id = f.attempt_id WHERE ${inIds} ORDER BY f.at`, ids);
  const grades = await hub.db.all<GradeRow>(`SELECT g.* FROM grades g JOIN attempts a ON a.id = g.attempt_id WHERE ${inIds} ORDER BY g.n`, ids);
  let criteria: Gradebook['criteria'] = [];
  const latestGrade = new Map<string, GradeRow>();
  for (const g of grades) latestGrade.set(g.attempt_id, g);
  // Per student (a template exam): their attempts, the latest in each part, the part they are on.
  const byStudent = new Map<string, AttemptRow[]>();
  for (const a of all) byStudent.set(a.student_no, [...(byStudent.get(a.student_no) ?? []), a]);
  const latestOf = (studentNo: string) => {
    const m = new Map<number, AttemptRow>();
    for (const a of (byStudent.get(studentNo) ?? []).slice().sort((x, y) => x.number - y.number)) m.set(partOf.get(a.exam_id)!.idx, a);
    return m;
  };
  const rows: GradebookRow[] = attempts.map((a) => {
    const gs = grades.filter((g) => g.attempt_id === a.id);
    const first = gs[0];
    const last = gs[gs.length - 1];
    const report = last ? (JSON.parse(last.report) as ScoreReport) : null;
    // Criteria columns: the one rubric of a one-scenario exam (a template's parts have a rubric each: their reports show them).
    if (report && criteria.length === 0 && !parts.length) criteria = report.criteria.map((c) => ({ id: c.id, title: c.title, max: c.max }));
    const part = partOf.get(a.exam_id);
    const running = a.status === 'joined' || a.status === 'live';
    let canRejoin = running;
    if (part && !running && a.status !== 'voided' && open) {
      const latest = latestOf(a.student_no);
      canRejoin = latest.get(part.idx)?.id === a.id && nextPartIndex(parts, latest, part.idx) !== null;
    }
    return {
      attemptId: a.id,
      studentNo: a.student_no,
      name: a.name,
      className: a.class_name,
      number: a.number,
      status: a.status as AttemptStatus,
      startedAt: a.started_at,
      endedAt: a.ended_at,
      deadline: a.deadline,
      acked: a.acked,
      note: a.note,
      grade: last ? { total: last.total, passed: last.passed === 1, reason: last.reason, at: last.created_at, points: Object.fromEntries(report!.criteria.map((c) => [c.id, c.points])), failedGates: report!.failedGates.map((g) => g.title), review: report!.review?.score ?? null } : null,
      original: first && last && first.id !== last.id ? { total: first.total, passed: first.passed === 1, at: first.created_at } : null,
      flags: flags.filter((f) => f.attempt_id === a.id).map((f) => ({ kind: f.kind, at: f.at, simMs: f.sim_ms, detail: JSON.parse(f.detail) as Record<string, unknown> })),
      grading: hub.grading.has(a.id),
      ...(part ? { part: part.idx, canRejoin } : {}),
    };
  });
  const book: Gradebook = { exam: { id: exam.id, title: exam.title, language: exam.language, passMark: exam.pass_mark, joinCode: exam.join_code, scenarioId: scenario.meta.id, scenarioTitle: scenario.meta.title, timeLimitMs: exam.time_limit_ms, endedAt: exam.ended_at }, criteria, rows };
  if (!parts.length) return book;

  const template = examTemplate(exam.template!);
  const info = await hub.examParts(exam);
  const students: GradebookStudent[] = [];
  for (const mine of byStudent.values()) {
    const shown = mine.filter((a) => a.status !== 'granted');
    if (!shown.length) continue;
    const who = shown.slice().sort((x, y) => Number(x.joined_at) - Number(y.joined_at))[shown.length - 1];
    const result = examResult(parts, mine, latestGrade, Number(exam.pass_mark));
    const running = shown.filter((a) => a.status === 'joined' || a.status === 'live').map((a) => partOf.get(a.exam_id)!.idx);
    students.push({
      studentNo: who.student_no,
      name: who.name,
      className: who.class_name,
      parts: result.parts.map((r) =>
        r.attempt
          ? { attemptId: r.attempt.id, number: r.attempt.number, status: r.attempt.status as AttemptStatus, score: r.score, passed: r.grade ? Number(r.grade.passed) === 1 : null, grading: hub.grading.has(r.attempt.id), flags: flags.filter((f) => f.attempt_id === r.attempt!.id).length }
          : null,
      ),
      current: running.length ? Math.max(...running) : Math.max(...shown.map((a) => partOf.get(a.exam_id)!.idx)),
      total: result.total,
      passed: result.passed,
      failedGates: result.failedGates,
    });
  }
  students.sort((x, y) => (x.className < y.className ? -1 : x.className > y.className ? 1 : x.studentNo < y.studentNo ? -1 : x.studentNo > y.studentNo ? 1 : 0));
  return { ...book, exam: { ...book.exam, template: { id: exam.template!, title: template?.title ?? null, formula: totalFormula(info), parts: info } }, students };
}

export interface GradebookRow {
  attemptId: string;
  studentNo: string;
  name: string;
  className: string;
  number: number;
  status: AttemptStatus;
  startedAt: number | null;
  endedAt: number | null;
  deadline: number | null;
  acked: number;
  note: string | null;
  grade: { total: number; passed: boolean; reason: string; at: number; points: Record<string, number>; failedGates: { zh: string; en: string }[]; review: number | null } | null;
  /** The first grade, when a re-grade changed it. */
  original: { total: number; passed: boolean; at: number } | null;
  flags: { kind: FlagKind; at: number; simMs: number | null; detail: Record<string, unknown> }[];
  grading: boolean;
  /** A template exam: the part this attempt is (1, 2…). */
  part?: number;
  /** Whether the teacher may let the student rejoin from this attempt (running; or, in a template exam, a part that is over with a part still to take). Absent: while running. */
  canRejoin?: boolean;
}

/** A template exam's part, as the gradebook, the CSV and the exam page show it. */
export interface GradebookPart extends ExamPartInfo {
  /** The part's own exam row. */
  examId: string;
  scenarioId: string;
  scenarioTitle: { zh: string; en: string };
  durationSec: number;
}

/** One student of a template exam: each part's attempt that counts, and the weighted total. */
export interface GradebookStudent {
  studentNo: string;
  name: string;
  className: string;
  /** In the parts' order; null for a part not reached yet. */
  parts: ({ attemptId: string; number: number; status: AttemptStatus; score: number | null; passed: boolean | null; grading: boolean; flags: number } | null)[];
  /** The part the student is on (taking, or the last one reached). */
  current: number;
  /** Σ wᵢ·scoreᵢ / Σ wᵢ (null until every part has a score). */
  total: number | null;
  /** Against the exam's pass mark, and no part with a failed gate (null without a total). */
  passed: boolean | null;
  failedGates: { zh: string; en: string }[];
}

export interface Gradebook {
  exam: { id: string; title: string; language: 'zh' | 'en'; passMark: number; joinCode: string; scenarioId: string; scenarioTitle: { zh: string; en: string }; timeLimitMs: number; endedAt: number | null; template?: { id: string; title: { zh: string; en: string } | null; formula: string; parts: GradebookPart[] } };
  criteria: { id: string; title: { zh: string; en: string }; max: number }[];
  rows: GradebookRow[];
  /** A template exam: one row per student with each part's score and the weighted total. */
  students?: GradebookStudent[];
}
