/**
 * xAPI: the hub records initialized / completed / scored (and one `scored` per criterion) for each
 * attempt in the event's own transaction, with or without an LRS; the teacher downloads them; the
 * sender posts them to an LRS (here a node:http one that checks what it gets) in batches, retries
 * a failing or absent LRS with backoff while the exam goes on, and two senders on one database
 * never send a statement twice.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ScoreReport } from '../../../src/scoring';
import { gradeAttempt } from '../../../src/hub/grade';
import type { Hub } from '../../../src/hub/hub';
import { buildServer, SESSION_COOKIE } from '../../../src/hub/server';
import { examStatements, isoDuration, lrsConfig, registrationOf, uuidV5, XapiSender, type XapiStatement } from '../../../src/hub/xapi';
import { Clock, createDrillExam, drill, expertActions, joinAs, makeHub, makeSession, makeTeacher, removeTempDirs, streamAttempt, tempDir } from './helpers';

const PUBLIC = 'http://hub.test:8080';
const USER = 'lrs-user';
const PASS = 'lrs-pass:with colon';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const VERB = (v: string) => `http://adlnet.gov/expapi/verbs/${v}`;

// ---------------------------------------------------------------------------------------------
// A small LRS: checks each POST /xapi/statements as an LRS would and keeps what it accepted.

interface Lrs {
  url: string;
  mode: 'ok' | '500' | 'hang';
  requests: number;
  batches: XapiStatement[][];
  problems: string[];
  /** Stop listening (the LRS is down) and drop open connections. */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

function problemsOf(s: XapiStatement): string[] {
  const p: string[] = [];
  const iri = (x: unknown) => typeof x === 'string' && /^https?:\/\/[^\s]+$/.test(x);
  if (!UUID.test(s.id)) p.push(`id ${s.id}`);
  if (s.actor?.objectType !== 'Agent' || !s.actor.account || !iri(s.actor.account.homePage) || !s.actor.account.name || !s.actor.name) p.push('actor');
  if (!s.verb || !String(s.verb.id).startsWith('http://adlnet.gov/expapi/verbs/') || !s.verb.display?.['en-US']) p.push('verb');
  if (!s.object || !iri(s.object.id)) p.push('object id');
  if (!UUID.test(s.context?.registration ?? '')) p.push('context.registration');
  if (Number.isNaN(Date.parse(s.timestamp)) || !s.timestamp.endsWith('Z')) p.push('timestamp');
  const sc = s.result?.score;
  if (sc) {
    if (![sc.raw, sc.min, sc.max, sc.scaled].every((x) => typeof x === 'number' && Number.isFinite(x))) p.push('score fields');
    if (!(sc.min <= sc.raw && sc.raw <= sc.max)) p.push('score: min <= raw <= max');
    if (!(sc.scaled >= -1 && sc.scaled <= 1)) p.push('score.scaled');
  }
  if (s.result?.duration !== undefined && !/^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$/.test(s.result.duration)) p.push('duration');
  for (const k of Object.keys(s.context?.extensions ?? {})) if (!iri(k)) p.push(`extension key ${k}`);
  return p;
}

async function startLrs(): Promise<Lrs> {
  let server: Server;
  let port = 0;
  const lrs: Lrs = {
    url: '',
    mode: 'ok',
    requests: 0,
    batches: [],
    problems: [],
    down: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
    up: async () => listen(),
    close: async () => {
      if (server.listening) await lrs.down();
    },
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    lrs.requests++;
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const refuse = (status: number, why: string) => {
        lrs.problems.push(why);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(why);
      };
      if (lrs.mode === 'hang') return; // never answers
      if (lrs.mode === '500') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('the LRS is having a bad day');
      if (req.method !== 'POST' || req.url !== '/xapi/statements') return refuse(404, `${req.method} ${req.url}`);
      if (!/^1\.0\.\d$/.test(String(req.headers['x-experience-api-version']))) return refuse(400, 'X-Experience-API-Version');
      if (req.headers.authorization !== `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`) return refuse(401, 'Basic auth');
      if (!String(req.headers['content-type']).startsWith('application/json')) return refuse(400, 'content-type');
      let statements: XapiStatement[];
      try {
        statements = JSON.parse(body) as XapiStatement[];
      } catch {
        return refuse(400, 'not JSON');
      }
      if (!Array.isArray(statements) || statements.length === 0) return refuse(400, 'not a batch');
      const bad = statements.flatMap((s) => problemsOf(s).map((x) => `${s.id}: ${x}`));
      if (bad.length) return refuse(400, bad.join('; '));
      lrs.batches.push(statements);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(statements.map((s) => s.id)));
    });
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(handle);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        lrs.url = `http://127.0.0.1:${port}/xapi/`;
        resolve();
      });
    });
  await listen();
  return lrs;
}

// ---------------------------------------------------------------------------------------------

const lrss: Lrs[] = [];
const senders: XapiSender[] = [];
afterEach(async () => {
  for (const s of senders.splice(0)) await s.stop();
  for (const l of lrss.splice(0)) await l.close();
});
afterAll(removeTempDirs);

async function lrsUp(): Promise<Lrs> {
  const l = await startLrs();
  lrss.push(l);
  return l;
}
function senderFor(h: { db: Hub['db'] }, lrs: Lrs, clock: Clock, extra: ConstructorParameters<typeof XapiSender>[2] = {}): XapiSender {
  const s = new XapiSender(h.db, { endpoint: lrs.url, username: USER, password: PASS }, { now: clock.now, logError: () => undefined, ...extra });
  senders.push(s);
  return s;
}

async function setup(o: { language?: 'zh' | 'en' } = {}) {
  const { hub, db, clock } = makeHub(undefined, undefined, { publicUrl: () => PUBLIC });
  const teacher = await makeTeacher(db, 't');
  const exam = await createDrillExam(hub, teacher, { title: '直播实训考试 Live exam', seed: 11, language: o.language ?? 'zh' });
  return { hub, db, clock, teacher, exam };
}

type Row = { id: string; created_at: number; sent_at: number | null; tries: number; next_at: number; last_error: string | null };

describe('the statements of an attempt', () => {
  it('a bot-played attempt gives initialized, completed, scored and one scored per criterion, in order, delivered to the LRS with the right points', async () => {
    const { hub, db, clock, exam } = await setup();
    const { attempt } = await joinAs(hub, exam, { name: '李雷', studentNo: '2024001', className: '电商1班' });
    clock.advance(5_000);
    const live = await hub.start(attempt);
    const actions = expertActions(11);
    await streamAttempt(hub, clock, live, actions, 300_000);
    await hub.gradeAttemptOnce(attempt.id);
    const [grade] = await hub.grades(attempt.id);
    const report = JSON.parse(grade.report) as ScoreReport;
    // The grade is the offline one (the statements carry it, not something else).
    expect(grade.total).toBe(gradeAttempt({ scenario: drill(), seed: 11, engineVersion: exam.engine_version, timeLimitMs: 300_000, passMark: 60, actions }).total);

    // Recorded without any LRS, in order.
    const stored = await examStatements(db, exam.id);
    expect(stored.map((s) => s.verb.id)).toEqual([VERB('initialized'), VERB('completed'), VERB('scored'), ...report.criteria.map(() => VERB('scored'))]);
    expect(report.criteria.length).toBeGreaterThan(3);
    const rows = await db.all<Row>('SELECT * FROM xapi_statements WHERE exam_id = ? ORDER BY created_at', [exam.id]);
    expect(rows.every((r) => r.sent_at === null && r.tries === 0)).toBe(true);

    const lrs = await lrsUp();
    const sender = senderFor(hub, lrs, clock);
    expect(await sender.flush()).toEqual({ sent: stored.length, failed: 0 });
    expect(lrs.problems).toEqual([]);
    const got = lrs.batches.flat();
    expect(got).toEqual(stored);

    const [init, done, scored, ...perCriterion] = got;
    const examIri = `${PUBLIC}/exams/${exam.id}`;
    const registration = registrationOf(attempt.id);
    expect(registration).toMatch(UUID);
    expect(registration[14]).toBe('5');
    for (const s of got) {
      expect(s.actor).toEqual({ objectType: 'Agent', name: '李雷', account: { homePage: PUBLIC, name: '2024001' } });
      expect(s.context.registration).toBe(registration);
      expect(s.context.language).toBe('zh-CN');
      expect(s.version).toBe('1.0.3');
    }
    expect(new Set(got.map((s) => s.id)).size).toBe(got.length);
    expect(init.object).toMatchObject({ id: examIri, definition: { type: 'http://adlnet.gov/expapi/activities/assessment', name: { 'zh-CN': exam.title, 'en-US': exam.title } } });
    expect(init.timestamp).toBe(new Date(live.started_at!).toISOString());
    expect(done.object.id).toBe(examIri);
    expect(done.result).toMatchObject({ completion: true, duration: isoDuration(300_000) });
    expect(done.result!.duration).toBe('PT5M');
    expect(done.timestamp).toBe(new Date(live.started_at! + 300_000).toISOString());
    expect(scored.object.id).toBe(examIri);
    expect(scored.result).toMatchObject({ score: { raw: grade.total, min: 0, max: 100, scaled: grade.total / 100 }, success: grade.passed === 1, completion: true });
    expect(perCriterion).toHaveLength(report.criteria.length);
    report.criteria.forEach((c, i) => {
      const s = perCriterion[i];
      expect(s.object.id).toBe(`${examIri}/criteria/${encodeURIComponent(c.id)}`);
      expect(s.object.definition?.name).toEqual({ 'zh-CN': c.title.zh, 'en-US': c.title.en });
      expect(s.result?.score?.raw).toBe(c.points);
      expect(s.result?.score?.max).toBe(c.max);
      expect(s.context.contextActivities?.parent?.[0].id).toBe(examIri);
      expect(s.context.statement).toEqual({ objectType: 'StatementRef', id: scored.id });
      expect(s.context.extensions?.[`${PUBLIC}/xapi/extensions/clauses`]).toEqual(c.clauses);
      expect(s.result?.extensions?.[`${PUBLIC}/xapi/extensions/verdict`]).toBe(c.verdict);
    });
    expect(perCriterion.reduce((t, s) => t + s.result!.score!.raw, 0)).toBeCloseTo(grade.total, 0);

    const after = await db.all<Row>('SELECT * FROM xapi_statements WHERE exam_id = ?', [exam.id]);
    expect(after.every((r) => r.sent_at === clock.t && r.tries === 1 && r.last_error === null)).toBe(true);
    // Nothing left to send.
    expect(await sender.flush()).toEqual({ sent: 0, failed: 0 });
    expect(lrs.batches.flat()).toHaveLength(got.length);
  });

  it('a timed-out attempt and one the teacher closed are completed with how they ended; one never started has no statement; a re-grade adds a scored, the original stays', async () => {
    const { hub, db, clock, exam, teacher } = await setup({ language: 'en' });
    const a = (await joinAs(hub, exam)).attempt;
    const b = (await joinAs(hub, exam)).attempt;
    const idle = (await joinAs(hub, exam)).attempt;
    const liveA = await hub.start(a);
    clock.advance(1_000);
    await hub.start(b);
    clock.t = liveA.deadline! + 60_001;
    await hub.sweep();
    const endedBy = (s: XapiStatement) => s.result?.extensions?.[`${PUBLIC}/xapi/extensions/ended-by`];
    // b's deadline is 1 s later: still live, closed by the teacher.
    await hub.endExam(teacher, exam.id);
    const all = await examStatements(db, exam.id);
    const of = (id: string) => all.filter((s) => s.context.registration === registrationOf(id));
    expect(of(idle.id)).toEqual([]);
    expect(of(a.id).map((s) => s.verb.id).slice(0, 3)).toEqual([VERB('initialized'), VERB('completed'), VERB('scored')]);
    expect(endedBy(of(a.id)[1])).toBe('timed-out');
    expect(of(a.id)[1].result?.duration).toBe(isoDuration(clock.t - liveA.started_at!));
    expect(endedBy(of(b.id)[1])).toBe('closed');
    expect(of(b.id)[0].context.language).toBe('en-US');

    // A re-grade that changes the total: a new scored statement (and criteria), the first ones untouched.
    const before = await examStatements(db, exam.id);
    clock.advance(3600_000);
    const fixed = makeHub(db, clock, {
      publicUrl: () => PUBLIC,
      grade: async (job, scenario) => {
        const g = gradeAttempt({ ...job, scenario });
        const total = Math.round((g.total + 3) * 10) / 10;
        return { ...g, total, passed: total >= job.passMark, report: { ...g.report, total } };
      },
    }).hub;
    expect(await fixed.regradeExam(teacher, exam.id)).toEqual({ attempts: 2, changed: 2 });
    const afterRegrade = await examStatements(db, exam.id);
    expect(afterRegrade.slice(0, before.length)).toEqual(before);
    const added = afterRegrade.slice(before.length);
    const criteria = (JSON.parse((await hub.grades(a.id))[1].report) as ScoreReport).criteria.length;
    expect(added).toHaveLength(2 * (1 + criteria));
    const newA = added.filter((s) => s.context.registration === registrationOf(a.id));
    expect(newA[0].object.id).toBe(`${PUBLIC}/exams/${exam.id}`);
    expect(newA[0].result?.score?.raw).toBe((await hub.grades(a.id))[1].total);
    expect(newA[0].context.extensions?.[`${PUBLIC}/xapi/extensions/grade`]).toMatchObject({ n: 2, reason: 'regrade' });
    expect(newA[0].timestamp).toBe(new Date(clock.t).toISOString());
  });
});

describe('sending', () => {
  it('an LRS failing (500, then down) is retried later with backoff while the exam goes on; everything arrives once when it recovers', async () => {
    const { hub, db, clock, exam } = await setup();
    const lrs = await lrsUp();
    const sender = senderFor(hub, lrs, clock);
    const { attempt } = await joinAs(hub, exam);
    const live = await hub.start(attempt);

    lrs.mode = '500';
    expect(await sender.flush()).toEqual({ sent: 0, failed: 1 });
    let [row] = await db.all<Row>('SELECT * FROM xapi_statements');
    expect(row).toMatchObject({ sent_at: null, tries: 1, next_at: clock.t + 5_000 });
    expect(row.last_error).toContain('500');
    // Not due yet: not tried again.
    const asked = lrs.requests;
    clock.advance(4_999);
    expect(await sender.flush()).toEqual({ sent: 0, failed: 0 });
    expect(lrs.requests).toBe(asked);

    // The exam is unaffected: the student plays and finishes, the grade is stored.
    await streamAttempt(hub, clock, live, expertActions(11).slice(0, 40), 300_000);
    await hub.gradeAttemptOnce(attempt.id);
    expect(await hub.grades(attempt.id)).toHaveLength(1);

    // The LRS is down (connection refused): the retries back off, doubling.
    await lrs.down();
    const t1 = clock.t;
    const r1 = await sender.flush();
    expect(r1.sent).toBe(0);
    expect(r1.failed).toBeGreaterThan(0);
    [row] = await db.all<Row>('SELECT * FROM xapi_statements ORDER BY created_at LIMIT 1');
    expect(row).toMatchObject({ sent_at: null, tries: 2, next_at: t1 + 10_000 });
    expect(row.last_error).toMatch(/could not be reached/);
    const others = await db.all<Row>('SELECT * FROM xapi_statements WHERE tries = 1');
    expect(others.every((r) => r.next_at === t1 + 5_000)).toBe(true);

    // It recovers: what is due goes, then the rest when its time comes; each statement once.
    await lrs.up();
    lrs.mode = 'ok';
    clock.advance(5_000);
    const r2 = await sender.flush();
    expect(r2.failed).toBe(0);
    clock.advance(5_000);
    await sender.flush();
    const rows = await db.all<Row>('SELECT * FROM xapi_statements');
    expect(rows.every((r) => r.sent_at !== null && r.last_error === null)).toBe(true);
    const got = lrs.batches.flat();
    expect(got.map((s) => s.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(lrs.problems).toEqual([]);
    expect((await examStatements(db, exam.id)).map((s) => s.verb.id).slice(0, 3)).toEqual([VERB('initialized'), VERB('completed'), VERB('scored')]);
  });

  it('backoff doubles from 5 s up to 10 min', () => {
    const s = new XapiSender(makeHub().db, { endpoint: 'http://127.0.0.1:9/xapi/', username: 'u', password: 'p' });
    expect([1, 2, 3, 4, 7, 8, 9, 50].map((n) => s.delay(n))).toEqual([5_000, 10_000, 20_000, 40_000, 320_000, 600_000, 600_000, 600_000]);
  });

  it('an LRS that never answers does not hold up the exam: entries are acknowledged while a batch is in flight', async () => {
    const { hub, clock, exam } = await setup();
    const lrs = await lrsUp();
    lrs.mode = 'hang';
    const sender = senderFor(hub, lrs, clock, { timeoutMs: 400 });
    const { attempt } = await joinAs(hub, exam);
    const live = await hub.start(attempt);
    const inFlight = sender.flush();
    const t0 = performance.now();
    await streamAttempt(hub, clock, live, expertActions(11).slice(0, 20), 300_000);
    expect(performance.now() - t0).toBeLessThan(350);
    expect(await inFlight).toEqual({ sent: 0, failed: 1 });
  });

  it('two senders on one database never send a statement twice', async () => {
    const { hub, db, clock, exam } = await setup();
    for (let i = 0; i < 4; i++) {
      const { attempt } = await joinAs(hub, exam);
      await hub.start(attempt);
    }
    clock.advance(60_000);
    await hub.endExam((await db.get<{ id: string; username: string }>('SELECT id, username FROM teachers'))!, exam.id);
    const total = (await db.all('SELECT id FROM xapi_statements')).length;
    expect(total).toBeGreaterThan(20);
    const lrs = await lrsUp();
    const a = senderFor(hub, lrs, clock, { batchSize: 3 });
    const b = senderFor(hub, lrs, clock, { batchSize: 3 });
    const [ra, rb] = await Promise.all([a.flush(), b.flush(), a.flush(), b.flush()]);
    expect(ra.failed + rb.failed).toBe(0);
    await a.flush();
    const ids = lrs.batches.flat().map((s) => s.id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(lrs.problems).toEqual([]);
  });

  it('the background loop sends statements as they are made', async () => {
    const { hub, clock, exam } = await setup();
    const lrs = await lrsUp();
    const sender = senderFor(hub, lrs, clock, { pollMs: 20 });
    sender.start();
    const { attempt } = await joinAs(hub, exam);
    await hub.start(attempt);
    await expect.poll(() => lrs.batches.flat().length, { timeout: 2_000 }).toBe(1);
    await sender.stop();
  });
});

describe('the download', () => {
  it('the teacher downloads the exam statements as JSON (the same the LRS got); a student token and another teacher cannot', async () => {
    const { hub, db, clock, exam, teacher } = await setup();
    const { attempt, token } = await joinAs(hub, exam);
    const live = await hub.start(attempt);
    await streamAttempt(hub, clock, live, expertActions(11).slice(0, 30), 300_000);
    await hub.gradeAttemptOnce(attempt.id);
    const lrs = await lrsUp();
    await senderFor(hub, lrs, clock).flush();

    const dist = tempDir();
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>livesim</title>');
    const app = await buildServer({ hub, distDir: dist, publicUrl: () => PUBLIC });
    try {
      const session = await makeSession(db, teacher, clock.t + 3600_000);
      const r = await app.inject({ url: `/api/exams/${exam.id}/xapi.json`, headers: { cookie: `${SESSION_COOKIE}=${session}` } });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain('application/json');
      expect(r.headers['content-disposition']).toBe(`attachment; filename="xapi-${exam.join_code}.json"`);
      expect(r.json()).toEqual(lrs.batches.flat());
      expect((r.json() as XapiStatement[]).length).toBeGreaterThan(3);

      const student = await app.inject({ url: `/api/exams/${exam.id}/xapi.json`, headers: { authorization: `Bearer ${token}` } });
      expect(student.statusCode).toBe(401);
      const other = await makeSession(db, await makeTeacher(db, 'other'), clock.t + 3600_000);
      const foreign = await app.inject({ url: `/api/exams/${exam.id}/xapi.json`, headers: { cookie: `${SESSION_COOKIE}=${other}` } });
      expect(foreign.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe('configuration', () => {
  it('takes the LRS from the options or LIVESIM_XAPI_*, and refuses half a configuration', () => {
    expect(lrsConfig({}, {})).toBeNull();
    expect(lrsConfig({ endpoint: 'https://lrs.example/xapi/', username: 'U', password: 'P' }, {})).toEqual({ endpoint: 'https://lrs.example/xapi/', username: 'U', password: 'P' });
    expect(lrsConfig({}, { LIVESIM_XAPI_ENDPOINT: 'https://lrs.example/xapi', LIVESIM_XAPI_USERNAME: 'U', LIVESIM_XAPI_PASSWORD: 'P' })).toEqual({ endpoint: 'https://lrs.example/xapi', username: 'U', password: 'P' });
    expect(() => lrsConfig({ endpoint: 'https://lrs.example/xapi/' }, {})).toThrow(/--xapi-username/);
    expect(() => lrsConfig({ username: 'U', password: 'P' }, {})).toThrow(/without --xapi-endpoint/);
    expect(() => lrsConfig({ endpoint: 'ftp://lrs.example/', username: 'U', password: 'P' }, {})).toThrow(/http\(s\)/);
    expect(() => lrsConfig({ endpoint: 'https://U:secret@lrs.example/', username: 'U', password: 'P' }, {})).toThrow(/not in the URL/);
    // The password never appears in a message.
    try {
      lrsConfig({ endpoint: 'nope', username: 'U', password: 'hunter2-secret' }, {});
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('registration UUIDs are v5: the RFC 4122 example', () => {
    // uuid.v5('www.example.com', DNS namespace)
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});
