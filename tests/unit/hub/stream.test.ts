/**
 * The witnessed entry stream (Hub.receive): acknowledged only once on disk, idempotent by
 * (attempt, seq), gaps and conflicts refused, the hub's own clock for start, deadline and the
 * flags the teacher sees.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../../src/hub/db/db';
import { EXAM_RULES, type AttemptRow, type FlagRow } from '../../../src/hub/hub';
import { Clock, createDrillExam, entry, joinAs, makeHub, makeTeacher, removeTempDirs, testDb } from './helpers';

afterAll(removeTempDirs);

async function liveAttempt(opts: { db?: Db; clock?: Clock } = {}) {
  const { hub, db, clock } = makeHub(opts.db ?? testDb(), opts.clock ?? new Clock());
  const teacher = await makeTeacher(db, 'teacher');
  const exam = await createDrillExam(hub, teacher);
  const { token, attempt } = await joinAs(hub, exam);
  const started = await hub.start(attempt);
  return { hub, db, clock, teacher, exam, token, attempt: started };
}

const flagsOf = (db: Db, attemptId: string) => db.all<FlagRow>('SELECT * FROM flags WHERE attempt_id = ? ORDER BY at', [attemptId]);
const attemptRow = async (db: Db, id: string) => (await db.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [id]))!;
const entryCount = async (db: Db, id: string) => (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM entries WHERE attempt_id = ?', [id]))!.n;

describe('the stream acknowledges only what is committed', () => {
  it('an ack means the entry and the acked seq are in the database', async () => {
    const { hub, db, attempt, clock } = await liveAttempt();
    expect(attempt.status).toBe('live');
    expect(attempt.started_at).toBe(clock.t);
    expect(attempt.deadline).toBe(clock.t + 5 * 60_000);
    expect(await hub.receive(attempt.id, entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    clock.advance(1000);
    expect(await hub.receive(attempt.id, entry(2, { kind: 'action', action: { t: 900, type: 'say', text: 'hello' } }, 900))).toEqual({ type: 'ack', seq: 2 });
    const rows = await db.all<{ seq: number; kind: string; sim_ms: number; received_at: number; body: string }>('SELECT * FROM entries WHERE attempt_id = ? ORDER BY seq', [attempt.id]);
    expect(rows.map((r) => [r.seq, r.kind, r.sim_ms])).toEqual([
      [1, 'start', 0],
      [2, 'action', 900],
    ]);
    // Stamped with the hub's clock, not the page's.
    expect(rows[1].received_at).toBe(clock.t);
    expect(JSON.parse(rows[1].body)).toEqual({ kind: 'action', action: { t: 900, type: 'say', text: 'hello' } });
    expect((await attemptRow(db, attempt.id)).acked).toBe(2);
  });

  it('when the transaction fails, no ack is given and nothing of the entry stays', async () => {
    const real = testDb();
    let failAck = false;
    // The same database, but the update of `acked` fails inside the entry's transaction.
    const db: Db = Object.assign(Object.create(real) as Db, {
      tx: <T>(fn: (q: Queryable) => Promise<T>) =>
        real.tx((q) =>
          fn({
            all: (sql, p) => q.all(sql, p),
            get: (sql, p) => q.get(sql, p),
            run: async (sql, p) => {
              if (failAck && sql.startsWith('UPDATE attempts SET acked')) throw new Error('disk full');
              return q.run(sql, p);
            },
            forUpdate: q.forUpdate,
          }),
        ),
    });
    const { hub, attempt } = await liveAttempt({ db });
    failAck = true;
    await expect(hub.receive(attempt.id, entry(1, { kind: 'start' }))).rejects.toThrow('disk full');
    expect(await entryCount(real, attempt.id)).toBe(0);
    expect((await attemptRow(real, attempt.id)).acked).toBe(0);
    failAck = false;
    expect(await hub.receive(attempt.id, entry(1, { kind: 'start' }))).toEqual({ type: 'ack', seq: 1 });
    expect(await entryCount(real, attempt.id)).toBe(1);
  });
});

describe('resends, conflicts and gaps', () => {
  it('the same entry under an acked seq is acked again and stored once', async () => {
    const { hub, db, attempt } = await liveAttempt();
    const say = entry(1, { kind: 'action', action: { t: 0, type: 'say', text: 'hi' } }, 0, 111);
    expect(await hub.receive(attempt.id, say)).toEqual({ type: 'ack', seq: 1 });
    // The page's wall clock may differ on a resend: it is for the record only.
    expect(await hub.receive(attempt.id, { ...say, wallMs: 222 })).toEqual({ type: 'ack', seq: 1 });
    expect(await entryCount(db, attempt.id)).toBe(1);
    expect(await flagsOf(db, attempt.id)).toEqual([]);
  });

  it('a different entry under an acked seq is refused as a conflict and flagged; the hub keeps its own', async () => {
    const { hub, db, attempt } = await liveAttempt();
    await hub.receive(attempt.id, entry(1, { kind: 'action', action: { t: 0, type: 'say', text: 'hi' } }));
    const r = await hub.receive(attempt.id, entry(1, { kind: 'action', action: { t: 0, type: 'say', text: 'something else' } }));
    expect(r).toMatchObject({ type: 'refused', seq: 1, code: 'conflict' });
    // A different sim time is a different entry too.
    expect(await hub.receive(attempt.id, entry(1, { kind: 'action', action: { t: 0, type: 'say', text: 'hi' } }, 500))).toMatchObject({ type: 'refused', code: 'conflict' });
    const flags = await flagsOf(db, attempt.id);
    expect(flags.map((f) => f.kind)).toEqual(['conflict', 'conflict']);
    const d = JSON.parse(flags[0].detail) as { seq: number; held: { action: { text: string } }; sent: { action: { text: string } } };
    expect(d.seq).toBe(1);
    expect(d.held.action.text).toBe('hi');
    expect(d.sent.action.text).toBe('something else');
    const held = await hub.entries(attempt.id);
    expect(held).toHaveLength(1);
    expect((held[0].body as { action: { text: string } }).action.text).toBe('hi');
  });

  it('a seq past the next one is refused as a gap with the seq the hub expects', async () => {
    const { hub, db, attempt } = await liveAttempt();
    await hub.receive(attempt.id, entry(1, { kind: 'start' }));
    expect(await hub.receive(attempt.id, entry(3, { kind: 'action', action: { t: 0, type: 'say', text: 'x' } }))).toMatchObject({ type: 'refused', seq: 3, code: 'gap', expected: 2 });
    expect(await entryCount(db, attempt.id)).toBe(1);
    expect((await attemptRow(db, attempt.id)).acked).toBe(1);
    expect(await hub.receive(attempt.id, entry(2, { kind: 'action', action: { t: 0, type: 'say', text: 'x' } }))).toEqual({ type: 'ack', seq: 2 });
  });
});

describe('the hub’s clock decides when an attempt may send', () => {
  it('entries before the start are refused as closed', async () => {
    const { hub, db, clock } = makeHub();
    const teacher = await makeTeacher(db, 't');
    const exam = await createDrillExam(hub, teacher);
    const { attempt } = await joinAs(hub, exam);
    clock.advance(1000);
    const r = await hub.receive(attempt.id, entry(1, { kind: 'start' }));
    expect(r).toMatchObject({ type: 'refused', seq: 1, code: 'closed', message: 'the attempt has not started' });
    expect(await entryCount(db, attempt.id)).toBe(0);
  });

  it('entries within the grace after the deadline are taken; after it they are refused and flagged late', async () => {
    const { hub, db, attempt, clock } = await liveAttempt();
    await hub.receive(attempt.id, entry(1, { kind: 'start' }));
    clock.t = attempt.deadline! + EXAM_RULES.lateGraceMs; // the last moment of the grace
    expect(await hub.receive(attempt.id, entry(2, { kind: 'action', action: { t: 299_000, type: 'say', text: 'a' } }, 299_000))).toEqual({ type: 'ack', seq: 2 });
    clock.advance(1);
    const r = await hub.receive(attempt.id, entry(3, { kind: 'action', action: { t: 299_500, type: 'say', text: 'b' } }, 299_500));
    expect(r).toMatchObject({ type: 'refused', seq: 3, code: 'closed', message: 'the time is up' });
    const flags = await flagsOf(db, attempt.id);
    // The accepted action 2 came 3 minutes after its sim time: dated back (or resent late).
    expect(flags.map((f) => f.kind).sort()).toEqual(['backdated', 'late']);
    expect(JSON.parse(flags.find((f) => f.kind === 'late')!.detail)).toMatchObject({ firstSeq: 3, count: 1, overMs: EXAM_RULES.lateGraceMs + 1 });
    expect(JSON.parse(flags.find((f) => f.kind === 'backdated')!.detail)).toMatchObject({ firstSeq: 2, count: 1, maxLagMs: attempt.deadline! + EXAM_RULES.lateGraceMs - attempt.started_at! - 299_000 });
    expect(await entryCount(db, attempt.id)).toBe(2);
  });

  it('an action arriving more than 30 s after its sim time makes one backdated flag; within 30 s none', async () => {
    const { hub, db, attempt, clock } = await liveAttempt();
    clock.advance(100_000);
    await hub.receive(attempt.id, entry(1, { kind: 'action', action: { t: 71_000, type: 'say', text: 'a' } }, 71_000));
    expect(await flagsOf(db, attempt.id)).toEqual([]);
    await hub.receive(attempt.id, entry(2, { kind: 'action', action: { t: 50_000, type: 'say', text: 'b' } }, 50_000));
    await hub.receive(attempt.id, entry(3, { kind: 'action', action: { t: 10_000, type: 'say', text: 'c' } }, 10_000));
    const flags = await flagsOf(db, attempt.id);
    expect(flags.map((f) => f.kind)).toEqual(['backdated']);
    expect(JSON.parse(flags[0].detail)).toEqual({ maxLagMs: 90_000, count: 2, firstSeq: 2, lastSeq: 3 });
  });

  it('sim time ahead of the hub clock beyond the tolerance makes one ahead flag whose count grows', async () => {
    const { hub, db, attempt, clock } = await liveAttempt();
    await hub.receive(attempt.id, entry(1, { kind: 'start' }));
    clock.advance(10_000);
    // Within the tolerance: 10 s elapsed, sim at 15 s.
    await hub.receive(attempt.id, entry(2, { kind: 'action', action: { t: 15_000, type: 'say', text: 'a' } }, 15_000));
    expect(await flagsOf(db, attempt.id)).toEqual([]);
    // 10 s elapsed, the action's t at 40 s (the page's simMs claims less: the larger counts).
    expect(await hub.receive(attempt.id, entry(3, { kind: 'action', action: { t: 40_000, type: 'say', text: 'b' } }, 10_000))).toEqual({ type: 'ack', seq: 3 });
    clock.advance(1000);
    await hub.receive(attempt.id, entry(4, { kind: 'action', action: { t: 60_000, type: 'say', text: 'c' } }, 60_000));
    await hub.receive(attempt.id, entry(5, { kind: 'action', action: { t: 14_000, type: 'say', text: 'd' } }, 14_000));
    const flags = await flagsOf(db, attempt.id);
    expect(flags.map((f) => f.kind)).toEqual(['ahead']);
    expect(JSON.parse(flags[0].detail)).toEqual({ maxAheadMs: 49_000, count: 2, firstSeq: 3, lastSeq: 4 });
    expect(flags[0].sim_ms).toBe(40_000);
  });

  it('hidden then visible makes one hidden flag with the seconds away', async () => {
    const { hub, db, attempt, clock } = await liveAttempt();
    await hub.receive(attempt.id, entry(1, { kind: 'start' }));
    clock.advance(5000);
    await hub.receive(attempt.id, entry(2, { kind: 'flag', flag: 'hidden' }, 5000));
    clock.advance(12_400);
    await hub.receive(attempt.id, entry(3, { kind: 'flag', flag: 'visible' }, 17_400));
    const flags = await flagsOf(db, attempt.id);
    expect(flags.map((f) => f.kind)).toEqual(['hidden']);
    expect(JSON.parse(flags[0].detail)).toEqual({ seq: 2, seconds: 12 });
    expect(flags[0].sim_ms).toBe(5000);
    // A second visible does not touch the closed flag.
    clock.advance(30_000);
    await hub.receive(attempt.id, entry(4, { kind: 'flag', flag: 'visible' }, 47_400));
    expect(JSON.parse((await flagsOf(db, attempt.id))[0].detail)).toEqual({ seq: 2, seconds: 12 });
  });

  it('a paste of 30 characters or more is flagged, a smaller one is not', async () => {
    const { hub, db, attempt } = await liveAttempt();
    await hub.receive(attempt.id, entry(1, { kind: 'flag', flag: 'paste', chars: EXAM_RULES.largePasteChars - 1 }));
    await hub.receive(attempt.id, entry(2, { kind: 'flag', flag: 'paste' }));
    expect(await flagsOf(db, attempt.id)).toEqual([]);
    await hub.receive(attempt.id, entry(3, { kind: 'flag', flag: 'paste', chars: EXAM_RULES.largePasteChars }));
    const flags = await flagsOf(db, attempt.id);
    expect(flags.map((f) => [f.kind, JSON.parse(f.detail)])).toEqual([['paste', { chars: 30 }]]);
    // Flags are entries too: the page's journal holds them in order.
    expect((await hub.entries(attempt.id)).map((e) => e.kind)).toEqual(['flag', 'flag', 'flag']);
  });

  it('a reconnect 15 s or more after the page was last heard from is flagged as a disconnect', async () => {
    const { hub, db, attempt, clock } = await liveAttempt();
    await hub.receive(attempt.id, entry(1, { kind: 'start' }));
    clock.advance(EXAM_RULES.longDisconnectMs - 1);
    await hub.connected(attempt);
    expect(await flagsOf(db, attempt.id)).toEqual([]);
    await hub.seen(attempt.id); // the socket closed
    clock.advance(20_000);
    await hub.connected(attempt);
    const flags = await flagsOf(db, attempt.id);
    expect(flags.map((f) => f.kind)).toEqual(['disconnect']);
    expect(JSON.parse(flags[0].detail)).toMatchObject({ seconds: 20 });
  });

  it('finish submits the attempt, later entries are refused, and a grade appears', async () => {
    const { hub, db, attempt, clock } = await liveAttempt();
    await hub.receive(attempt.id, entry(1, { kind: 'start' }));
    clock.advance(3000);
    expect(await hub.receive(attempt.id, entry(2, { kind: 'finish' }, 3000))).toEqual({ type: 'ack', seq: 2 });
    const row = await attemptRow(db, attempt.id);
    expect(row.status).toBe('submitted');
    expect(row.ended_at).toBe(clock.t);
    expect(await hub.receive(attempt.id, entry(3, { kind: 'action', action: { t: 3000, type: 'say', text: 'x' } }, 3000))).toMatchObject({ type: 'refused', code: 'closed', message: 'the attempt is over' });
    // The finish resent after a drop is still acked.
    expect(await hub.receive(attempt.id, entry(2, { kind: 'finish' }, 3000))).toEqual({ type: 'ack', seq: 2 });
    await hub.gradeAttemptOnce(attempt.id);
    const grades = await hub.grades(attempt.id);
    expect(grades).toHaveLength(1);
    expect(grades[0]).toMatchObject({ n: 1, reason: 'exam', app_version: '0.0.0-test' });
    expect(grades[0].digest).toMatch(/^[0-9a-f]{16,}$/);
  });
});

