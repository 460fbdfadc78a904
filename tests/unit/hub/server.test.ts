/**
 * The hub's HTTP API (fastify inject): who may call what, what the database keeps of secrets,
 * the security headers, and the limits (origin, body size, rate).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../../../src/hub/auth';
import { EXAM_RULES, type Hub } from '../../../src/hub/hub';
import { buildServer, SESSION_COOKIE } from '../../../src/hub/server';
import type { Db } from '../../../src/hub/db/db';
import { Clock, DRILL_ID, makeHub, removeTempDirs, tempDir } from './helpers';

const PASSWORD_A = 'correct horse battery';
const PASSWORD_B = 'another long password';
const HOST = 'hub.test:8080';

let hub: Hub;
let db: Db;
let clock: Clock;
let app: FastifyInstance;
let cookieA = '';
let cookieB = '';
let examA = { id: '', join_code: '' };
let student = { token: '', attemptId: '' };
let student2 = { token: '', attemptId: '' };

const cookieOf = (r: LightMyRequestResponse) => {
  const c = r.cookies.find((x) => x.name === SESSION_COOKIE);
  if (!c) throw new Error(`no session cookie: ${r.statusCode} ${r.body}`);
  return c.value;
};
const as = (session: string) => ({ cookie: `${SESSION_COOKIE}=${session}` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const json = <T = Record<string, unknown>>(r: LightMyRequestResponse) => r.json<T>();

async function serverOf(h: Hub, extra: Partial<Parameters<typeof buildServer>[0]> = {}) {
  const dist = tempDir();
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>livesim</title>');
  return buildServer({ hub: h, distDir: dist, publicUrl: () => `http://${HOST}`, rateLimits: { join: 1000, login: 1000 }, ...extra });
}

beforeAll(async () => {
  ({ hub, db, clock } = makeHub());
  app = await serverOf(hub);
});
afterAll(async () => {
  await app.close();
  await removeTempDirs();
});

describe('teacher accounts', () => {
  it('the setup link works once and makes a teacher whose password is kept as a scrypt hash', async () => {
    expect(json(await app.inject({ url: '/api/hub' }))).toMatchObject({ hub: true, hasTeacher: false, joinBase: `http://${HOST}` });
    const token = (await hub.newSetupToken())!;
    const replaced = (await hub.newSetupToken())!; // a restart prints a new link: the old one stops working
    expect(replaced).not.toBe(token);
    const bad = await app.inject({ method: 'POST', url: '/api/setup', payload: { token, username: 'alice', password: PASSWORD_A } });
    expect(bad.statusCode).toBe(403);
    const short = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: replaced, username: 'alice', password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(json(short).error).toContain('at least 10 characters');
    const ok = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: replaced, username: 'alice', password: PASSWORD_A } });
    expect(ok.statusCode).toBe(200);
    cookieA = cookieOf(ok);
    const c = ok.cookies.find((x) => x.name === SESSION_COOKIE)!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Strict');
    const again = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: replaced, username: 'mallory', password: PASSWORD_A } });
    expect(again.statusCode).toBe(403);
    expect(await hub.newSetupToken()).toBeNull();
    expect(json(await app.inject({ url: '/api/hub' })).hasTeacher).toBe(true);

    const rows = await db.all<{ username: string; password_hash: string }>('SELECT username, password_hash FROM teachers');
    expect(rows).toHaveLength(1);
    expect(rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(rows[0].password_hash).not.toContain(PASSWORD_A);
    // The session is kept only as its SHA-256.
    const sessions = await db.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(sessions).toEqual([{ token_hash: tokenHash(cookieA) }]);
    expect(tokenHash(cookieA)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await db.all('SELECT * FROM settings'))).not.toContain(replaced);
  });

  it('logs in with the right password only; another teacher can be added', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'alice', password: 'wrong password!' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'nobody', password: PASSWORD_A } })).statusCode).toBe(401);
    const ok = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'alice', password: PASSWORD_A } });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).teacher).toMatchObject({ username: 'alice' });
    expect(json(await app.inject({ url: '/api/me', headers: as(cookieOf(ok)) })).teacher).toMatchObject({ username: 'alice' });

    const added = await app.inject({ method: 'POST', url: '/api/teachers', headers: as(cookieA), payload: { username: 'bob', password: PASSWORD_B } });
    expect(added.statusCode).toBe(200);
    const taken = await app.inject({ method: 'POST', url: '/api/teachers', headers: as(cookieA), payload: { username: 'bob', password: PASSWORD_B } });
    expect(taken.statusCode).toBe(409);
    const bob = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'bob', password: PASSWORD_B } });
    expect(bob.statusCode).toBe(200);
    cookieB = cookieOf(bob);
  });

  it('a session logged out or expired, or a made-up one, is refused', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'alice', password: PASSWORD_A } });
    const s = cookieOf(login);
    expect((await app.inject({ url: '/api/me', headers: as(s) })).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/logout', headers: as(s) });
    expect((await app.inject({ url: '/api/me', headers: as(s) })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/me', headers: as('made-up-session-token') })).statusCode).toBe(401);
    // Expiry: the hub's clock moves past the session's life.
    const saved = clock.t;
    clock.t = saved + EXAM_RULES.sessionMs + 1;
    expect((await app.inject({ url: '/api/me', headers: as(cookieA) })).statusCode).toBe(401);
    clock.t = saved;
    expect((await app.inject({ url: '/api/me', headers: as(cookieA) })).statusCode).toBe(200);
  });
});

describe('exams, students and who may see what', () => {
  beforeAll(async () => {
    const r = await app.inject({ method: 'POST', url: '/api/exams', headers: as(cookieA), payload: { title: 'Midterm', scenario: { shipped: DRILL_ID }, timeLimitMin: 5, passMark: 60, seedPolicy: 'shared', seed: 42, language: 'en' } });
    expect(r.statusCode).toBe(200);
    const exam = json<{ exam: { id: string; join_code: string; joinUrl: string } }>(r).exam;
    expect(exam.joinUrl).toBe(`http://${HOST}/?join=${exam.join_code}`);
    examA = exam;
    const code = `${exam.join_code.slice(0, 3).toLowerCase()}-${exam.join_code.slice(3).toLowerCase()}`;
    const j1 = await app.inject({ method: 'POST', url: '/api/join', payload: { code, name: 'Li Lei', studentNo: '001', className: 'A' } });
    expect(j1.statusCode).toBe(200);
    const a1 = json<{ token: string; attempt: { attemptId: string } }>(j1);
    student = { token: a1.token, attemptId: a1.attempt.attemptId };
    const j2 = await app.inject({ method: 'POST', url: '/api/join', payload: { code: exam.join_code, name: 'Han Meimei', studentNo: '002', className: 'A' } });
    const a2 = json<{ token: string; attempt: { attemptId: string } }>(j2);
    student2 = { token: a2.token, attemptId: a2.attempt.attemptId };
  });

  const teacherRoutes = (examId: string, attemptId: string): [string, string][] => [
    ['GET', '/api/me'],
    ['GET', '/api/exams'],
    ['GET', '/api/scenarios'],
    ['POST', '/api/scenarios/check'],
    ['POST', '/api/teachers'],
    ['POST', '/api/exams'],
    ['GET', `/api/exams/${examId}`],
    ['GET', `/api/exams/${examId}/qr.svg`],
    ['GET', `/api/exams/${examId}/gradebook`],
    ['GET', `/api/exams/${examId}/gradebook.csv`],
    ['POST', `/api/exams/${examId}/end`],
    ['POST', `/api/exams/${examId}/regrade`],
    ['GET', `/api/attempts/${attemptId}/record`],
    ['POST', `/api/attempts/${attemptId}/rejoin`],
    ['POST', `/api/attempts/${attemptId}/retake`],
    ['POST', `/api/attempts/${attemptId}/void`],
  ];

  it('teacher routes refuse without a session cookie, with a student’s token, and with a bad cookie (401)', async () => {
    for (const [method, url] of teacherRoutes(examA.id, student.attemptId)) {
      for (const headers of [{}, bearer(student.token), as(student.token), as('')]) {
        const r = await app.inject({ method: method as 'GET' | 'POST', url, headers, payload: method === 'POST' ? { reason: 'x' } : undefined });
        expect({ method, url, status: r.statusCode }).toEqual({ method, url, status: 401 });
      }
    }
    // Nothing happened to the exam.
    expect(json<{ exam: { ended_at: number | null } }>(await app.inject({ url: `/api/exams/${examA.id}`, headers: as(cookieA) })).exam.ended_at).toBeNull();
  });

  it('another teacher gets 404 for the exam and its attempts, and does not see it listed', async () => {
    for (const [method, url] of teacherRoutes(examA.id, student.attemptId).slice(6)) {
      const r = await app.inject({ method: method as 'GET' | 'POST', url, headers: as(cookieB), payload: method === 'POST' ? { reason: 'because' } : undefined });
      expect({ url, status: r.statusCode }).toEqual({ url, status: 404 });
    }
    expect(json<{ exams: unknown[] }>(await app.inject({ url: '/api/exams', headers: as(cookieB) })).exams).toEqual([]);
    const mine = json<{ exams: { id: string; attempts: number }[] }>(await app.inject({ url: '/api/exams', headers: as(cookieA) })).exams;
    expect(mine.map((e) => [e.id, e.attempts])).toEqual([[examA.id, 2]]);
    // Still running, not voided or ended by bob.
    const book = json<{ rows: { status: string }[]; exam: { endedAt: number | null } }>(await app.inject({ url: `/api/exams/${examA.id}/gradebook`, headers: as(cookieA) }));
    expect(book.exam.endedAt).toBeNull();
    expect(book.rows.map((r) => r.status)).toEqual(['joined', 'joined']);
  });

  it('a student’s token reaches only its own attempt; a wrong one is refused (401)', async () => {
    const own = json<{ attempt: { attemptId: string; seed: number; name: string } }>(await app.inject({ url: '/api/attempt', headers: bearer(student.token) }));
    expect(own.attempt).toMatchObject({ attemptId: student.attemptId, seed: 42, name: 'Li Lei' });
    expect(json<{ attempt: { attemptId: string } }>(await app.inject({ url: '/api/attempt', headers: bearer(student2.token) })).attempt.attemptId).toBe(student2.attemptId);
    for (const [method, url] of [
      ['GET', '/api/attempt'],
      ['GET', '/api/attempt/entries'],
      ['POST', '/api/attempt/start'],
      ['POST', '/api/attempt/quiz'],
    ] as const) {
      for (const headers of [{}, bearer('not-a-token'), bearer(cookieA), { authorization: student.token }, as(cookieA)]) {
        const r = await app.inject({ method, url, headers, payload: method === 'POST' ? { answers: {} } : undefined });
        expect({ url, status: r.statusCode }).toEqual({ url, status: 401 });
      }
    }
    // The attempt routes take no attempt id: a query or path naming another is ignored or unknown.
    expect(json<{ attempt: { attemptId: string } }>(await app.inject({ url: `/api/attempt?id=${student2.attemptId}`, headers: bearer(student.token) })).attempt.attemptId).toBe(student.attemptId);
    expect((await app.inject({ url: `/api/attempt/${student2.attemptId}`, headers: bearer(student.token) })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/attempts/${student2.attemptId}/record`, headers: bearer(student.token) })).statusCode).toBe(401);
    // The database keeps only the token's SHA-256.
    const row = await db.get<{ token_hash: string }>('SELECT token_hash FROM attempts WHERE id = ?', [student.attemptId]);
    expect(row?.token_hash).toBe(tokenHash(student.token));
  });

  it('starting the room stamps the hub’s clock, and the entries route returns only the caller’s entries', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/attempt/start', headers: bearer(student.token) });
    expect(r.statusCode).toBe(200);
    expect(json<{ attempt: { status: string; startedAt: number; deadline: number } }>(r).attempt).toMatchObject({ status: 'live', startedAt: clock.t, deadline: clock.t + 5 * 60_000 });
    await hub.receive(student.attemptId, { type: 'entry', seq: 1, simMs: 0, wallMs: 0, entry: { kind: 'start' } });
    expect(json<{ entries: { seq: number }[] }>(await app.inject({ url: '/api/attempt/entries', headers: bearer(student.token) })).entries.map((e) => e.seq)).toEqual([1]);
    expect(json<{ entries: unknown[] }>(await app.inject({ url: '/api/attempt/entries', headers: bearer(student2.token) })).entries).toEqual([]);
    // The quiz waits for the end of the run.
    expect((await app.inject({ method: 'POST', url: '/api/attempt/quiz', headers: bearer(student.token), payload: { answers: {} } })).statusCode).toBe(409);
  });

  it('join refusals: a name with invisible characters (400), a second join (409), a bad code (404)', async () => {
    const inv = await app.inject({ method: 'POST', url: '/api/join', payload: { code: examA.join_code, name: 'Li\u200BLei', studentNo: '003', className: 'A' } });
    expect(inv.statusCode).toBe(400);
    expect(json(inv).error).toContain('invisible or control characters');
    expect((await app.inject({ method: 'POST', url: '/api/join', payload: { code: examA.join_code, name: 'Li Lei', studentNo: '001', className: 'A' } })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: '/api/join', payload: { code: '222222', name: 'x', studentNo: '9', className: 'A' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/join', payload: 'not json', headers: { 'content-type': 'application/json' } })).statusCode).toBe(400);
  });

  it('teacher B’s own exam is B’s: A gets 404 for it', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/exams', headers: as(cookieB), payload: { title: 'B', scenario: { shipped: DRILL_ID }, timeLimitMin: 5, passMark: 60, seedPolicy: 'per-student', language: 'zh' } });
    const id = json<{ exam: { id: string } }>(r).exam.id;
    expect((await app.inject({ url: `/api/exams/${id}`, headers: as(cookieB) })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/exams/${id}`, headers: as(cookieA) })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/exams/${id}/qr.svg`, headers: as(cookieB) })).headers['content-type']).toContain('image/svg+xml');
  });
});

describe('limits and headers', () => {
  it('a state-changing request from a foreign Origin is refused (403); the hub’s own Origin passes', async () => {
    const payload = { username: 'alice', password: 'wrong password!' };
    const foreign = await app.inject({ method: 'POST', url: '/api/login', headers: { origin: 'https://evil.example', host: HOST }, payload });
    expect(foreign.statusCode).toBe(403);
    const spoof = await app.inject({ method: 'POST', url: `/api/exams/${examA.id}/end`, headers: { ...as(cookieA), origin: `http://${HOST}.evil.example`, host: HOST } });
    expect(spoof.statusCode).toBe(403);
    const garbage = await app.inject({ method: 'POST', url: '/api/logout', headers: { origin: 'not a url', host: HOST } });
    expect(garbage.statusCode).toBe(403);
    const own = await app.inject({ method: 'POST', url: '/api/login', headers: { origin: `http://${HOST}`, host: HOST }, payload });
    expect(own.statusCode).toBe(401); // past the origin check: refused for the password
    expect(json<{ exam: { ended_at: number | null } }>(await app.inject({ url: `/api/exams/${examA.id}`, headers: as(cookieA) })).exam.ended_at).toBeNull();
  });

  it('an oversize body is refused with 413', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/scenarios/check', headers: as(cookieA), payload: { yaml: 'x'.repeat(600 * 1024) } });
    expect(r.statusCode).toBe(413);
    expect(json(r).error).toBeTruthy();
  });

  it('joins beyond the per-minute limit are refused with 429', async () => {
    const limited = await serverOf(hub, { rateLimits: { join: 3, login: 2 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.inject({ method: 'POST', url: '/api/join', payload: { code: '222222', name: 'x', studentNo: `r${i}`, className: 'A' } })).statusCode);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
      const logins: number[] = [];
      for (let i = 0; i < 3; i++) logins.push((await limited.inject({ method: 'POST', url: '/api/login', payload: { username: 'x', password: 'y' } })).statusCode);
      expect(logins).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  const expectSecurityHeaders = (r: LightMyRequestResponse) => {
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  };

  it('the app’s page, API answers and refusals carry the security headers', async () => {
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>livesim</title>');
    expectSecurityHeaders(page);
    const api = await app.inject({ url: '/api/hub' });
    expectSecurityHeaders(api);
    expect(api.headers['cache-control']).toBe('no-store');
    const refused = await app.inject({ url: '/api/me' });
    expect(refused.statusCode).toBe(401);
    expectSecurityHeaders(refused);
    const missing = await app.inject({ url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expectSecurityHeaders(missing);
    expectSecurityHeaders(await app.inject({ url: `/api/exams/${examA.id}/gradebook.csv`, headers: as(cookieA) }));
  });

  it('the gradebook CSV downloads as an attachment', async () => {
    const r = await app.inject({ url: `/api/exams/${examA.id}/gradebook.csv`, headers: as(cookieA) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="gradebook-${examA.join_code}.csv"`);
    expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
