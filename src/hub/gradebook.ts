/**
 * The gradebook: one row per attempt of the exam (students × criteria), its latest grade and the
 * first one when a re-grade changed it, its flags. The screen (src/ui/hub/teacher/GradebookTable.tsx)
 * and the CSV (csv.ts) are built from it.
 */
import type { ScoreReport } from '../scoring';
import type { Hub } from './hub';
import type { AttemptRow, FlagKind, FlagRow, GradeRow, Teacher } from './model';
import type { AttemptStatus } from './protocol';
import { scenarioOf } from './scenarios';

export async function gradebook(hub: Hub, teacher: Teacher, examId: string): Promise<Gradebook> {
  const exam = await hub.examOf(teacher, examId);
  const { scenario } = await scenarioOf(hub, exam.scenario_hash);
  const attempts = await hub.db.all<AttemptRow>("SELECT * FROM attempts WHERE exam_id = ? AND status <> 'granted' ORDER BY class_name, student_no, number", [exam.id]);
  const flags = await hub.db.all<FlagRow>('SELECT f.* FROM flags f JOIN attempts a ON a.id = f.attempt_id WHERE a.exam_id = ? ORDER BY f.at', [exam.id]);
  const grades = await hub.db.all<GradeRow>('SELECT g.* FROM grades g JOIN attempts a ON a.id = g.attempt_id WHERE a.exam_id = ? ORDER BY g.n', [exam.id]);
  let criteria: Gradebook['criteria'] = [];
  const rows: GradebookRow[] = attempts.map((a) => {
    const gs = grades.filter((g) => g.attempt_id === a.id);
    const first = gs[0];
    const last = gs[gs.length - 1];
    const report = last ? (JSON.parse(last.report) as ScoreReport) : null;
    if (report && criteria.length === 0) criteria = report.criteria.map((c) => ({ id: c.id, title: c.title, max: c.max }));
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
    };
  });
  return { exam: { id: exam.id, title: exam.title, language: exam.language, passMark: exam.pass_mark, joinCode: exam.join_code, scenarioId: scenario.meta.id, scenarioTitle: scenario.meta.title, timeLimitMs: exam.time_limit_ms, endedAt: exam.ended_at }, criteria, rows };
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
}

export interface Gradebook {
  exam: { id: string; title: string; language: 'zh' | 'en'; passMark: number; joinCode: string; scenarioId: string; scenarioTitle: { zh: string; en: string }; timeLimitMs: number; endedAt: number | null };
  criteria: { id: string; title: { zh: string; en: string }; max: number }[];
  rows: GradebookRow[];
}
