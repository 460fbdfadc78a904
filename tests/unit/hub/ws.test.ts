/**
 * The attempt's WebSocket (/api/ws) on a real port: the hello with the attempt token, entries and
 * acks, refusals of malformed messages without a crash, one page per attempt, a rejoin from
 * another computer, the teacher ending the exam, and a whole expert run graded by the hub.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../../src/engine';
import { gradeAttempt } from '../../../src/hub/grade';
import type { AttemptRow, ExamRow, FlagRow, Hub, Teacher } from '../../../src/hub/hub';
import { HUB_PROTOCOL } from '../../../src/hub/protocol';
import { buildServer } from '../../../src/hub/server';
import type { Db } from '../../../src/hub/db/db';
import { Clock, createDrillExam, drill, entry, expertActions, joinAs, makeHub, makeTeacher, removeTempDirs, within, WsClient } from './helpers';

let hub: Hub;
let db: Db;
let clock: Clock;
let app: FastifyInstance;
let url = '';
let teacher: Teacher;
let exam: ExamRow;

beforeAll(async () => {
  ({ hub, db, clock } = makeHub());
  app = await buildServer({ hub, publicUrl: () => 'http://127.0.0.1' });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  url = `${address.replace('http', 'ws')}/api/ws`;
  teacher = await makeTeacher(db, 't');
  exam = await createDrillExam(hub, teacher, { seed: 21 });
});
afterAll(async () => {
  await app.close();
  await removeTempDirs();
});

/** A test client of this file's hub (helpers.ts WsClient). */
const Client = { open: () => WsClient.open(url) };

async function liveStudent(studentNo?: string) {
  const { token, attempt } = await joinAs(hub, exam, { studentNo });
  const live = await hub.start(attempt);
  return { token, attempt: live };
}

const row = async (id: string) => (await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [id]))!;
const flags = (id: string) => db.all<FlagRow>('SELECT * FROM flags WHERE attempt_id = ? ORDER BY at', [id]);

describe('the hello', () => {
  it('a wrong token gets an error and the socket is closed with 4001', async () => {
    const c = await Client.open();
    expect(await c.hello('not-a-token')).toEqual({ type: 'error', message: 'this exam link is not valid: join again with the code' });
    expect((await within(c.closed)).code).toBe(4001);
  });

  it('another protocol version is told to reload and closed with 4002', async () => {
    const { token } = await liveStudent();
    const c = await Client.open();
    c.send({ type: 'hello', protocol: HUB_PROTOCOL + 1, token });
    expect(await c.next()).toMatchObject({ type: 'error', message: expect.stringContaining('reload the page') });
    expect((await within(c.closed)).code).toBe(4002);
  });

  it('entries before a hello are refused; the right token gets a welcome with the attempt', async () => {
    const { token, attempt } = await liveStudent();
    const c = await Client.open();
    expect(await c.ask(entry(1, { kind: 'start' }))).toEqual({ type: 'error', message: 'say hello with the attempt token first' });
    const w = await c.hello(token);
    expect(w.type).toBe('welcome');
    if (w.type !== 'welcome') return;
    expect(w.attempt).toMatchObject({ attemptId: attempt.id, seed: 21, status: 'live', acked: 0, startedAt: attempt.started_at, deadline: attempt.deadline, serverNow: clock.t, engineVersion: ENGINE_VERSION, scenarioId: 'drill-stream-drop-5min' });
    expect(w.attempt.scenarioYaml).toContain('drill-stream-drop-5min');
    expect(await c.ask(entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    expect((await row(attempt.id)).acked).toBe(1);
    c.close();
  });
});

describe('malformed messages are answered, not fatal', () => {
  it('bad JSON, wrong shapes, binary frames and oversize entries each get an answer and the socket carries on', async () => {
    const { token } = await liveStudent();
    const c = await Client.open();
    await c.hello(token);
    expect(await c.ask('{not json')).toEqual({ type: 'error', message: 'a message must be JSON' });
    expect(await c.ask('null')).toMatchObject({ type: 'error' });
    expect(await c.ask('[1,2]')).toMatchObject({ type: 'error' });
    expect(await c.ask({ type: 'nonsense' })).toMatchObject({ type: 'error' });
    expect(await c.ask({ type: 'entry', seq: 1, simMs: 0, wallMs: 0, entry: { kind: 'teleport' } })).toMatchObject({ type: 'refused', seq: 1, code: 'invalid' });
    expect(await c.ask({ type: 'entry', seq: 1, simMs: -5, wallMs: 0, entry: { kind: 'start' } })).toMatchObject({ type: 'refused', seq: 1, code: 'invalid' });
    expect(await c.ask({ type: 'entry', seq: 1, simMs: 0, wallMs: 0, entry: { kind: 'action', action: { t: 1.5, type: 'say' } } })).toMatchObject({ type: 'refused', code: 'invalid' });
    expect(await c.ask({ type: 'entry', seq: 20_001, simMs: 0, wallMs: 0, entry: { kind: 'start' } })).toMatchObject({ type: 'refused', code: 'invalid' });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next()).toEqual({ type: 'error', message: 'a message must be JSON text' });
    expect(await c.ask({ type: 'ping' })).toEqual({ type: 'pong', serverNow: clock.t });
    expect(await c.ask(entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    c.close();
  });

  it('a message over the size limit closes that socket only; the hub keeps serving', async () => {
    const { token } = await liveStudent();
    const c = await Client.open();
    await c.hello(token);
    c.send(entry(1, { kind: 'action', action: { t: 0, type: 'say', text: 'x'.repeat(20 * 1024) } }));
    expect((await within(c.closed)).code).toBe(1009);
    const d = await Client.open();
    expect((await d.hello(token)).type).toBe('welcome');
    expect(await d.ask(entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    d.close();
  });
});

describe('one page per attempt', () => {
  it('a second socket for the attempt closes the first with 4003, and the second carries on', async () => {
    const { token, attempt } = await liveStudent();
    const a = await Client.open();
    await a.hello(token);
    expect(await a.ask(entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    const b = await Client.open();
    const w = await b.hello(token);
    expect(w).toMatchObject({ type: 'welcome', attempt: { acked: 1 } });
    expect((await within(a.closed)).code).toBe(4003);
    expect(await b.ask(entry(2, { kind: 'flag', flag: 'hidden' }))).toEqual({ type: 'ack', seq: 2 });
    expect((await row(attempt.id)).acked).toBe(2);
    b.close();
  });

  it('a rejoin from another computer drops the old page: its socket is closed and its token refused', async () => {
    const first = await liveStudent('rejoin-1');
    const old = await Client.open();
    await old.hello(first.token);
    expect(await old.ask(entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    await hub.allowRejoin(teacher, first.attempt.id);
    const again = await joinAs(hub, exam, { studentNo: 'rejoin-1' });
    expect(again.attempt.id).toBe(first.attempt.id);
    // What the old page still sends is not stored.
    old.send(entry(2, { kind: 'flag', flag: 'hidden' }));
    // The old page is cut off before the new one even connects.
    expect((await within(old.closed)).code).toBe(4003);
    const retry = await Client.open();
    expect(await retry.hello(first.token)).toMatchObject({ type: 'error' });
    expect((await within(retry.closed)).code).toBe(4001);
    const moved = await Client.open();
    expect(await moved.hello(again.token)).toMatchObject({ type: 'welcome', attempt: { attemptId: first.attempt.id, acked: 1 } });
    expect(await moved.ask(entry(2, { kind: 'flag', flag: 'visible' }))).toEqual({ type: 'ack', seq: 2 });
    expect((await hub.entries(first.attempt.id)).map((e) => [e.seq, e.body])).toEqual([
      [1, { kind: 'start' }],
      [2, { kind: 'flag', flag: 'visible' }],
    ]);
    expect((await flags(first.attempt.id)).map((f) => f.kind)).toEqual(['rejoined']);
    moved.close();
  });

  it('a reconnect 15 s or more after the socket dropped is flagged as a disconnect', async () => {
    const { token, attempt } = await liveStudent();
    const a = await Client.open();
    await a.hello(token);
    await a.ask(entry(1, { kind: 'start' }));
    a.close();
    await a.closed;
    // The hub marks the page last seen when its socket closes.
    await expect.poll(async () => (await row(attempt.id)).last_seen).toBe(clock.t);
    clock.advance(16_000);
    const b = await Client.open();
    await b.hello(token);
    const f = await flags(attempt.id);
    expect(f.map((x) => [x.kind, JSON.parse(x.detail).seconds])).toEqual([['disconnect', 16]]);
    // A quick reconnect is not.
    b.close();
    await b.closed;
    await expect.poll(async () => (await row(attempt.id)).last_seen).toBe(clock.t);
    clock.advance(3000);
    const c = await Client.open();
    await c.hello(token);
    expect(await flags(attempt.id)).toHaveLength(1);
    c.close();
  });
});

describe('a whole attempt over the socket', () => {
  it('an expert run streamed with the hub clock following it is submitted on finish and graded as offline', async () => {
    const { token, attempt } = await liveStudent();
    const c = await Client.open();
    await c.hello(token);
    const actions = expertActions(21);
    let seq = 1;
    expect(await c.ask(entry(seq, { kind: 'start' }))).toEqual({ type: 'ack', seq });
    for (const a of actions) {
      clock.t = Math.max(clock.t, attempt.started_at! + a.t);
      seq++;
      expect(await c.ask(entry(seq, { kind: 'action', action: a }, a.t))).toEqual({ type: 'ack', seq });
    }
    clock.t = attempt.started_at! + 300_000;
    seq++;
    expect(await c.ask(entry(seq, { kind: 'finish' }, 300_000))).toEqual({ type: 'ack', seq });
    expect((await row(attempt.id)).status).toBe('submitted');
    await hub.gradeAttemptOnce(attempt.id);
    const [g] = await hub.grades(attempt.id);
    const want = gradeAttempt({ scenario: drill(), seed: 21, engineVersion: ENGINE_VERSION, timeLimitMs: 300_000, passMark: 60, actions });
    expect(g.digest).toBe(want.digest);
    expect(g.total).toBe(want.total);
    // Entries after the finish are refused as closed.
    expect(await c.ask(entry(seq + 1, { kind: 'flag', flag: 'hidden' }))).toMatchObject({ type: 'refused', code: 'closed' });
    expect(await flags(attempt.id)).toEqual([]);
    c.close();
  });

  it('the teacher ending the exam tells the open page its attempt is closed, and then refuses its entries', async () => {
    const other = await createDrillExam(hub, teacher, { seed: 22 });
    const { token, attempt } = await joinAs(hub, other);
    await hub.start(attempt);
    const c = await Client.open();
    await c.hello(token);
    expect(await c.ask(entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    await hub.endExam(teacher, other.id);
    expect(await c.next()).toEqual({ type: 'closed', status: 'closed', message: 'the teacher ended the exam' });
    expect(await c.ask(entry(2, { kind: 'finish' }))).toMatchObject({ type: 'refused', code: 'closed', message: 'the attempt is over' });
    expect(await hub.grades(attempt.id)).toHaveLength(1);
    c.close();
  });
});
