/**
 * The student's side of the hub's HTTP API (src/hub/server.ts) and what the page keeps of its
 * attempt in localStorage: the token (one per exam code, so a reload of the same page resumes
 * the same attempt), the run's journal id and the review quiz once submitted.
 */
import type { AttemptInfo } from '../../../hub/protocol';
import type { QuizRecord } from '../../storage/db';

/** A refusal from the hub, with its own words (`{ error }`), or a network failure (status 0). */
export class HubRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HubRequestError';
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new HubRequestError(0, e instanceof Error ? e.message : String(e));
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // not JSON: a page that is not the hub's
  }
  if (!res.ok) {
    const msg = (json as { error?: unknown } | null)?.error;
    throw new HubRequestError(res.status, typeof msg === 'string' ? msg : `HTTP ${res.status}`);
  }
  return json as T;
}

export interface JoinForm {
  code: string;
  name: string;
  studentNo: string;
  className: string;
}

export const hubApi = {
  join: (form: JoinForm) => call<{ token: string; attempt: AttemptInfo }>('POST', '/api/join', null, form),
  attempt: (token: string) => call<{ attempt: AttemptInfo }>('GET', '/api/attempt', token),
  start: (token: string) => call<{ attempt: AttemptInfo }>('POST', '/api/attempt/start', token, {}),
  entries: (token: string) => call<{ entries: { seq: number; kind: string; simMs: number; body: unknown }[] }>('GET', '/api/attempt/entries', token),
  quiz: (token: string, answers: Record<string, string>) => call<{ ok: true }>('POST', '/api/attempt/quiz', token, { answers }),
  /** A template exam: from this part (over) to the next; the answer's token replaces this part's. */
  next: (token: string) => call<{ token: string; attempt: AttemptInfo }>('POST', '/api/attempt/next', token, {}),
};

// ---------------------------------------------------------------------------------------------
// What the page keeps

export interface StoredAttempt {
  token: string;
  attemptId: string;
  /** The run's id in the journal (storage/journal.ts), once the live room opened. */
  runId?: string;
  quiz?: QuizRecord;
}

const PREFIX = 'livesim.exam.';
const LAST = `${PREFIX}last`;

export const normaliseCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readAttempt(code: string): StoredAttempt | null {
  try {
    const raw = storage()?.getItem(PREFIX + normaliseCode(code));
    const v = raw ? (JSON.parse(raw) as StoredAttempt) : null;
    return v && typeof v.token === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function writeAttempt(code: string, a: StoredAttempt | null): void {
  const s = storage();
  if (!s) return;
  try {
    const key = PREFIX + normaliseCode(code);
    if (a) {
      s.setItem(key, JSON.stringify(a));
      s.setItem(LAST, normaliseCode(code));
    } else s.removeItem(key);
  } catch {
    // private mode: the attempt lasts as long as the page
  }
}

/** The code of the exam this browser joined last (for `?page=exam` without a code). */
export function lastCode(): string | null {
  try {
    return storage()?.getItem(LAST) ?? null;
  } catch {
    return null;
  }
}

/** The outbox's key: one per attempt (a retake is a new attempt). */
export const outboxKey = (attemptId: string) => `${PREFIX}outbox.${attemptId}`;
