/**
 * The hub's teacher API over fetch: same origin, JSON bodies, the session cookie. A refusal is the
 * hub's `{ error, details? }`, thrown as a HubRequestError carrying the hub's own message, which the
 * screens show as it is (never swallowed). Types come from the hub's sources (type-only imports:
 * nothing of the hub's Node code reaches the page).
 */
import type { RunFile, ScenarioIssue } from '../../../engine';
import type { ExamRow, Gradebook, GradebookPart, ShippedScenario, Teacher } from '../../../hub/hub';
import type { LiveClass } from '../../../hub/monitor';
import type { AuditEntry } from '../../../hub/proctor';
import type { AttemptInfo } from '../../../hub/protocol';
import type { ScoreReport } from '../../../scoring/types';

export type { Gradebook, GradebookPart, GradebookRow, GradebookStudent, ShippedScenario, Teacher } from '../../../hub/hub';
export type { LiveClass, LiveRow } from '../../../hub/monitor';
export type { AuditEntry } from '../../../hub/proctor';

/** Watching one attempt: its info (the scenario only when asked from seq 0) and its entries after that seq. */
export interface WatchData {
  attempt: AttemptInfo;
  entries: { seq: number; kind: string; simMs: number; receivedAt: number; body: unknown }[];
}

export class HubRequestError extends Error {
  constructor(
    /** The HTTP status; 0 when the hub could not be reached. */
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

async function request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new HubRequestError(0, e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page): the status line below says what happened.
  }
  if (!res.ok) {
    const j = (json ?? {}) as { error?: unknown; details?: unknown };
    throw new HubRequestError(res.status, typeof j.error === 'string' ? j.error : `HTTP ${res.status} ${res.statusText}`.trim(), j.details);
  }
  return json as T;
}

const get = <T>(url: string) => request<T>('GET', url);
const post = <T>(url: string, body?: unknown) => request<T>('POST', url, body);
const id = (s: string) => encodeURIComponent(s);

/** An exam as the list and the exam page get it. */
export type ExamListItem = ExamRow & { scenario_id: string; scenario_title: string; attempts: number; joinUrl: string };
export type ExamDetail = ExamRow & { joinUrl: string; scenarioId: string; scenarioTitle: { zh: string; en: string }; durationSec: number; /** A template exam's parts. */ parts?: GradebookPart[] };

export type ScenarioCheck =
  | { ok: true; warnings: ScenarioIssue[]; scenario: { id: string; title: { zh: string; en: string }; durationSec: number; level: string; language: 'zh' | 'en' } }
  | { ok: false; errors: ScenarioIssue[] };

type ScenarioChoice = { shipped: string } | { yaml: string; fileName?: string };

/** The body of POST /api/exams (createExamBody in src/hub/protocol.ts): one scenario and its time limit, or a template with a scenario per part. */
export interface CreateExam {
  title: string;
  scenario?: ScenarioChoice;
  template?: { id: string; parts: { scenario: ScenarioChoice }[] };
  timeLimitMin?: number;
  passMark: number;
  seedPolicy: 'shared' | 'per-student';
  seed?: number;
  language: 'zh' | 'en';
  opensAt?: number;
  closesAt?: number;
  requireSeb?: boolean;
}

export interface GradeRecord {
  n: number;
  at: number;
  reason: 'exam' | 'regrade';
  appVersion: string;
  total: number;
  passed: boolean;
  digest: string;
  report: ScoreReport;
}

export interface AttemptRecord {
  attempt: AttemptInfo;
  scenarioYaml: string;
  scenarioFile: string;
  quizAnswers: Record<string, unknown> | null;
  runFile: RunFile;
  grades: GradeRecord[];
  entries: { seq: number; kind: string; simMs: number; receivedAt: number }[];
}

export const api = {
  me: () => get<{ teacher: Teacher }>('/api/me'),
  setup: (token: string, username: string, password: string) => post<{ teacher: Teacher }>('/api/setup', { token, username, password }),
  login: (username: string, password: string) => post<{ teacher: Teacher }>('/api/login', { username, password }),
  logout: () => post<{ ok: true }>('/api/logout'),
  scenarios: () => get<{ scenarios: ShippedScenario[] }>('/api/scenarios'),
  checkScenario: (yaml: string, fileName: string) => post<ScenarioCheck>('/api/scenarios/check', { yaml, fileName }),
  exams: () => get<{ exams: ExamListItem[] }>('/api/exams'),
  exam: (examId: string) => get<{ exam: ExamDetail }>(`/api/exams/${id(examId)}`),
  createExam: (body: CreateExam) => post<{ exam: ExamRow & { joinUrl: string } }>('/api/exams', body),
  endExam: (examId: string) => post<{ ok: true }>(`/api/exams/${id(examId)}/end`),
  regrade: (examId: string) => post<{ attempts: number; changed: number }>(`/api/exams/${id(examId)}/regrade`),
  gradebook: (examId: string) => get<Gradebook>(`/api/exams/${id(examId)}/gradebook`),
  record: (attemptId: string) => get<AttemptRecord>(`/api/attempts/${id(attemptId)}/record`),
  rejoin: (attemptId: string) => post<{ ok: true }>(`/api/attempts/${id(attemptId)}/rejoin`),
  retake: (attemptId: string, reason: string) => post<{ ok: true }>(`/api/attempts/${id(attemptId)}/retake`, { reason }),
  voidAttempt: (attemptId: string, reason: string) => post<{ ok: true }>(`/api/attempts/${id(attemptId)}/void`, { reason }),
  live: (examId: string) => get<LiveClass>(`/api/exams/${id(examId)}/live`),
  audit: (examId: string) => get<{ audit: AuditEntry[] }>(`/api/exams/${id(examId)}/audit`),
  watch: (attemptId: string, after: number) => get<WatchData>(`/api/attempts/${id(attemptId)}/watch?after=${after}`),
  extend: (attemptId: string, minutes: number, reason?: string) => post<{ deadline: number | null; extraMs: number }>(`/api/attempts/${id(attemptId)}/extend`, { minutes, ...(reason ? { reason } : {}) }),
  endAttempt: (attemptId: string, reason?: string) => post<{ ok: true }>(`/api/attempts/${id(attemptId)}/end`, reason ? { reason } : {}),
};

export const qrUrl = (examId: string) => `/api/exams/${id(examId)}/qr.svg`;
export const csvUrl = (examId: string) => `/api/exams/${id(examId)}/gradebook.csv`;
/** The exam's xAPI statements as JSON (docs/hub.md "xAPI"). */
export const xapiUrl = (examId: string) => `/api/exams/${id(examId)}/xapi.json`;

/** `file:line:col message`, as `livesim validate` prints a scenario problem. */
export function issueLine(i: ScenarioIssue): string {
  return `${i.file}:${i.line}:${i.col} ${i.message}`;
}

/** The 422 of POST /api/exams for a broken YAML carries every problem. */
export function detailIssues(e: unknown): ScenarioIssue[] | null {
  if (!(e instanceof HubRequestError)) return null;
  const d = e.details as { errors?: unknown } | undefined;
  return Array.isArray(d?.errors) ? (d.errors as ScenarioIssue[]) : null;
}

/**
 * A 400's message is zod's `field: message; field: message`; split it by the form's fields (the
 * first part of the path). Parts without a known field stay under `body`.
 */
export function fieldErrors(message: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of message.split('; ')) {
    const m = /^([\w.]+): (.*)$/s.exec(part);
    const field = m ? m[1].split('.')[0] : 'body';
    (out[field] ??= []).push(m ? m[2] : part);
  }
  return out;
}
