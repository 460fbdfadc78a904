/**
 * The exam hub's rules and records: the witnessed attempt's limits, the rows of its tables as the
 * hub reads them, the refusal the HTTP layer turns into a status code, and the hub's options. The
 * hub's behaviour is in the modules beside this one (docs/hub.md "Code"); hub.ts ties them together.
 */
import type { Scenario } from '../engine';
import type { EventBus } from './events';
import type { Grade } from './grade';
import type { GradeJob } from './grade-pool';
import type { AttemptStatus } from './protocol';

/** Rules of the witnessed attempt (docs/hub.md "Flags"). */
export const EXAM_RULES = {
  /** Sim time may run this far ahead of the hub's wall clock since the start before it is flagged. */
  aheadToleranceMs: 5_000,
  /** An action arriving this long after its sim time is flagged (a resend after a drop, or backdating). */
  backdateToleranceMs: 30_000,
  /** A connection gap at least this long is flagged. */
  longDisconnectMs: 15_000,
  /** Entries still arriving this long after the deadline are accepted (the page resending after a drop). */
  lateGraceMs: 60_000,
  /** A paste of at least this many characters into the talk box is flagged. */
  largePasteChars: 30,
  /** Teacher sessions last this long. */
  sessionMs: 12 * 3600_000,
} as const;

export type FlagKind = 'ahead' | 'backdated' | 'disconnect' | 'hidden' | 'paste' | 'conflict' | 'late' | 'rejoined' | 'no-finish';

export interface Teacher {
  id: string;
  username: string;
}

export interface ExamRow {
  id: string;
  teacher_id: string;
  title: string;
  scenario_hash: string;
  engine_version: string;
  rubric: string;
  time_limit_ms: number;
  pass_mark: number;
  seed_policy: 'shared' | 'per-student';
  seed: number | null;
  language: 'zh' | 'en';
  opens_at: number | null;
  closes_at: number | null;
  join_code: string;
  created_at: number;
  ended_at: number | null;
  /** Safe Exam Browser required (1) or not (0); its settings file (.seb XML) and Config Key (src/hub/seb.ts). */
  seb_required: number;
  seb_settings: string | null;
  seb_config_key: string | null;
  /** The level template this exam was built from (src/hub/templates.ts), on the exam the teacher created; null: one scenario. */
  template: string | null;
}

/**
 * One part of a template exam: the part's own exam row (`exam_id`: its scenario, time limit, seed
 * and attempts) under the exam the teacher created (`parent_id`), with the unit, title, task and
 * weight it had when the exam was created.
 */
export interface ExamPartRow {
  exam_id: string;
  parent_id: string;
  idx: number;
  unit: string;
  title_zh: string;
  title_en: string;
  kind: 'rehearsal' | 'selling' | 'controller';
  weight: number;
}

export interface AttemptRow {
  id: string;
  exam_id: string;
  student_no: string;
  name: string;
  class_name: string;
  number: number;
  token_hash: string;
  seed: number;
  status: AttemptStatus | 'granted';
  joined_at: number;
  started_at: number | null;
  deadline: number | null;
  ended_at: number | null;
  acked: number;
  last_seen: number | null;
  quiz: string | null;
  rejoin: number;
  note: string | null;
  /** Time the teacher added to this attempt (ms; src/hub/proctor.ts). */
  extra_ms: number;
}

export interface EntryRow {
  attempt_id: string;
  seq: number;
  kind: string;
  sim_ms: number;
  client_ms: number;
  received_at: number;
  body: string;
}

export interface FlagRow {
  id: string;
  attempt_id: string;
  kind: FlagKind;
  at: number;
  sim_ms: number | null;
  detail: string;
}

export interface GradeRow {
  id: string;
  attempt_id: string;
  n: number;
  created_at: number;
  reason: 'exam' | 'regrade';
  app_version: string;
  engine_version: string;
  digest: string;
  total: number;
  passed: number;
  report: string;
}

/** A refusal the HTTP layer turns into a status code and a message. */
export class HubError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 422 | 429,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ShippedScenario {
  id: string;
  file: string;
  title: { zh: string; en: string };
  durationSec: number;
  level: string;
  language: string;
  /** Whose seat the student takes (scenario meta.seat). */
  seat: 'host' | 'controller';
  /** The task it sets (scenario meta.task; absent: a selling live). */
  task?: 'selling' | 'rehearsal';
  mode: 'drill' | 'exam' | 'practice';
}

export interface HubOptions {
  /** The shipped scenarios' folder. */
  scenariosDir: string;
  /** livesim's version (package.json), recorded with each grade. */
  appVersion: string;
  now?: () => number;
  /** How fast `now` runs against real time (told to the pages, so they follow it): 1 but in tests (main.ts --time-scale). */
  clockRate?: number;
  /** Grade off the event loop (server.ts passes a worker pool); default: in this thread. */
  grade?: (job: GradeJob, scenario: Scenario) => Promise<Grade>;
  /** Where failures that no request waits for go (grading after a finish, the sweep); default: stderr. */
  logError?: (message: string) => void;
  /** The events between hub processes (src/hub/events.ts); default: the database's (`db.events()`). */
  events?: EventBus;
  /** The address students use (xAPI activity ids and the students' accounts live under it); default http://localhost. */
  publicUrl?: () => string;
}
