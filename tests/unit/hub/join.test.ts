/**
 * Joining an exam: the code as students type it, names that cannot pass for another, one attempt
 * per student number unless the teacher lets the student rejoin or grants a retake, and exams
 * that are not open refuse.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EXAM_RULES, type AttemptRow, type FlagRow } from '../../../src/hub/hub';
import { joinBody } from '../../../src/hub/protocol';
import { createDrillExam, entry, joinAs, makeHub, makeTeacher, removeTempDirs, T0 } from './helpers';

afterAll(removeTempDirs);

async function setup(o: Parameters<typeof createDrillExam>[2] = {}) {
  const made = makeHub();
  const teacher = await makeTeacher(made.db, 't');
  const exam = await createDrillExam(made.hub, teacher, o);
  return { ...made, teacher, exam };
}

describe('the join form', () => {
  it('takes the code in lower case, with spaces and a dash', async () => {
    const { hub, exam } = await setup();
    expect(exam.join_code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    const typed = ` ${exam.join_code.slice(0, 3).toLowerCase()} - ${exam.join_code.slice(3).toLowerCase()} `;
    const body = joinBody.parse({ code: typed, name: '  Li   Lei ', studentNo: ' 2023001 ', className: 'Class\t1' });
    expect(body).toEqual({ code: exam.join_code, name: 'Li Lei', studentNo: '2023001', className: 'Class 1' });
    const { attempt, token } = await hub.join(body);
    expect(attempt.name).toBe('Li Lei');
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect((await hub.attemptByToken(token))?.id).toBe(attempt.id);
  });

  it('refuses a code of the wrong length and an unknown code', async () => {
    const { hub } = await setup();
    expect(joinBody.safeParse({ code: 'ABCDE', name: 'a', studentNo: '1', className: 'c' }).success).toBe(false);
    await expect(hub.join({ code: 'ZZZZZZ', name: 'a', studentNo: '1', className: 'c' })).rejects.toMatchObject({ status: 404 });
  });

  it.each([
    ['a zero-width space', 'Al\u200Bice'],
    ['a right-to-left override', 'Bob\u202Eevil'],
    ['a zero-width joiner', 'Ann\u200D'],
    ['a control character', 'Eve\u0007'],
    ['a soft hyphen', 'Ma\u00ADry'],
  ])('refuses a name with %s', (_what, name) => {
    const r = joinBody.safeParse({ code: 'ABCDEF', name, studentNo: '1', className: 'c' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toContain('name contains invisible or control characters');
  });

  it('refuses invisible characters in the student number and class too, and empty or long names', () => {
    expect(joinBody.safeParse({ code: 'ABCDEF', name: 'a', studentNo: '12\u200B3', className: 'c' }).success).toBe(false);
    expect(joinBody.safeParse({ code: 'ABCDEF', name: 'a', studentNo: '1', className: '\u2066c' }).success).toBe(false);
    expect(joinBody.safeParse({ code: 'ABCDEF', name: '   ', studentNo: '1', className: 'c' }).success).toBe(false);
    expect(joinBody.safeParse({ code: 'ABCDEF', name: 'x'.repeat(41), studentNo: '1', className: 'c' }).success).toBe(false);
    expect(joinBody.safeParse({ code: 'ABCDEF', name: '王小明', studentNo: '1', className: 'c', extra: 1 }).success).toBe(false);
  });
});

describe('one attempt per student number', () => {
  it('a second join with the same student number is refused while the attempt runs and after it', async () => {
    const { hub, exam } = await setup();
    const { attempt } = await joinAs(hub, exam, { studentNo: '007' });
    await expect(joinAs(hub, exam, { studentNo: '007', name: 'Someone else' })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('already joined') });
    await hub.start(attempt);
    await hub.receive(attempt.id, entry(1, { kind: 'finish' }));
    await expect(joinAs(hub, exam, { studentNo: '007' })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('already taken') });
    await hub.gradeAttemptOnce(attempt.id);
  });

  it('after allowRejoin the next join gets the same attempt with a new token, and the old token stops working', async () => {
    const { hub, db, exam, teacher, clock } = await setup();
    const first = await joinAs(hub, exam, { studentNo: '008', name: 'Wang' });
    const live = await hub.start(first.attempt);
    await hub.receive(live.id, entry(1, { kind: 'start' }));
    const other = await makeTeacher(db, 'other');
    await expect(hub.allowRejoin(other, live.id)).rejects.toMatchObject({ status: 404 });
    await hub.allowRejoin(teacher, live.id);
    clock.advance(5000);
    const again = await joinAs(hub, exam, { studentNo: '008', name: 'Wang Wei' });
    expect(again.attempt.id).toBe(live.id);
    expect(again.token).not.toBe(first.token);
    expect(again.attempt.acked).toBe(1);
    expect(again.attempt.started_at).toBe(T0);
    expect(await hub.attemptByToken(first.token)).toBeNull();
    expect((await hub.attemptByToken(again.token))?.id).toBe(live.id);
    const flags = await db.all<FlagRow>('SELECT * FROM flags WHERE attempt_id = ?', [live.id]);
    expect(flags.map((f) => [f.kind, JSON.parse(f.detail)])).toEqual([['rejoined', { name: 'Wang Wei', className: 'Class 1', sameName: false }]]);
    // The leave is used up.
    await expect(joinAs(hub, exam, { studentNo: '008' })).rejects.toMatchObject({ status: 409 });
  });

  it('rejoin is refused for an attempt that is over', async () => {
    const { hub, exam, teacher } = await setup();
    const { attempt } = await joinAs(hub, exam);
    await hub.start(attempt);
    await hub.receive(attempt.id, entry(1, { kind: 'finish' }));
    await expect(hub.allowRejoin(teacher, attempt.id)).rejects.toMatchObject({ status: 409 });
    await hub.gradeAttemptOnce(attempt.id);
  });

  it.each([
    ['per-student', true],
    ['shared', false],
  ] as const)('a retake under the %s policy is attempt 2 with %s seed', async (policy, newSeed) => {
    const { hub, db, exam, teacher } = await setup({ seedPolicy: policy, seed: policy === 'shared' ? 1234 : undefined });
    const first = await joinAs(hub, exam, { studentNo: '009' });
    const live = await hub.start(first.attempt);
    await expect(hub.grantRetake(teacher, live.id, 'power cut')).rejects.toMatchObject({ status: 409 });
    await hub.receive(live.id, entry(1, { kind: 'finish' }));
    await hub.gradeAttemptOnce(live.id);
    await hub.grantRetake(teacher, live.id, 'power cut');
    // The granted attempt is not in the gradebook until the student joins it.
    expect((await hub.gradebook(teacher, exam.id)).rows).toHaveLength(1);
    const second = await joinAs(hub, exam, { studentNo: '009' });
    expect(second.attempt.id).not.toBe(live.id);
    expect(second.attempt.number).toBe(2);
    expect(second.attempt.status).toBe('joined');
    expect(second.attempt.note).toBe('power cut');
    if (newSeed) expect(second.attempt.seed).not.toBe(first.attempt.seed);
    else expect([first.attempt.seed, second.attempt.seed]).toEqual([1234, 1234]);
    // The first attempt and its grade stay.
    const rows = await db.all<AttemptRow>('SELECT * FROM attempts WHERE exam_id = ? ORDER BY number', [exam.id]);
    expect(rows.map((r) => [r.number, r.status])).toEqual([
      [1, 'submitted'],
      [2, 'joined'],
    ]);
    expect(await hub.grades(live.id)).toHaveLength(1);
    expect((await hub.attemptByToken(first.token))?.id).toBe(live.id);
    // A retake of the first attempt again is refused: a later one exists.
    await expect(hub.grantRetake(teacher, live.id, 'again')).rejects.toMatchObject({ status: 409 });
  });
});

describe('an exam that is not open refuses joins and starts', () => {
  it('not yet open, closed and ended give 410', async () => {
    const { hub, exam: notYet } = await setup({ opensAt: T0 + 3600_000 });
    await expect(joinAs(hub, notYet)).rejects.toMatchObject({ status: 410, message: expect.stringContaining('opens at') });

    const made = await setup({ opensAt: T0 - 1000, closesAt: T0 + 60_000 });
    const early = await joinAs(made.hub, made.exam);
    made.clock.advance(60_000);
    await expect(joinAs(made.hub, made.exam)).rejects.toMatchObject({ status: 410, message: 'this exam has closed' });
    // Joined before it closed, but the room opens after: refused too.
    await expect(made.hub.start(early.attempt)).rejects.toMatchObject({ status: 410 });

    const e = await setup();
    const joined = await joinAs(e.hub, e.exam);
    await e.hub.endExam(e.teacher, e.exam.id);
    await expect(joinAs(e.hub, e.exam)).rejects.toMatchObject({ status: 410, message: 'this exam has ended' });
    expect((await e.hub.attemptByToken(joined.token))?.status).toBe('closed');
  });

  it('a start after a reload keeps the first start and deadline', async () => {
    const { hub, exam, clock } = await setup();
    const { attempt } = await joinAs(hub, exam);
    const a = await hub.start(attempt);
    clock.advance(EXAM_RULES.longDisconnectMs);
    const b = await hub.start(attempt); // the page reloaded with its stale row
    expect(b.started_at).toBe(a.started_at);
    expect(b.deadline).toBe(a.deadline);
  });
});
