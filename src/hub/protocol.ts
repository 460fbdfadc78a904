/**
 * The exam hub's wire protocol: every HTTP body and WebSocket message the hub and the app
 * exchange, as zod schemas. The hub validates everything it receives with them; the app uses the
 * same types. docs/hub.md describes the protocol in words.
 *
 * The attempt starts with `POST /api/attempt/start` (the hub stamps the start and the deadline).
 * Then the student's page streams one ordered log of *entries* per attempt over the WebSocket,
 * each with a sequence number (1, 2, 3, …), the sim time and the page's wall clock:
 *   - `action`: a host action exactly as the engine took it;
 *   - `flag`:   something the teacher should know that is not an action (the tab was hidden or
 *               shown again, a large paste into the talk box);
 *   - `finish`: the stream ended on the page.
 * The page sends `ping` every few seconds while idle, so that a silence the hub sees is a
 * disconnection and not a student thinking.
 * The hub acknowledges each entry once it is on disk. Sending the same (attempt, seq) again is
 * harmless: the hub answers with the same acknowledgement. A different entry under a seq the hub
 * already holds is refused (and flagged); a seq past the next one expected is refused with the
 * number the hub expects, so the page resends from there.
 */
import { z } from 'zod';

/** Bumped when a message changes shape; the hub refuses pages that speak another version. */
export const HUB_PROTOCOL = 1;

/** Limits the hub enforces (also used by the page to stay under them). */
export const LIMITS = {
  /** One WebSocket message (an action with a long line of talk is well under 4 KB). */
  wsMessageBytes: 16 * 1024,
  /** One HTTP body (an uploaded scenario YAML is the largest). */
  httpBodyBytes: 512 * 1024,
  /** The text fields of a join. */
  name: 40,
  studentNo: 32,
  className: 40,
  /** Entries in one attempt (a 20-minute exam has a few hundred; a bot at full speed ~2,500). */
  entriesPerAttempt: 20_000,
} as const;

const trimmed = (max: number, what: string) =>
  z
    .string({ error: `${what} is required` })
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, `${what} is required`).max(max, `${what} is at most ${max} characters`))
    // Control and formatting characters (bidi overrides, zero-width joiners) would let one name pass for another in the gradebook.
    .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), `${what} contains invisible or control characters`);

// ---------------------------------------------------------------------------------------------
// Teacher

export const setupBody = z.strictObject({
  token: z.string().min(1).max(200),
  username: trimmed(40, 'user name'),
  password: z.string().min(10, 'the password needs at least 10 characters').max(200),
});

export const loginBody = z.strictObject({
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
});

export const SEED_POLICIES = ['shared', 'per-student'] as const;

/** An exam's scenario: a shipped scenario's id, or the YAML text of the teacher's own (checked as `validate` checks it). */
export const scenarioChoice = z.union([z.strictObject({ shipped: z.string().min(1).max(100) }), z.strictObject({ yaml: z.string().min(1).max(LIMITS.httpBodyBytes), fileName: z.string().max(200).optional() })]);

export const createExamBody = z
  .strictObject({
    title: trimmed(80, 'title'),
    /** One scenario (today's exam). Absent when `template` is given. */
    scenario: scenarioChoice.optional(),
    /**
     * A level template (src/hub/templates.ts) and a scenario for each of its parts, in the template's
     * order: each part is a timed attempt of its own, with the template's time limit and weight.
     */
    template: z
      .strictObject({
        id: z.string().min(1).max(40),
        parts: z.array(z.strictObject({ scenario: scenarioChoice })).min(1).max(8),
      })
      .optional(),
    /** Minutes of wall time a student has from the moment the live room opens (one-scenario exams; a template's parts have their own). */
    timeLimitMin: z.number().int().min(1).max(240).optional(),
    /** Points out of 100 to pass (a template exam: its weighted total). */
    passMark: z.number().min(0).max(100),
    seedPolicy: z.enum(SEED_POLICIES),
    /** The seed everyone gets under `shared` (drawn at random when absent; a template's part N gets seed + N − 1). */
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    language: z.enum(['zh', 'en']),
    /** When students may join and start (ms since 1970). Absent: from now, until the teacher ends it. */
    opensAt: z.number().int().nonnegative().optional(),
    closesAt: z.number().int().nonnegative().optional(),
    /** Students must use Safe Exam Browser with the exam's .seb file (docs/hub.md "Safe Exam Browser"). Absent: false. */
    requireSeb: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    if (b.opensAt !== undefined && b.closesAt !== undefined && b.closesAt <= b.opensAt) ctx.addIssue({ code: 'custom', message: 'the exam must close after it opens', path: ['closesAt'] });
    if (b.scenario === undefined && b.template === undefined) ctx.addIssue({ code: 'custom', message: 'choose a scenario, or a template with a scenario for each part', path: ['scenario'] });
    if (b.scenario !== undefined && b.template !== undefined) ctx.addIssue({ code: 'custom', message: 'give either one scenario or a template, not both', path: ['template'] });
    if (b.scenario !== undefined && b.timeLimitMin === undefined) ctx.addIssue({ code: 'custom', message: 'the time limit is required (whole minutes, 1 to 240)', path: ['timeLimitMin'] });
    if (b.template !== undefined && b.scenario === undefined && b.timeLimitMin !== undefined) ctx.addIssue({ code: 'custom', message: "a template exam takes each part's time limit from the template: leave it out", path: ['timeLimitMin'] });
  });

export const retakeBody = z.strictObject({ reason: trimmed(200, 'reason') });

// ---------------------------------------------------------------------------------------------
// Student

export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'; // no 0/O, 1/I/L
export const JOIN_CODE_LENGTH = 6;

export const joinBody = z.strictObject({
  code: z
    .string()
    .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
    .pipe(z.string().length(JOIN_CODE_LENGTH, `the join code has ${JOIN_CODE_LENGTH} characters`)),
  name: trimmed(LIMITS.name, 'name'),
  studentNo: trimmed(LIMITS.studentNo, 'student number'),
  className: trimmed(LIMITS.className, 'class'),
});

export const quizBody = z.strictObject({ answers: z.record(z.string().max(64), z.unknown()) });

// ---------------------------------------------------------------------------------------------
// The attempt's entries (WebSocket)

export const FLAG_KINDS = ['hidden', 'visible', 'paste'] as const;

const actionShape = z
  .looseObject({ t: z.number().int().nonnegative(), type: z.string().min(1).max(40) })
  .describe('a host action { t, type, … } as the engine takes it; the engine judges its payload');

export const entryBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('start') }),
  z.strictObject({ kind: z.literal('action'), action: actionShape }),
  z.strictObject({ kind: z.literal('flag'), flag: z.enum(FLAG_KINDS), chars: z.number().int().nonnegative().optional() }),
  z.strictObject({ kind: z.literal('finish') }),
]);
export type EntryBody = z.output<typeof entryBody>;

export const entryMessage = z.strictObject({
  type: z.literal('entry'),
  seq: z.number().int().min(1).max(LIMITS.entriesPerAttempt),
  /** Sim time on the page when the entry was made (ms). */
  simMs: z.number().int().nonnegative(),
  /** The page's wall clock (ms since 1970): for the record only, the hub trusts its own. */
  wallMs: z.number().nonnegative(),
  entry: entryBody,
});
export type EntryMessage = z.output<typeof entryMessage>;

export const clientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), protocol: z.number().int(), token: z.string().min(1).max(200) }),
  entryMessage,
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientMessage = z.output<typeof clientMessage>;

/** What the hub knows of an attempt, as the student's page sees it. */
export interface AttemptInfo {
  attemptId: string;
  examTitle: string;
  name: string;
  studentNo: string;
  className: string;
  scenarioId: string;
  /** The exam's scenario, as YAML text (the page loads it with the engine). */
  scenarioYaml: string;
  seed: number;
  engineVersion: string;
  language: 'zh' | 'en';
  timeLimitMs: number;
  /** The hub's clock when the live room opened (null before). */
  startedAt: number | null;
  /** The hub's clock by which the attempt must end (null before it starts). */
  deadline: number | null;
  status: AttemptStatus;
  /** The highest seq the hub holds (0: none). */
  acked: number;
  /** The hub's clock now, so the page can follow the hub's time rather than its own. */
  serverNow: number;
  /**
   * How fast the hub's clock runs against real time: 1, except when a test starts the hub with
   * `--time-scale` (hub:load, the browser test of a whole exam). Absent: 1.
   */
  clockRate?: number;
  /** The part of a template exam this attempt is (absent: a one-scenario exam). `examTitle` is the whole exam's. */
  part?: AttemptPart;
}

/** One part of a template exam (src/hub/templates.ts), as the student's page shows it. */
export interface ExamPartInfo {
  /** 1, 2… in the order students take them. */
  index: number;
  unit: string;
  title: { zh: string; en: string };
  kind: 'rehearsal' | 'selling' | 'controller';
  weight: number;
  /** The part's time limit (without extra time). */
  minutes: number;
}

export interface AttemptPart extends ExamPartInfo {
  /** Every part of the exam, in order. */
  parts: ExamPartInfo[];
  /** The part the student takes next once this one is over (POST /api/attempt/next); null when none is left. */
  next: number | null;
}

export const ATTEMPT_STATUSES = ['joined', 'live', 'submitted', 'timed-out', 'closed', 'voided'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export type ServerMessage =
  | { type: 'welcome'; attempt: AttemptInfo }
  | { type: 'ack'; seq: number }
  | { type: 'refused'; seq: number; code: 'conflict' | 'gap' | 'closed' | 'limit' | 'invalid'; expected?: number; message: string }
  | { type: 'closed'; status: AttemptStatus; message: string }
  /** The teacher gave this attempt extra time: the new deadline (hub clock) and time limit (ms). */
  | { type: 'deadline'; deadline: number | null; timeLimitMs: number }
  | { type: 'error'; message: string }
  | { type: 'pong'; serverNow: number };

/** A zod error as one line per problem: `field: what is wrong`. */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}
