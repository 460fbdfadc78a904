/**
 * The exam hub's HTTP API and WebSocket (fastify + @fastify/websocket), and the app's production
 * build as static files. Every body and message is checked with the zod schemas of protocol.ts;
 * every refusal is JSON `{ error, details? }` with a status code. docs/hub.md lists the routes.
 *
 * Who may call what:
 *   - teacher routes need the session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS);
 *   - student routes need the attempt's token as `Authorization: Bearer …`, and reach only that
 *     attempt; the WebSocket takes the same token in its first message;
 *   - joining, logging in and setting up are rate-limited per address.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { ENGINE_VERSION, makeRunFile } from '../engine';
import { securityHeaders } from '../csp';
import { gradebookCsv } from './csv';
import { resimulate } from './grade';
import { Hub, HubError, type Teacher } from './hub';
import { Monitor } from './monitor';
import { deadlineMessage, endAttempt, examAudit, extendAttempt } from './proctor';
import { requestUrls, SEB_HEADER, SEB_REFUSAL, sebHeaderValid } from './seb';
import { clientMessage, createExamBody, HUB_PROTOCOL, issuesText, joinBody, LIMITS, loginBody, quizBody, retakeBody, setupBody, type ServerMessage } from './protocol';
import { examStatements } from './xapi';

export const SESSION_COOKIE = 'livesim_teacher';

export interface ServerOptions {
  hub: Hub;
  /** The app's production build (served at /); absent: the API only. */
  distDir?: string;
  /** The address students type or scan, e.g. http://192.168.1.20:8080 (the join URL and QR code use it; known once listening). */
  publicUrl: () => string;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookies?: boolean;
  /** Per-address limits per minute (tests raise them). */
  rateLimits?: { join: number; login: number };
  logger?: boolean;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HubError(400, issuesText(r.error));
  return r.data;
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { hub } = opts;
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: LIMITS.httpBodyBytes, trustProxy: false });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyWebsocket, { options: { maxPayload: LIMITS.wsMessageBytes } });

  const headers = securityHeaders('header');
  app.addHook('onSend', async (req, reply, payload) => {
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    if (req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.setErrorHandler((err: unknown, _req, reply) => {
    if (err instanceof HubError) return reply.status(err.status).send({ error: err.message, ...(err.details !== undefined ? { details: err.details } : {}) });
    const e = err as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode < 500) return reply.status(e.statusCode).send({ error: e.message ?? 'bad request' });
    app.log.error(err);
    return reply.status(500).send({ error: 'the hub failed to handle this request; see its log' });
  });

  // State-changing requests with a cookie must come from the hub's own pages (SameSite=Strict
  // already keeps other sites' cookies out; this also refuses a request whose Origin is foreign).
  app.addHook('preHandler', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      let host: string;
      try {
        host = new URL(origin).host;
      } catch {
        throw new HubError(403, 'a request from a foreign page');
      }
      if (host !== req.headers.host) throw new HubError(403, 'a request from a foreign page');
    }
  });

  const teacherOf = async (req: FastifyRequest): Promise<Teacher> => {
    const t = await hub.teacherBySession(req.cookies[SESSION_COOKIE]);
    if (!t) throw new HubError(401, 'log in as a teacher first');
    return t;
  };
  // Safe Exam Browser: a request for an exam that requires it must carry the Config Key hash of the
  // URL it was made to (src/hub/seb.ts, docs/hub.md "Safe Exam Browser").
  const sebUrls = (req: FastifyRequest, websocket = false) => requestUrls({ path: req.url, host: req.headers.host, publicUrl: opts.publicUrl(), websocket });
  const sebPasses = (req: FastifyRequest, key: string | null, websocket = false) => key === null || sebHeaderValid(req.headers[SEB_HEADER], sebUrls(req, websocket), key);
  const attemptOf = async (req: FastifyRequest) => {
    const a = await hub.attemptByToken(bearer(req));
    if (!a) throw new HubError(401, 'this exam link is not valid: join again with the code');
    if (!sebPasses(req, await hub.sebConfigKey({ id: a.exam_id }))) throw new HubError(403, SEB_REFUSAL, { seb: true });
    return a;
  };
  const setSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: opts.secureCookies ?? false, path: '/', maxAge: 12 * 3600 });
  // Joins per address per minute: a whole class behind one school NAT may share an address, and a
  // join code (31^6 combinations) cannot be guessed at this rate; logins are far fewer.
  const limits = opts.rateLimits ?? { join: 200, login: 10 };
  const perMinute = (max: number) => ({ config: { rateLimit: { max, timeWindow: 60_000 } } });
  const idParam = z.strictObject({ id: z.string().min(1).max(64) });

  // ------------------------------------------------------------------------------------------
  // About the hub

  app.get('/api/hub', async () => ({ hub: true, protocol: HUB_PROTOCOL, engineVersion: ENGINE_VERSION, appVersion: hub.opts.appVersion, hasTeacher: await hub.hasTeacher(), joinBase: opts.publicUrl() }));

  // ------------------------------------------------------------------------------------------
  // Teachers

  app.post('/api/setup', perMinute(limits.login), async (req, reply) => {
    const body = parse(setupBody, req.body);
    const { teacher, session } = await hub.setup(body);
    setSession(reply, session);
    return { teacher };
  });

  app.post('/api/login', perMinute(limits.login), async (req, reply) => {
    const body = parse(loginBody, req.body);
    const r = await hub.login(body.username, body.password);
    if (!r) throw new HubError(401, 'wrong user name or password');
    setSession(reply, r.session);
    return { teacher: r.teacher };
  });

  app.post('/api/logout', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await hub.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/me', async (req) => ({ teacher: await teacherOf(req) }));

  app.post('/api/teachers', async (req) => {
    const t = await teacherOf(req);
    const body = parse(z.strictObject({ username: setupBody.shape.username, password: setupBody.shape.password }), req.body);
    return { teacher: await hub.addTeacher(t, body) };
  });

  app.get('/api/scenarios', async (req) => {
    await teacherOf(req);
    return { scenarios: hub.shippedScenarios() };
  });

  app.post('/api/scenarios/check', async (req) => {
    await teacherOf(req);
    const body = parse(z.strictObject({ yaml: z.string().max(LIMITS.httpBodyBytes), fileName: z.string().max(200).optional() }), req.body);
    const r = hub.checkScenario(body.yaml, body.fileName);
    if (!r.ok) return { ok: false, errors: r.errors };
    const m = r.scenario.meta;
    return { ok: true, warnings: r.warnings, scenario: { id: m.id, title: m.title, durationSec: m.durationSec, level: m.level, language: m.language } };
  });

  app.post('/api/exams', async (req) => {
    const t = await teacherOf(req);
    const exam = await hub.createExam(t, parse(createExamBody, req.body), joinUrl);
    return { exam: { ...exam, joinUrl: joinUrl(exam.join_code) } };
  });

  app.get('/api/exams', async (req) => {
    const t = await teacherOf(req);
    return { exams: (await hub.listExams(t)).map((e) => ({ ...e, joinUrl: joinUrl(e.join_code) })) };
  });

  const joinUrl = (code: string) => `${opts.publicUrl().replace(/\/$/, '')}/?join=${code}`;

  app.get('/api/exams/:id', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    const exam = await hub.examOf(t, id);
    const { scenario } = await hub.examScenario(exam);
    return { exam: { ...exam, joinUrl: joinUrl(exam.join_code), scenarioId: scenario.meta.id, scenarioTitle: scenario.meta.title, durationSec: scenario.meta.durationSec, ...(exam.template ? { parts: await hub.examParts(exam) } : {}) } };
  });

  /** The exam's Safe Exam Browser settings (404 when it does not require SEB). */
  app.get('/api/exams/:id/settings.seb', async (req, reply) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    const exam = await hub.examOf(t, id);
    if (!exam.seb_required || !exam.seb_settings) throw new HubError(404, 'this exam does not require Safe Exam Browser');
    return reply.type('application/seb').header('Content-Disposition', `attachment; filename="livesim-${exam.join_code}.seb"`).send(exam.seb_settings);
  });

  app.get('/api/exams/:id/qr.svg', async (req, reply) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    const exam = await hub.examOf(t, id);
    const svg = await QRCode.toString(joinUrl(exam.join_code), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').send(svg);
  });

  app.post('/api/exams/:id/end', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    await hub.endExam(t, id);
    return { ok: true };
  });

  // The live class view (src/hub/monitor.ts) and the teacher's actions on one attempt (src/hub/proctor.ts).
  const monitor = new Monitor(hub);
  app.addHook('onClose', async () => monitor.stop());

  app.get('/api/exams/:id/live', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    return monitor.live(t, id);
  });

  app.get('/api/exams/:id/audit', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    return { audit: await examAudit(hub, t, id) };
  });

  /** Watching one student: the attempt (with the scenario when `after` is 0) and its entries after seq `after`. */
  app.get('/api/attempts/:id/watch', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    const { after } = parse(z.object({ after: z.coerce.number().int().min(0).default(0) }), req.query);
    const { attempt } = await hub.attemptOf(t, id);
    const info = await hub.attemptInfo(attempt);
    const entries = (await hub.entries(attempt.id)).filter((e) => e.seq > after);
    return { attempt: after > 0 ? { ...info, scenarioYaml: '' } : info, entries };
  });

  app.post('/api/attempts/:id/extend', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    const body = parse(z.strictObject({ minutes: z.number().int().min(1).max(120), reason: z.string().max(200).optional() }), req.body);
    return extendAttempt(hub, t, id, body.minutes, body.reason?.trim() || null);
  });

  app.post('/api/attempts/:id/end', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    const body = parse(z.strictObject({ reason: z.string().max(200).optional() }), req.body ?? {});
    await endAttempt(hub, t, id, body.reason?.trim() || null);
    return { ok: true };
  });

  app.post('/api/exams/:id/regrade', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    return hub.regradeExam(t, id);
  });

  app.get('/api/exams/:id/gradebook', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    return hub.gradebook(t, id);
  });

  app.get('/api/exams/:id/gradebook.csv', async (req, reply) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    const book = await hub.gradebook(t, id);
    const name = `gradebook-${book.exam.joinCode}.csv`;
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${name}"`).send(gradebookCsv(book));
  });

  /** The exam's xAPI statements, in the order they were made (docs/hub.md "xAPI"). */
  app.get('/api/exams/:id/xapi.json', async (req, reply) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    const exam = await hub.examOf(t, id);
    return reply.type('application/json; charset=utf-8').header('Content-Disposition', `attachment; filename="xapi-${exam.join_code}.json"`).send(JSON.stringify(await examStatements(hub.db, exam.id), null, 1));
  });

  /** The hub's record of one attempt: what the review screen is built from. */
  app.get('/api/attempts/:id/record', async (req) => {
    const t = await teacherOf(req);
    const { id } = parse(idParam, req.params);
    const { attempt } = await hub.attemptOf(t, id);
    const { input, yaml, file } = await hub.gradeInput(attempt.id);
    const { sim } = resimulate(input);
    return {
      attempt: await hub.attemptInfo(attempt),
      scenarioYaml: yaml,
      scenarioFile: file,
      quizAnswers: input.quizAnswers ?? null,
      runFile: makeRunFile(input.scenario, input.seed, input.actions, sim, `livesim hub ${hub.opts.appVersion}`),
      grades: (await hub.grades(attempt.id)).map((g) => ({ n: g.n, at: g.created_at, reason: g.reason, appVersion: g.app_version, total: g.total, passed: g.passed === 1, digest: g.digest, report: JSON.parse(g.report) as unknown })),
      entries: (await hub.entries(attempt.id)).map((e) => ({ seq: e.seq, kind: e.kind, simMs: e.simMs, receivedAt: e.receivedAt })),
    };
  });

  for (const [route, run] of [
    ['rejoin', (t: Teacher, id: string) => hub.allowRejoin(t, id)],
    ['retake', (t: Teacher, id: string, body: unknown) => hub.grantRetake(t, id, parse(retakeBody, body).reason)],
    ['void', (t: Teacher, id: string, body: unknown) => hub.voidAttempt(t, id, parse(retakeBody, body).reason)],
  ] as const) {
    app.post(`/api/attempts/:id/${route}`, async (req) => {
      const t = await teacherOf(req);
      const { id } = parse(idParam, req.params);
      await run(t, id, req.body);
      return { ok: true };
    });
  }

  // ------------------------------------------------------------------------------------------
  // Students

  app.post('/api/join', perMinute(limits.join), async (req) => {
    const body = parse(joinBody, req.body);
    if (!sebPasses(req, await hub.sebConfigKey({ joinCode: body.code }))) throw new HubError(403, SEB_REFUSAL, { seb: true });
    const { token, attempt } = await hub.join(body);
    return { token, attempt: await hub.attemptInfo(attempt) };
  });

  app.get('/api/attempt', async (req) => ({ attempt: await hub.attemptInfo(await attemptOf(req)) }));

  app.post('/api/attempt/start', async (req) => ({ attempt: await hub.attemptInfo(await hub.start(await attemptOf(req))) }));

  app.get('/api/attempt/entries', async (req) => ({ entries: await hub.entries((await attemptOf(req)).id) }));

  /** A template exam: from this part (over) to the next one; the page keeps the new token instead. */
  app.post('/api/attempt/next', async (req) => {
    const { token, attempt } = await hub.nextPart(await attemptOf(req));
    return { token, attempt: await hub.attemptInfo(attempt) };
  });

  app.post('/api/attempt/quiz', async (req) => {
    const a = await attemptOf(req);
    await hub.submitQuiz(a, parse(quizBody, req.body).answers);
    return { ok: true };
  });

  // ------------------------------------------------------------------------------------------
  // The attempt's stream

  const sockets = new Map<string, WebSocket>();
  // The old page of a rejoined attempt: its token was replaced, and its open socket goes too
  // (what it sends from now on is not stored, even while the socket is still closing).
  const revoked = new WeakSet<WebSocket>();
  // Events from this hub process and, on PostgreSQL, from the others (the teacher may end the exam
  // on another hub than the one holding the student's socket).
  const unsubscribe = hub.events.subscribe((e) => {
    const ws = sockets.get(e.attemptId);
    if (!ws) return;
    if (e.kind === 'closed') send(ws, { type: 'closed', status: e.status, message: e.status === 'voided' ? 'the teacher voided this attempt' : e.status === 'timed-out' ? 'the time is up' : 'the teacher ended the exam' });
    else if (e.kind === 'rejoined') {
      revoked.add(ws);
      ws.close(4003, 'the student rejoined from another computer');
    } else if (e.kind === 'attempt') {
      // Extra time (src/hub/proctor.ts): the page's countdown and time limit move.
      void deadlineMessage(hub, e.attemptId).then((m) => m && send(ws, m), () => undefined);
    }
  });
  app.addHook('onClose', async () => unsubscribe());
  const send = (ws: WebSocket, m: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };

  app.get('/api/ws', { websocket: true }, (ws, req) => {
    let attemptId: string | null = null;
    let chain: Promise<unknown> = Promise.resolve();
    let alive = true;
    const hello = setTimeout(() => attemptId === null && ws.close(4000, 'no hello'), 10_000);
    const beat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, 20_000);
    ws.on('pong', () => (alive = true));

    const handle = async (raw: string) => {
      if (revoked.has(ws)) return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return send(ws, { type: 'error', message: 'a message must be JSON' });
      }
      const r = clientMessage.safeParse(json);
      if (!r.success) {
        const seq = (json as { seq?: unknown } | null)?.seq;
        return send(ws, typeof seq === 'number' ? { type: 'refused', seq, code: 'invalid', message: issuesText(r.error) } : { type: 'error', message: issuesText(r.error) });
      }
      const m = r.data;
      if (m.type === 'ping') {
        if (attemptId) await hub.seen(attemptId);
        return send(ws, { type: 'pong', serverNow: hub.now() });
      }
      if (m.type === 'hello') {
        if (m.protocol !== HUB_PROTOCOL) {
          send(ws, { type: 'error', message: `this page speaks protocol ${m.protocol}, the hub ${HUB_PROTOCOL}: reload the page` });
          return ws.close(4002, 'protocol');
        }
        const a = await hub.attemptByToken(m.token);
        if (!a) {
          send(ws, { type: 'error', message: 'this exam link is not valid: join again with the code' });
          return ws.close(4001, 'token');
        }
        // The upgrade request's headers: SEB hashes the socket's URL as it hashes a page's.
        if (!sebPasses(req, await hub.sebConfigKey({ id: a.exam_id }), true)) {
          send(ws, { type: 'error', message: SEB_REFUSAL });
          return ws.close(4004, 'safe exam browser');
        }
        attemptId = a.id;
        clearTimeout(hello);
        const before = sockets.get(a.id);
        if (before && before !== ws) before.close(4003, 'another page of this attempt connected');
        sockets.set(a.id, ws);
        await hub.connected(a);
        return send(ws, { type: 'welcome', attempt: await hub.attemptInfo((await hub.attemptByToken(m.token))!) });
      }
      if (!attemptId) return send(ws, { type: 'error', message: 'say hello with the attempt token first' });
      send(ws, await hub.receive(attemptId, m));
    };

    ws.on('message', (data, isBinary) => {
      alive = true;
      if (isBinary) return send(ws, { type: 'error', message: 'a message must be JSON text' });
      const raw = data.toString();
      // One message at a time per socket, in the order they came.
      chain = chain.then(() => handle(raw)).catch((e: unknown) => {
        req.log.error(e);
        send(ws, { type: 'error', message: 'the hub could not store that; it will be asked again' });
      });
    });
    ws.on('close', () => {
      clearTimeout(hello);
      clearInterval(beat);
      if (attemptId && sockets.get(attemptId) === ws) {
        sockets.delete(attemptId);
        void hub.seen(attemptId).catch(() => undefined);
      }
    });
  });

  app.all('/api/*', async () => {
    throw new HubError(404, 'no such API route');
  });

  // ------------------------------------------------------------------------------------------
  // The app

  if (opts.distDir && existsSync(path.join(opts.distDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(opts.distDir), index: ['index.html'], cacheControl: false, setHeaders: (res, file) => res.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache') });
  }
  return app;
}
