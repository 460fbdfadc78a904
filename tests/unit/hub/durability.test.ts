/**
 * The hub's database survives the hub: what was acknowledged is on disk whether or not the hub
 * shut down (even killed with SIGKILL), attempts resume where the hub left them, migrations run
 * once, and a database from a newer livesim is refused.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateSqlite, openSqlite } from '../../../src/hub/db/db';
import { MIGRATIONS } from '../../../src/hub/db/migrations';
import { Hub, type AttemptRow } from '../../../src/hub/hub';
import { Clock, createDrillExam, entry, joinAs, makeHub, makeTeacher, removeTempDirs, ROOT, scenariosDir, tempDir } from './helpers';

afterAll(removeTempDirs);

const say = (seq: number) => entry(seq, { kind: 'action', action: { t: seq * 100, type: 'say', text: `line ${seq}` } }, seq * 100);

describe('durability', () => {
  it('a hub dropped without shutting down leaves every acked entry, and its attempt resumes from the acked seq', async () => {
    const dir = tempDir();
    const clock = new Clock();
    const first = makeHub(openSqlite(dir), clock);
    const teacher = await makeTeacher(first.db, 't');
    const exam = await createDrillExam(first.hub, teacher);
    const { token, attempt } = await joinAs(first.hub, exam);
    await first.hub.start(attempt);
    clock.advance(10_000);
    for (let seq = 1; seq <= 25; seq++) expect(await first.hub.receive(attempt.id, say(seq))).toEqual({ type: 'ack', seq });
    // No close, no shutdown: the hub object and its connection are simply left behind.

    const second = new Hub(openSqlite(dir), { scenariosDir: scenariosDir(), appVersion: 'x', now: clock.now });
    const again = (await second.attemptByToken(token))!;
    expect(again.id).toBe(attempt.id);
    expect(again.acked).toBe(25);
    expect(again.status).toBe('live');
    expect((await second.attemptInfo(again)).acked).toBe(25);
    const held = await second.entries(attempt.id);
    expect(held.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(held[24].body).toEqual({ kind: 'action', action: { t: 2500, type: 'say', text: 'line 25' } });
    // The page resends what it had not seen acknowledged, and carries on.
    expect(await second.receive(attempt.id, say(25))).toEqual({ type: 'ack', seq: 25 });
    expect(await second.receive(attempt.id, say(27))).toMatchObject({ type: 'refused', code: 'gap', expected: 26 });
    expect(await second.receive(attempt.id, say(26))).toEqual({ type: 'ack', seq: 26 });
    await second.db.close();
    await first.db.close();
  });

  it('a hub killed with SIGKILL mid-stream loses no acknowledged entry', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/unit/hub/crash-writer.ts'), dir, scenariosDir()], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/ack 200\n/.test(out)) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`the writer exited early: ${err}`)));
    });
    expect(await exited).toBe('SIGKILL');
    const lines = out.split('\n').filter(Boolean);
    const { token, attemptId } = JSON.parse(lines[0]) as { token: string; attemptId: string };
    const lastAck = Math.max(...lines.slice(1).map((l) => Number(/^ack (\d+)$/.exec(l)?.[1] ?? 0)));
    expect(lastAck).toBeGreaterThanOrEqual(200);

    const db = openSqlite(dir);
    const hub = new Hub(db, { scenariosDir: scenariosDir(), appVersion: 'x' });
    const a = (await hub.attemptByToken(token))!;
    expect(a.id).toBe(attemptId);
    const seqs = (await hub.entries(a.id)).map((e) => e.seq);
    // Every acknowledged entry is there, in order and without holes; `acked` agrees with the entries.
    expect(seqs.length).toBeGreaterThanOrEqual(lastAck);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(a.acked).toBe(seqs.length);
    await db.close();
  }, 30_000);

  it('migrations run once: reopening applies none and keeps one row per migration', async () => {
    const dir = tempDir();
    await openSqlite(dir).close();
    await openSqlite(dir).close();
    const raw = new Database(path.join(dir, 'hub.sqlite'));
    expect(migrateSqlite(raw)).toEqual([]);
    const rows = raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const db = openSqlite(dir);
    expect(await db.schemaVersion()).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    // synchronous = FULL (2) on the hub's own connection.
    expect(await db.get<{ synchronous: number }>('PRAGMA synchronous')).toEqual({ synchronous: 2 });
    await db.close();
  });

  it('a later migration is applied on open, in order, after the ones the database has', () => {
    const raw = new Database(':memory:');
    expect(migrateSqlite(raw)).toEqual(MIGRATIONS.map((m) => m.version));
    const next = { version: 1000, name: 'a test column', sql: 'ALTER TABLE exams ADD COLUMN test_note TEXT;' };
    expect(migrateSqlite(raw, [...MIGRATIONS, next])).toEqual([1000]);
    expect(migrateSqlite(raw, [...MIGRATIONS, next])).toEqual([]);
    expect((raw.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length + 1);
    raw.close();
  });

  it('a database whose schema is newer than this livesim is refused with a clear message', async () => {
    const dir = tempDir();
    await openSqlite(dir).close();
    const raw = new Database(path.join(dir, 'hub.sqlite'));
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'from the future', 0);
    raw.close();
    expect(() => openSqlite(dir)).toThrow(`schema is version 999, newer than this livesim knows (${Math.max(...MIGRATIONS.map((m) => m.version))}): update livesim, or use another data folder`);
  });

  it('closed attempts left ungraded by a stopped hub are graded by the next sweep', async () => {
    const dir = tempDir();
    const first = makeHub(openSqlite(dir));
    const teacher = await makeTeacher(first.db, 't');
    const exam = await createDrillExam(first.hub, teacher);
    const { attempt } = await joinAs(first.hub, exam);
    await first.hub.start(attempt);
    // The finish is on disk, but the hub stops before its grade is stored.
    await first.db.tx(async (q) => {
      await q.run("UPDATE attempts SET status = 'submitted', ended_at = ? WHERE id = ?", [first.clock.t, attempt.id]);
    });
    await first.db.close();
    const second = makeHub(openSqlite(dir));
    expect(await second.hub.grades(attempt.id)).toEqual([]);
    expect(await second.hub.sweep()).toBe(0);
    expect(await second.hub.grades(attempt.id)).toHaveLength(1);
    expect((await second.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attempt.id]))?.status).toBe('submitted');
    await second.db.close();
  });
});
