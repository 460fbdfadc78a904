/**
 * Teachers: the one-time setup link, accounts, sessions, and the audit log of their actions.
 * Functions of the hub (hub.ts calls them with itself).
 */
import type { z } from 'zod';
import { hashPassword, newId, newToken, tokenHash, verifyPassword } from './auth';
import type { Queryable } from './db/db';
import type { Hub } from './hub';
import { EXAM_RULES, HubError, type Teacher } from './model';
import type { setupBody } from './protocol';

type SetupBody = z.output<typeof setupBody>;

// A valid scrypt hash of a random password: login compares against it for unknown user names.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function hasTeacher(hub: Hub): Promise<boolean> {
  return (await hub.db.get('SELECT id FROM teachers LIMIT 1')) !== undefined;
}

/**
 * While no teacher exists: a fresh one-time setup token (the old one stops working), for the
 * link the hub prints at start. Null once a teacher exists.
 */
export async function newSetupToken(hub: Hub): Promise<string | null> {
  if (await hub.hasTeacher()) return null;
  const token = newToken();
  await hub.db.run("INSERT INTO settings (key, value) VALUES ('setup_token', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [tokenHash(token)]);
  return token;
}

/** Create the first teacher with the one-time setup token; returns a session token. */
export async function setup(hub: Hub, body: SetupBody): Promise<{ teacher: Teacher; session: string }> {
  const hash = await hashPassword(body.password);
  const teacher = await hub.db.tx(async (q) => {
    const row = await q.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'setup_token'${q.forUpdate}`);
    if (!row || row.value !== tokenHash(body.token)) throw new HubError(403, 'this setup link is not valid (it works once; restart the hub for a new one if no teacher account exists yet)');
    if (await q.get('SELECT id FROM teachers LIMIT 1')) throw new HubError(409, 'a teacher account exists already: log in');
    const t = { id: newId(), username: body.username };
    await q.run('INSERT INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)', [t.id, t.username, hash, hub.now()]);
    await q.run("DELETE FROM settings WHERE key = 'setup_token'");
    await hub.audit(q, t.id, 'setup', { username: t.username });
    return t;
  });
  return { teacher, session: await newSession(hub, teacher.id) };
}

/** Add another teacher (by a logged-in teacher). */
export async function addTeacher(hub: Hub, by: Teacher, body: { username: string; password: string }): Promise<Teacher> {
  const hash = await hashPassword(body.password);
  return hub.db.tx(async (q) => {
    if (await q.get('SELECT id FROM teachers WHERE username = ?', [body.username])) throw new HubError(409, `the user name "${body.username}" is taken`);
    const t = { id: newId(), username: body.username };
    await q.run('INSERT INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)', [t.id, t.username, hash, hub.now()]);
    await hub.audit(q, by.id, 'add-teacher', { username: t.username });
    return t;
  });
}

export async function login(hub: Hub, username: string, password: string): Promise<{ teacher: Teacher; session: string } | null> {
  const row = await hub.db.get<{ id: string; username: string; password_hash: string }>('SELECT id, username, password_hash FROM teachers WHERE username = ?', [username]);
  // Hash even for an unknown name, so the time taken does not tell which names exist.
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok) return null;
  return { teacher: { id: row.id, username: row.username }, session: await newSession(hub, row.id) };
}

export async function newSession(hub: Hub, teacherId: string): Promise<string> {
  const token = newToken();
  const now = hub.now();
  await hub.db.run('INSERT INTO sessions (token_hash, teacher_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [tokenHash(token), teacherId, now, now + EXAM_RULES.sessionMs]);
  return token;
}

export async function teacherBySession(hub: Hub, token: string | undefined): Promise<Teacher | null> {
  if (!token) return null;
  const row = await hub.db.get<Teacher & { expires_at: number }>('SELECT t.id, t.username, s.expires_at FROM sessions s JOIN teachers t ON t.id = s.teacher_id WHERE s.token_hash = ?', [tokenHash(token)]);
  if (!row || row.expires_at < hub.now()) return null;
  return { id: row.id, username: row.username };
}

export async function logout(hub: Hub, token: string): Promise<void> {
  await hub.db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash(token)]);
}

/** Record a teacher's action (shown on the exam page: GET /api/exams/:id/audit). */
export async function audit(hub: Hub, q: Queryable, teacherId: string | null, action: string, detail: unknown): Promise<void> {
  await q.run('INSERT INTO audit (id, at, teacher_id, action, detail) VALUES (?, ?, ?, ?, ?)', [newId(), hub.now(), teacherId, action, JSON.stringify(detail)]);
}
