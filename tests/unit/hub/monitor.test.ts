/**
 * The teacher's live class view (src/hub/monitor.ts) and the actions on one attempt
 * (src/hub/proctor.ts): the live rows follow the hub's own re-simulation, a backdated action
 * rebuilds the engine, extra time moves the deadline, ending one attempt closes and grades it, and
 * every action is in the exam's audit log.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSim, type ActionInput } from '../../../src/engine';
import type { HubEvent } from '../../../src/hub/events';
import { EXAM_RULES, type AttemptRow } from '../../../src/hub/hub';
import { Monitor, type LiveRow } from '../../../src/hub/monitor';
import { endAttempt, examAudit, extendAttempt } from '../../../src/hub/proctor';
import { buildServer, SESSION_COOKIE } from '../../../src/hub/server';
import { createDrillExam, drill, entry, expertActions, joinAs, makeHub, makeSession, makeTeacher, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const SEED = 7;

async function liveExam(timeLimitMin = 5) {
  const { hub, db, clock } = makeHub();
  const teacher = await makeTeacher(db, 'teacher');
  const exam = await createDrillExam(hub, teacher, { timeLimitMin, seed: SEED });
  const { token, attempt } = await joinAs(hub, exam, { name: 'Ann', studentNo: 'A1' });
  const started = await hub.start(attempt);
  const monitor = new Monitor(hub, { minTickMs: 0, scoreEveryMs: 5_000 });
  const events: HubEvent[] = [];
  hub.events.subscribe((e) => events.push(e));
  return { hub, db, clock, teacher, exam, token, attempt: started, monitor, events };
}

/** The engine advanced offline to the row's sim time with the actions the hub holds. */
function offline(actions: readonly ActionInput[], simMs: number, limitMs = 5 * 60_000) {
  const sim = createSim(drill(), { seed: SEED });
  for (const a of actions) if (a.t < limitMs) sim.dispatch({ ...a });
  sim.advanceTo(simMs);
  const m = sim.metrics();
  return { now: sim.now, gmv: m.gmv, orders: m.orders, online: sim.online };
}

const rowOf = (rows: LiveRow[], id: string) => rows.find((r) => r.attemptId === id)!;

describe('the live class view', () => {
  it("a bot's actions streamed: the row's sim time, GMV and orders equal an offline sim at that time; a backdated action rebuilds and still matches", async () => {
    const { hub, clock, teacher, exam, attempt, monitor } = await liveExam();
    const start = attempt.started_at!;
    const bot = expertActions(SEED).filter((a) => a.t < 4 * 60_000);
    let seq = 0;
    const sent: ActionInput[] = [];
    let checks = 0;
    let sawViewers = false; // the drill (a stream drop) sells nothing: the viewers are what moves
    for (const a of bot) {
      clock.t = start + a.t + 40;
      expect(await hub.receive(attempt.id, entry(++seq, { kind: 'action', action: a }, a.t, clock.t))).toEqual({ type: 'ack', seq });
      sent.push(a);
      if (seq % 7 !== 0) continue;
      clock.advance(500);
      const live = await monitor.live(teacher, exam.id);
      const row = rowOf(live.rows, attempt.id);
      // Whole ticks (0.1 s) up to the hub's clock since the start.
      expect(row.simMs).toBe(Math.floor((clock.t - start) / 100) * 100);
      const off = offline(sent, row.simMs!);
      expect(row.simMs).toBe(off.now);
      expect({ gmv: row.gmv, orders: row.orders, online: row.online }).toEqual({ gmv: off.gmv, orders: off.orders, online: off.online });
      expect(row.connected).toBe(true);
      if (row.online > 0) sawViewers = true;
      checks++;
    }
    expect(checks).toBeGreaterThan(3);
    expect(sawViewers).toBe(true);
    const before = monitor.stats().rebuilds;
    // A resend after a drop: an action timed 40 s before the engine's time.
    const row0 = rowOf((await monitor.live(teacher, exam.id)).rows, attempt.id);
    const late: ActionInput = { t: row0.simMs! - 40_000, type: 'say', text: 'sorry, I was offline: the price is 39 yuan' } as ActionInput;
    expect(await hub.receive(attempt.id, entry(++seq, { kind: 'action', action: late }, late.t, clock.t))).toEqual({ type: 'ack', seq });
    sent.push(late);
    clock.advance(1000);
    const row = rowOf((await monitor.live(teacher, exam.id)).rows, attempt.id);
    expect(monitor.stats().rebuilds).toBe(before + 1);
    const off = offline(sent, row.simMs!);
    expect({ now: row.simMs, gmv: row.gmv, orders: row.orders, online: row.online }).toEqual({ now: off.now, gmv: off.gmv, orders: off.orders, online: off.online });
    // The provisional score came (every 5 s of hub time here), and the flags are the hub's.
    clock.advance(6000);
    const scored = rowOf((await monitor.live(teacher, exam.id)).rows, attempt.id);
    expect(scored.score).toMatchObject({ final: false });
    expect(scored.score!.total).toBeGreaterThan(0);
    expect(scored.flags.map((f) => f.kind)).toContain('backdated');
    monitor.stop();
  });

  it('the connection state comes from attempts.last_seen; a page silent for 12 s shows as silent', async () => {
    const { hub, clock, teacher, exam, attempt, monitor } = await liveExam();
    clock.advance(3000);
    await hub.seen(attempt.id);
    let row = rowOf((await monitor.live(teacher, exam.id)).rows, attempt.id);
    expect(row).toMatchObject({ connected: true, silentSec: 0 });
    clock.advance(20_000);
    row = rowOf((await monitor.live(teacher, exam.id)).rows, attempt.id);
    expect(row).toMatchObject({ connected: false, silentSec: 20 });
    // Another hub process's monitor (same database) sees the same.
    const other = new Monitor(hub, { minTickMs: 0 });
    expect(rowOf((await other.live(teacher, exam.id)).rows, attempt.id)).toMatchObject({ connected: false, silentSec: 20, simMs: row.simMs });
  });
});

describe("the teacher's actions on one attempt", () => {
  it('extra time moves the deadline and the time limit; late entries inside the new deadline are accepted and graded', async () => {
    const { hub, db, clock, teacher, exam, attempt, monitor, events } = await liveExam(1);
    const start = attempt.started_at!;
    expect(attempt.deadline).toBe(start + 60_000);
    clock.advance(30_000);
    const r = await extendAttempt(hub, teacher, attempt.id, 2, 'fire drill');
    expect(r).toEqual({ deadline: start + 180_000, extraMs: 120_000 });
    expect(events).toContainEqual({ kind: 'attempt', attemptId: attempt.id, examId: exam.id });
    const row = (await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attempt.id]))!;
    expect(row.deadline).toBe(start + 180_000);
    const info = await hub.attemptInfo(row);
    expect(info).toMatchObject({ deadline: start + 180_000, timeLimitMs: 180_000 });
    // Past the old deadline and its grace, inside the new deadline.
    clock.t = start + 60_000 + EXAM_RULES.lateGraceMs + 30_000;
    const say: ActionInput = { t: 150_000, type: 'say', text: 'still here' } as ActionInput;
    expect(await hub.receive(attempt.id, entry(1, { kind: 'action', action: say }, 150_000, clock.t))).toEqual({ type: 'ack', seq: 1 });
    const live = rowOf((await monitor.live(teacher, exam.id)).rows, attempt.id);
    expect(live).toMatchObject({ extraMs: 120_000, limitMs: 180_000, simMs: 150_000, deadline: start + 180_000 });
    // The sweep leaves it open until the new deadline (and its grace).
    expect(await hub.sweep()).toBe(0);
    const { input } = await hub.gradeInput(attempt.id);
    expect(input.timeLimitMs).toBe(180_000);
    // Refused once it is over.
    await endAttempt(hub, teacher, attempt.id, null);
    await expect(extendAttempt(hub, teacher, attempt.id, 1, null)).rejects.toMatchObject({ status: 409 });
  });

  it('extra time given before the start counts from the start', async () => {
    const { hub, db, teacher } = await liveExam(1);
    const exam2 = await createDrillExam(hub, teacher, { timeLimitMin: 1 });
    const { attempt } = await joinAs(hub, exam2);
    expect(await extendAttempt(hub, teacher, attempt.id, 3, null)).toEqual({ deadline: null, extraMs: 180_000 });
    const started = await hub.start((await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attempt.id]))!);
    expect(started.deadline).toBe(started.started_at! + 240_000);
  });

  it('ending one attempt closes it, grades it and tells its page; the others go on', async () => {
    const { hub, db, clock, teacher, exam, attempt, monitor, events } = await liveExam();
    const other = await hub.start((await joinAs(hub, exam, { name: 'Bo', studentNo: 'B2' })).attempt);
    const bot = expertActions(SEED).filter((a) => a.t < 60_000);
    let seq = 0;
    for (const a of bot) {
      clock.t = attempt.started_at! + a.t + 10;
      await hub.receive(attempt.id, entry(++seq, { kind: 'action', action: a }, a.t, clock.t));
    }
    clock.advance(1000);
    await endAttempt(hub, teacher, attempt.id, 'left the room');
    expect((await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [attempt.id]))!.status).toBe('closed');
    expect((await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [other.id]))!.status).toBe('live');
    expect(events).toContainEqual({ kind: 'closed', attemptId: attempt.id, examId: exam.id, status: 'closed' });
    const grades = await hub.grades(attempt.id);
    expect(grades).toHaveLength(1);
    expect(await hub.receive(attempt.id, entry(seq + 1, { kind: 'finish' }, 61_000, clock.t))).toMatchObject({ type: 'refused', code: 'closed' });
    const rows = (await monitor.live(teacher, exam.id)).rows;
    expect(rowOf(rows, attempt.id)).toMatchObject({ status: 'closed', connected: false, score: { total: grades[0].total, final: true } });
    expect(rowOf(rows, other.id)).toMatchObject({ status: 'live' });
    await expect(endAttempt(hub, teacher, attempt.id, null)).rejects.toMatchObject({ status: 409 });
  });

  it("every action is in the exam's audit log (who, when, what, reason); another teacher sees none of it", async () => {
    const { hub, db, clock, teacher, exam, attempt } = await liveExam();
    const b = await hub.start((await joinAs(hub, exam, { studentNo: 'B9' })).attempt);
    clock.advance(1000);
    await extendAttempt(hub, teacher, attempt.id, 5, 'late start');
    clock.advance(1000);
    await endAttempt(hub, teacher, attempt.id, 'unwell');
    clock.advance(1000);
    await hub.voidAttempt(teacher, b.id, 'phone out');
    const log = await examAudit(hub, teacher, exam.id);
    expect(log.map((l) => l.action)).toEqual(['create-exam', 'extend-attempt', 'end-attempt', 'void-attempt']);
    expect(log.every((l) => l.teacher === 'teacher')).toBe(true);
    expect(log[1]).toMatchObject({ detail: { attempt: attempt.id, minutes: 5, reason: 'late start' } });
    expect(log[2]).toMatchObject({ detail: { attempt: attempt.id, reason: 'unwell' } });
    expect(log[3]).toMatchObject({ detail: { attempt: b.id, reason: 'phone out' } });
    expect(log[2].at).toBeGreaterThan(log[1].at);
    // Another exam's actions are not in it.
    const exam2 = await createDrillExam(hub, teacher);
    expect((await examAudit(hub, teacher, exam2.id)).map((l) => l.action)).toEqual(['create-exam']);
    const stranger = await makeTeacher(db, 'stranger');
    await expect(examAudit(hub, stranger, exam.id)).rejects.toMatchObject({ status: 404 });
    await expect(extendAttempt(hub, stranger, attempt.id, 1, null)).rejects.toMatchObject({ status: 404 });
  });
});

describe('the HTTP routes', () => {
  it('teacher only: a student token gets 401 on /live, /audit, /watch, /extend and /end; the teacher gets the rows', async () => {
    const { hub, db, clock, teacher, exam, attempt, token } = await liveExam();
    const dist = tempDir();
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>livesim</title>');
    const app = await buildServer({ hub, distDir: dist, publicUrl: () => 'http://hub.test' });
    try {
      const session = await makeSession(db, teacher, clock.t + 3600_000);
      const student = { authorization: `Bearer ${token}` };
      for (const [method, url] of [
        ['GET', `/api/exams/${exam.id}/live`],
        ['GET', `/api/exams/${exam.id}/audit`],
        ['GET', `/api/attempts/${attempt.id}/watch`],
        ['POST', `/api/attempts/${attempt.id}/extend`],
        ['POST', `/api/attempts/${attempt.id}/end`],
      ] as const) {
        const r = await app.inject({ method, url, headers: student, ...(method === 'POST' ? { payload: { minutes: 1 } } : {}) });
        expect(r.statusCode, url).toBe(401);
      }
      const cookie = { cookie: `${SESSION_COOKIE}=${session}` };
      clock.advance(10_000);
      await hub.receive(attempt.id, entry(1, { kind: 'action', action: { t: 9000, type: 'say', text: 'hi' } }, 9000, clock.t));
      const live = await app.inject({ url: `/api/exams/${exam.id}/live`, headers: cookie });
      expect(live.statusCode).toBe(200);
      expect(live.json<{ rows: LiveRow[] }>().rows).toHaveLength(1);
      expect(live.json<{ rows: LiveRow[] }>().rows[0]).toMatchObject({ attemptId: attempt.id, simMs: 10_000, status: 'live' });
      const watch = await app.inject({ url: `/api/attempts/${attempt.id}/watch?after=0`, headers: cookie });
      expect(watch.json<{ attempt: { scenarioYaml: string; seed: number }; entries: unknown[] }>()).toMatchObject({ attempt: { seed: SEED }, entries: [{ seq: 1, kind: 'action' }] });
      const since = await app.inject({ url: `/api/attempts/${attempt.id}/watch?after=1`, headers: cookie });
      expect(since.json<{ attempt: { scenarioYaml: string }; entries: unknown[] }>()).toMatchObject({ attempt: { scenarioYaml: '' }, entries: [] });
      const ext = await app.inject({ method: 'POST', url: `/api/attempts/${attempt.id}/extend`, headers: cookie, payload: { minutes: 2 } });
      expect(ext.json()).toEqual({ deadline: attempt.deadline! + 120_000, extraMs: 120_000 });
      expect((await app.inject({ method: 'POST', url: `/api/attempts/${attempt.id}/extend`, headers: cookie, payload: { minutes: 0 } })).statusCode).toBe(400);
      const end = await app.inject({ method: 'POST', url: `/api/attempts/${attempt.id}/end`, headers: cookie });
      expect(end.statusCode).toBe(200);
      const audit = await app.inject({ url: `/api/exams/${exam.id}/audit`, headers: cookie });
      expect(audit.json<{ audit: { action: string }[] }>().audit.map((a) => a.action)).toEqual(['create-exam', 'extend-attempt', 'end-attempt']);
    } finally {
      await app.close();
    }
  });
});
