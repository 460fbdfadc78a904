/**
 * Several hub processes on one PostgreSQL database (only in the `hub-pg` vitest project): two
 * Hub objects with pools of their own stand for two processes. Students are split across them;
 * the teacher ends the exam on one and both pages hear it; a rejoin on one cuts the old page on
 * the other; entries of one attempt arriving at both at once are stored once each, in order;
 * two sweeps at once grade each attempt once. Also the store itself: migrations applied once by
 * two hubs starting together, a newer schema refused, BIGINT as numbers, the event connection
 * coming back after it was cut.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../../src/hub/db/pg';
import { MIGRATIONS } from '../../../src/hub/db/migrations';
import type { HubEvent } from '../../../src/hub/events';
import { EXAM_RULES, type AttemptRow, type FlagRow, type GradeRow, type Hub } from '../../../src/hub/hub';
import { buildServer } from '../../../src/hub/server';
import { Clock, createDrillExam, entry, joinAs, makeHub, makeTeacher, removeTempDirs, testPgDb, testPgUrl, within, WsClient } from './helpers';

const apps: FastifyInstance[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await removeTempDirs();
});

/** Two hubs (pools, event connections and servers of their own) on one fresh schema, one clock. */
async function twoHubs() {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const clock = new Clock();
  const made = [testPgDb(schema), testPgDb(schema)].map((db) => makeHub(db, clock));
  // Both start together: the migrations run under the advisory lock, once.
  await Promise.all(made.map((m) => m.db.schemaVersion()));
  const hubs = await Promise.all(
    made.map(async ({ hub, db }) => {
      const app = await buildServer({ hub, publicUrl: () => 'http://127.0.0.1' });
      apps.push(app);
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      await (db as ReturnType<typeof testPgDb>).events().listen();
      return { hub, db: db as ReturnType<typeof testPgDb>, ws: `${address.replace('http', 'ws')}/api/ws` };
    }),
  );
  const teacher = await makeTeacher(hubs[0].db, 't');
  const exam = await createDrillExam(hubs[0].hub, teacher);
  return { a: hubs[0], b: hubs[1], clock, schema, teacher, exam };
}

async function liveOn(hub: Hub, exam: Parameters<typeof joinAs>[1], studentNo?: string) {
  const { token, attempt } = await joinAs(hub, exam, { studentNo });
  return { token, attempt: await hub.start(attempt) };
}

const say = (seq: number) => entry(seq, { kind: 'action', action: { t: seq * 10, type: 'say', text: `line ${seq}` } }, seq * 10);

describe('two hub processes on one database', () => {
  it('apply the migrations once when they start together', async () => {
    const { a } = await twoHubs();
    const rows = await a.db.all<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    // BIGINT and COUNT(*) are numbers, not node-postgres's default strings.
    const n = await a.db.get<{ n: unknown; v: unknown }>('SELECT COUNT(*) AS n, MAX(applied_at) AS v FROM schema_migrations');
    expect(typeof n?.n).toBe('number');
    expect(typeof n?.v).toBe('number');
  });

  it('refuse a database whose schema a newer livesim wrote, with the same message as SQLite', async () => {
    const { a, schema } = await twoHubs();
    await a.db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [999, 'from the future', 0]);
    await expect(openPostgres(testPgUrl(), { schema })).rejects.toThrow(`the database's schema is version 999, newer than this livesim knows (${Math.max(...MIGRATIONS.map((m) => m.version))}): update livesim, or use another database`);
  });

  it('students on both hubs hear "closed" when the teacher ends the exam on one of them', async () => {
    const { a, b, teacher, exam } = await twoHubs();
    const onA = await liveOn(a.hub, exam);
    const onB = await liveOn(b.hub, exam);
    const pageA = await WsClient.open(a.ws);
    const pageB = await WsClient.open(b.ws);
    expect(await pageA.hello(onA.token)).toMatchObject({ type: 'welcome' });
    expect(await pageB.hello(onB.token)).toMatchObject({ type: 'welcome' });
    expect(await pageA.ask(entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    expect(await pageB.ask(entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    await a.hub.endExam(teacher, exam.id);
    expect(await within(pageA.next())).toMatchObject({ type: 'closed', status: 'closed', message: 'the teacher ended the exam' });
    expect(await within(pageB.next())).toMatchObject({ type: 'closed', status: 'closed', message: 'the teacher ended the exam' });
    // And a join on the other hub after the end is refused.
    await expect(joinAs(b.hub, exam)).rejects.toMatchObject({ status: 410 });
    pageA.close();
    pageB.close();
  });

  it('a rejoin on one hub cuts the old page connected to the other', async () => {
    const { a, b, teacher, exam } = await twoHubs();
    const first = await liveOn(b.hub, exam, 'moved-1');
    const old = await WsClient.open(b.ws);
    await old.hello(first.token);
    await a.hub.allowRejoin(teacher, first.attempt.id);
    const again = await joinAs(a.hub, exam, { studentNo: 'moved-1' });
    expect(again.attempt.id).toBe(first.attempt.id);
    expect((await within(old.closed)).code).toBe(4003);
    const moved = await WsClient.open(a.ws);
    expect(await moved.hello(again.token)).toMatchObject({ type: 'welcome', attempt: { attemptId: first.attempt.id } });
    moved.close();
  });

  it('entries of one attempt arriving at both hubs at once are stored once each, none skipped', async () => {
    const { a, b, exam } = await twoHubs();
    const { attempt } = await liveOn(a.hub, exam);
    const N = 60;
    // The same seq at both hubs at the same moment: both acknowledge it, one row holds it.
    for (let seq = 1; seq <= 20; seq++) expect(await Promise.all([a.hub.receive(attempt.id, say(seq)), b.hub.receive(attempt.id, say(seq))])).toEqual([{ type: 'ack', seq }, { type: 'ack', seq }]);
    // Two pages of the attempt racing through the rest, one per hub, each resending from where the hub says.
    const page = async (hub: Hub) => {
      let seq = 21;
      while (seq <= N) {
        const r = await hub.receive(attempt.id, say(seq));
        if (r.type === 'ack') seq++;
        else if (r.type === 'refused' && r.code === 'gap') seq = r.expected!;
        else throw new Error(`unexpected answer ${JSON.stringify(r)}`);
      }
    };
    await Promise.all([page(a.hub), page(b.hub)]);
    const seqs = (await a.hub.entries(attempt.id)).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect((await a.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attempt.id]))?.acked).toBe(N);
    expect(await a.db.all<FlagRow>("SELECT * FROM flags WHERE attempt_id = ? AND kind = 'conflict'", [attempt.id])).toEqual([]);
  });

  it('two sweeps at once close and grade each attempt once; two graders of one attempt keep one grade', async () => {
    const { a, b, clock, exam } = await twoHubs();
    const live = [];
    for (let i = 0; i < 4; i++) live.push((await liveOn(i % 2 ? b.hub : a.hub, exam)).attempt);
    clock.t = live[0].deadline! + EXAM_RULES.lateGraceMs + 1;
    const closed = await Promise.all([a.hub.sweep(), b.hub.sweep(), a.hub.sweep()]);
    expect(closed.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(4);
    for (const at of live) {
      const grades = await a.db.all<GradeRow>('SELECT * FROM grades WHERE attempt_id = ?', [at.id]);
      expect(grades.map((g) => g.n)).toEqual([1]);
      expect((await a.db.all<FlagRow>("SELECT * FROM flags WHERE attempt_id = ? AND kind = 'no-finish'", [at.id])).length).toBe(1);
      expect((await a.db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [at.id]))?.status).toBe('timed-out');
    }
    // A finished attempt both hubs try to grade at the same moment (a sweep beside the finish).
    const done = await liveOn(a.hub, exam);
    clock.t = done.attempt.started_at! + 1000;
    expect(await a.hub.receive(done.attempt.id, entry(1, { kind: 'finish' }))).toEqual({ type: 'ack', seq: 1 });
    await Promise.all([a.hub.gradeAttemptOnce(done.attempt.id), b.hub.gradeAttemptOnce(done.attempt.id), b.hub.sweep()]);
    expect((await a.hub.grades(done.attempt.id)).map((g) => g.n)).toEqual([1]);
  });

  it('the event connection comes back after PostgreSQL cut it', async () => {
    const { a, b } = await twoHubs();
    const heard: HubEvent[] = [];
    a.hub.events.subscribe((e) => heard.push(e));
    const bus = a.db.events();
    const pid = (bus.connection as unknown as { processID: number }).processID;
    await b.db.run('SELECT pg_terminate_backend(?)', [pid]);
    const e: HubEvent = { kind: 'attempt', attemptId: 'x', examId: 'y' };
    // Sent while the connection is down, an event is lost: send until one arrives over the new connection.
    await expect
      .poll(
        () => {
          b.hub.events.publish(e);
          return heard.length > 0;
        },
        { timeout: 15_000, interval: 300 },
      )
      .toBe(true);
    expect(heard[0]).toEqual(e);
    expect((bus.connection as unknown as { processID: number }).processID).not.toBe(pid);
  });
});
