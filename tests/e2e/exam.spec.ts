/**
 * A whole class exam on the hub (docs/hub.md), in the browser: a hub child process with a
 * temporary database; the teacher creates the account from the setup link and an exam on the
 * 5-minute stream-drop drill through the form; three students join in their own browser contexts,
 * read the briefing and play the live room (talk, the product card, a reply to the scripted
 * question, the stream drop). One reloads in the middle and continues the same attempt; one loses
 * the network for 20 s, plays on offline and sends what it kept when it comes back; one ends the
 * stream (下播). The teacher ends the exam and reads the gradebook, the CSV and a report; every
 * grade is checked against an offline re-simulation of the hub's record.
 *
 * A second test runs a template exam (直播销售员 五级, src/hub/templates.ts) on the same hub: the
 * teacher picks the template and a scenario per part through the form (a template without a
 * scenario for every part can't be chosen); one student takes 2-1 直播预演 and 2-2 直播销售 in the
 * browser (the next-part step, a reload in part 2), two more through the API (ApiStudent: one stops
 * after part 1); the gradebook by part with the weighted total, the CSV, each part's report.
 * createTemplateExamThroughForm, ApiStudent and teacherSignedIn are there for the full browser
 * test of a 五级 template exam (both parts played in the page).
 *
 * Time: the hub's clock runs SCALE times as fast (`--time-scale`, a test-only option) and the
 * student pages follow the hub's clock (attempt.serverNow and attempt.clockRate), so the 5-minute
 * drill takes 300/SCALE s of real time. Everything else is real: sockets, timers, the browser.
 */
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { runWithBot, type ActionInput } from '../../src/engine';
import type { ShippedScenario } from '../../src/hub/hub';
import { EXAM_TEMPLATES, fits } from '../../src/hub/templates';
import { gradeAttempt, loadExamScenario } from '../../src/hub/grade';
import { parseCsv } from '../parse-csv';
import { HONEY_SCRIPT } from '../rehearsal-script';
import { ROOT, shot, watchErrors } from './helpers';

const DRILL_ID = 'drill-stream-drop-5min';
const DRILL_FILE = 'scenarios/drill-stream-drop-5min.yaml';
/** The hub's clock runs this many times as fast as real time (the drill's 5 minutes take 30 s). */
const SCALE = 10;
const TIME_LIMIT_MIN = 7;
const PASS_MARK = 60;
/** Real time the offline student is offline (200 s of the hub's clock at 10×). */
const OFFLINE_MS = 20_000;
const VIEWPORT = { width: 1366, height: 768 };
const TEACHER = { username: '王老师', password: 'correct horse battery' };
/** The 五级 rehearsal task (2-1 直播预演) the template exam's first part runs. */
const REHEARSAL_ID = 'imkt-l5-rehearsal-honey-15min';

test.use({ viewport: VIEWPORT });
test.describe.configure({ mode: 'serial' });

// ------------------------------------------------------------------ the hub process

/** The newest modification time under `p` (files only). */
function newest(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const e of readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

/**
 * The build the hub serves: the one playwright.config.ts's webServer made for this run when it is
 * newer than the sources; otherwise (a reused server, sources edited since) a build of our own in
 * a folder nothing else serves, so the other specs' files are never replaced under them.
 */
function appBuild(): string {
  const shared = path.resolve(ROOT, process.env.LIVESIM_E2E_DIST ?? 'dist');
  const sources = Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'scenarios')), newest(path.join(ROOT, 'index.html')));
  const fresh = (dir: string) => existsSync(path.join(dir, 'index.html')) && statSync(path.join(dir, 'index.html')).mtimeMs > sources;
  if (fresh(shared)) return shared;
  const own = path.resolve(ROOT, process.env.LIVESIM_E2E_RESULTS ?? 'test-results', 'exam-hub-dist');
  if (fresh(own)) return own;
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--outDir', own, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  return own;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface HubProc {
  child: ChildProcess;
  url: string;
  setupLink: string;
  /** The hub's clock origin (ms): its time is origin + (real − origin) × SCALE. */
  origin: number;
  output: () => string;
  dataDir: string;
}

async function startHub(dist: string): Promise<HubProc> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'livesim-exam-e2e-'));
  const origin = Date.now();
  const args = ['--import', 'tsx', 'src/hub/main.ts', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir, '--no-build', '--dist', dist, '--time-scale', String(SCALE), '--time-origin', String(origin)];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not get ready in 60 s:\n${out}`)), 60_000);
    const check = () => {
      if (/hub: ready/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited with ${code}:\n${out}`));
    });
  });
  const setupLink = /(http:\/\/\S+\/\?page=setup&token=\S+)/.exec(out)?.[1];
  if (!setupLink) throw new Error(`no setup link in the hub's output:\n${out}`);
  return { child, url: `http://127.0.0.1:${port}`, setupLink, origin, output: () => out, dataDir };
}

async function stopHub(h: HubProc | undefined): Promise<void> {
  if (!h) return;
  if (h.child.exitCode === null && h.child.signalCode === null) {
    const exited = new Promise<void>((resolve) => h.child.once('exit', () => resolve()));
    h.child.kill('SIGTERM');
    const timer = setTimeout(() => h.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(h.dataDir, { recursive: true, force: true });
}

// ------------------------------------------------------------------ the students' side

interface Student {
  name: string;
  studentNo: string;
  className: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

interface RunInfo {
  now: number;
  actions: number;
  finished: boolean;
  digest: string | null;
  resumed: { from: string; toMs: number } | null;
}
const runInfo = (page: Page) => page.evaluate(() => (window as unknown as { livesim: { current(): RunInfo | null } }).livesim.current());

/** What the page keeps of its attempt (the token and the attempt id, per exam code). */
const storedAttempt = (page: Page, code: string) =>
  page.evaluate((c) => JSON.parse(localStorage.getItem(`livesim.exam.${c}`) ?? 'null') as { token: string; attemptId: string } | null, code);

async function simMs(page: Page): Promise<number> {
  return (await runInfo(page))?.now ?? 0;
}

async function waitForSim(page: Page, ms: number, timeout = 60_000): Promise<void> {
  await expect.poll(() => simMs(page), { timeout, intervals: [100, 200] }).toBeGreaterThanOrEqual(ms);
}

async function say(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('talk-input');
  await input.fill(text);
  await input.press('Enter');
}

/** Explain the oranges and pop their card, with two lines of talk. */
async function opening(page: Page): Promise<void> {
  const row = page.locator('[data-testid="product-row"][data-product="oranges"]');
  await row.getByTestId('start-explaining').click();
  await expect(row).toHaveAttribute('data-explaining', 'true');
  await row.getByTestId('show-card').click();
  await expect(row).toHaveAttribute('data-card', 'true');
  await say(page, '欢迎家人们！今天的云南高山冰糖橙，海拔1500米，昼夜温差大，果肉化渣汁多，坏果包赔！');
  await say(page, '直播间到手价29.9元，点击下方小黄车1号链接直接拍，先领3元券更划算！');
}

/** Answer the scripted question (0:55) from the questions filter. */
async function answerQuestion(page: Page): Promise<void> {
  await page.getByTestId('filter-questions').click();
  const question = page.locator('[data-testid="comment"]', { hasText: '橙子是哪里产的？' }).first();
  await expect(question).toBeVisible({ timeout: 30_000 });
  await question.click();
  await page.getByTestId('reply-input').fill('是云南玉溪新平县的高山果园，产地直发哦');
  await page.getByTestId('reply-send').click();
  await expect(question).toHaveAttribute('data-answered', /.+/);
  await page.getByTestId('filter-all').click();
}

/** The stream drops at 2:00: switch to the backup network. */
async function handleDrop(page: Page): Promise<void> {
  const drop = page.locator('[data-testid="incident"][data-incident="drop"]');
  await expect(drop).toBeVisible({ timeout: 60_000 });
  await drop.getByTestId('reconnect-stream-backup').click();
  await expect(drop).toHaveAttribute('data-status', 'handled');
  await say(page, '抱歉刚才网络断了一下，让大家久等了！冰糖橙清甜化渣，喜欢的宝宝拍1号链接！');
}

async function expectSubmitted(page: Page): Promise<Locator> {
  const done = page.getByTestId('exam-submitted');
  await expect(done).toBeVisible({ timeout: 60_000 });
  // Every entry acknowledged: nothing pending, as many acknowledged as made.
  await expect(done).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  await expect(page.getByTestId('exam-submitted-sync')).toHaveAttribute('data-state', 'synced');
  const total = await done.getAttribute('data-total');
  expect(Number(total)).toBeGreaterThan(0);
  await expect(done).toHaveAttribute('data-acked', total!);
  return done;
}

// ------------------------------------------------------------------ the exam

let hub: HubProc | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  hub = await startHub(appBuild());
});

test.afterAll(async () => {
  await stopHub(hub);
});

test('a class exam: the teacher sets it up, three students sit it (a reload, 20 s offline, 下播), grades equal offline re-simulation', async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  const h = hub!;
  /** The hub's clock at this machine's time `real`. */
  const hubAt = (real: number) => h.origin + (real - h.origin) * SCALE;
  const contexts: BrowserContext[] = [];
  const newPage = async (b: Browser) => {
    const context = await b.newContext({ baseURL: h.url, viewport: VIEWPORT, acceptDownloads: true, locale: 'zh-CN' });
    contexts.push(context);
    return { context, page: await context.newPage() };
  };

  try {
    // ---------------------------------------------------------------- the teacher sets up
    const { page: teacher } = await newPage(browser);
    const teacherErrors = watchErrors(teacher);
    await teacher.goto(h.setupLink);
    await expect(teacher.getByTestId('teacher-setup')).toBeVisible();
    await teacher.getByTestId('setup-username').fill(TEACHER.username);
    await teacher.getByTestId('setup-password').fill(TEACHER.password);
    await teacher.getByTestId('setup-repeat').fill(TEACHER.password);
    await shot(teacher, 'exam-01-teacher-setup');
    await teacher.getByTestId('setup-submit').click();
    await expect(teacher.getByTestId('exam-list')).toBeVisible();
    await expect(teacher.getByTestId('teacher-name')).toContainText('王老师');
    await expect(teacher.getByTestId('exam-list-empty')).toBeVisible();
    await shot(teacher, 'exam-02-exam-list-empty');

    await teacher.getByTestId('exam-new').click();
    await expect(teacher.getByTestId('create-exam')).toBeVisible();
    await teacher.getByTestId('create-title').fill('直播营销实训 · 断流应急考核');
    await teacher.getByTestId('create-source-shipped').check();
    await teacher.getByTestId('create-scenario').selectOption(DRILL_ID);
    await expect(teacher.getByTestId('create-scenario-summary')).toBeVisible();
    await teacher.getByTestId('create-time-limit').fill(String(TIME_LIMIT_MIN));
    await teacher.getByTestId('create-pass-mark').fill(String(PASS_MARK));
    await teacher.getByTestId('create-seed-per-student').check();
    await teacher.getByTestId('create-language').selectOption('zh');
    await shot(teacher, 'exam-03-create-form', true);
    await teacher.getByTestId('create-exam-submit').click();

    await expect(teacher.getByTestId('exam-page')).toBeVisible();
    const code = ((await teacher.getByTestId('exam-join-code').textContent()) ?? '').replace(/[\s-]/g, '');
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    const joinUrl = await teacher.getByTestId('exam-join-url').getAttribute('href');
    expect(joinUrl).toBe(`${h.url}/?join=${code}`);
    const qr = teacher.getByTestId('exam-qr');
    await expect(qr).toBeVisible();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect(teacher.getByTestId('gradebook-empty')).toBeVisible();
    await shot(teacher, 'exam-04-exam-page');

    // ---------------------------------------------------------------- the students join
    const people = [
      { name: '李明', studentNo: '2023010101', className: '电商2301' }, // ends the stream (下播)
      { name: '张悦', studentNo: '2023010102', className: '电商2301' }, // reloads in the middle
      { name: '陈思远', studentNo: '2023010103', className: '电商2301' }, // 20 s offline
    ];
    const students: Student[] = [];
    for (const p of people) {
      const { context, page } = await newPage(browser);
      students.push({ ...p, context, page, errors: watchErrors(page) });
    }
    const [ender, reloader, offline] = students;

    for (const s of students) {
      await s.page.goto(`/?join=${code}`);
      await expect(s.page.getByTestId('exam-join')).toBeVisible();
      await expect(s.page.getByTestId('join-code')).toHaveValue(code);
      await s.page.getByTestId('join-name').fill(s.name);
      await s.page.getByTestId('join-student-no').fill(s.studentNo);
      await s.page.getByTestId('join-class').fill(s.className);
      if (s === ender) await shot(s.page, 'exam-05-student-join');
      await s.page.getByTestId('join-submit').click();
      await expect(s.page.getByTestId('exam-briefing')).toBeVisible();
      await expect(s.page.getByTestId('exam-briefing-student-no')).toHaveText(s.studentNo);
      await expect(s.page.getByTestId('exam-time-limit')).toHaveAttribute('data-ms', String(TIME_LIMIT_MIN * 60_000));
      await expect(s.page.getByTestId('exam-banner')).toBeVisible();
      if (s === ender) await shot(s.page, 'exam-06-student-briefing');
    }
    // The teacher's table lists them as they join.
    await expect(teacher.getByTestId('gradebook-row')).toHaveCount(3, { timeout: 15_000 });

    // ---------------------------------------------------------------- live
    for (const s of students) {
      await s.page.getByTestId('exam-start').click();
      await expect(s.page.getByTestId('live-screen')).toBeVisible({ timeout: 20_000 });
      await expect(s.page.getByTestId('exam-banner')).toHaveAttribute('data-phase', 'live');
      // The exam policy: no pause, no speed buttons, no restart.
      await expect(s.page.getByTestId('pause')).toHaveCount(0);
      await expect(s.page.getByTestId('restart')).toHaveCount(0);
      await expect(s.page.getByTestId('speed-2')).toHaveCount(0);
    }

    // The page's sim clock follows the hub's (SCALE× real time), not its own.
    const attemptOf = async (s: Student) => {
      const stored = (await storedAttempt(s.page, code))!;
      const r = await s.page.request.get('/api/attempt', { headers: { Authorization: `Bearer ${stored.token}` } });
      expect(r.ok()).toBe(true);
      return ((await r.json()) as { attempt: { attemptId: string; startedAt: number; deadline: number; clockRate: number } }).attempt;
    };
    const enderAttempt = await attemptOf(ender);
    expect(enderAttempt.clockRate).toBe(SCALE);
    const sample = async () => {
      const { real, sim } = await ender.page.evaluate(() => ({ real: Date.now(), sim: (window as unknown as { livesim: { current(): { now: number } } }).livesim.current().now }));
      return { sim, hubElapsed: hubAt(real) - enderAttempt.startedAt };
    };
    const s1 = await sample();
    testInfo.annotations.push({ type: 'sim clock vs hub clock', description: `sim ${s1.sim} ms, hub elapsed ${s1.hubElapsed} ms` });
    // Never ahead of the hub's clock (whole 0.1 s ticks), and behind by at most a few frames.
    expect(s1.sim).toBeLessThanOrEqual(s1.hubElapsed + 200);
    expect(s1.sim).toBeGreaterThan(s1.hubElapsed - 5_000);
    const countdown = Number(await ender.page.getByTestId('exam-countdown').getAttribute('data-ms'));
    expect(Math.abs(countdown - (enderAttempt.deadline - hubAt(Date.now())))).toBeLessThan(8_000);

    await expect(ender.page.getByTestId('exam-sync')).toHaveAttribute('data-state', /synced|pending/);

    // Each student plays their own script at the same time.
    const reloaderId = (await storedAttempt(reloader.page, code))!.attemptId;
    const offlineNotes: { pendingWhileOffline: number; stateWhileOffline: string | null } = { pendingWhileOffline: 0, stateWhileOffline: null };
    const reloadNotes: { simBefore: number; simAfter: number; resumed: RunInfo['resumed'] } = { simBefore: 0, simAfter: 0, resumed: null };

    const playEnder = async () => {
      const p = ender.page;
      await opening(p);
      await expect(p.getByTestId('exam-sync')).toHaveAttribute('data-state', 'synced', { timeout: 15_000 });
      await expect(p.getByTestId('exam-sync')).toHaveAttribute('data-pending', '0');
      await shot(p, 'exam-07-live-synced');
      await answerQuestion(p);
      await handleDrop(p);
      await waitForSim(p, 200_000);
      await say(p, '今天的直播就到这里，感谢大家，下次见！');
      // 下播: end the stream early, with the confirm.
      await p.getByTestId('end-stream').click();
      await p.getByTestId('end-stream-yes').click();
      await expectSubmitted(p);
    };

    const playReloader = async () => {
      const p = reloader.page;
      await opening(p);
      await waitForSim(p, 25_000);
      await expect(p.getByTestId('exam-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
      reloadNotes.simBefore = await simMs(p);
      await p.reload();
      // The same attempt continues: no join form, no briefing, no offer to start over.
      await expect(p.getByTestId('live-screen')).toBeVisible({ timeout: 30_000 });
      await expect(p.getByTestId('resume-offer')).toHaveCount(0);
      await expect(p.getByTestId('exam-join')).toHaveCount(0);
      await expect(p.getByTestId('exam-briefing')).toHaveCount(0);
      expect((await storedAttempt(p, code))?.attemptId).toBe(reloaderId);
      const after = await runInfo(p);
      reloadNotes.simAfter = after?.now ?? 0;
      reloadNotes.resumed = after?.resumed ?? null;
      // The actions before the reload are part of the continued run.
      expect(after?.actions).toBeGreaterThanOrEqual(5);
      await expect(p.locator('[data-testid="product-row"][data-product="oranges"]')).toHaveAttribute('data-card', 'true');
      await answerQuestion(p);
      await handleDrop(p);
      await say(p, '坏果包赔，放心下单，喜欢的宝宝拍1号链接！');
      // The stream ends at 5:00 by itself.
      await expectSubmitted(p);
    };

    const playOffline = async () => {
      const p = offline.page;
      await opening(p);
      await expect(p.getByTestId('exam-sync')).toHaveAttribute('data-state', 'synced', { timeout: 15_000 });
      await waitForSim(p, 40_000);
      const wentOffline = Date.now();
      await offline.context.setOffline(true);
      const sync = p.getByTestId('exam-sync');
      await expect(sync).toHaveAttribute('data-state', 'offline', { timeout: 5_000 });
      // Playing on while offline: entries wait in the outbox.
      await answerQuestion(p);
      await handleDrop(p);
      await expect(sync).toHaveAttribute('data-state', 'offline');
      offlineNotes.pendingWhileOffline = Number(await sync.getAttribute('data-pending'));
      offlineNotes.stateWhileOffline = await sync.getAttribute('data-state');
      expect(offlineNotes.pendingWhileOffline).toBeGreaterThanOrEqual(3);
      await shot(p, 'exam-08-live-offline');
      const rest = OFFLINE_MS - (Date.now() - wentOffline);
      if (rest > 0) await p.waitForTimeout(rest);
      await offline.context.setOffline(false);
      // Back: everything kept is sent and acknowledged.
      await expect(sync).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
      await expect(sync).toHaveAttribute('data-pending', '0');
      await expectSubmitted(p);
    };

    // The teacher meanwhile: the live class view (the hub's re-simulation, every second), two
    // minutes more for 李明 (his countdown moves), and 张悦's room watched read-only.
    const liveNotes: { before: number[]; after: number[]; watch: number[] } = { before: [], after: [], watch: [] };
    const watchClass = async () => {
      const t = teacher;
      await t.getByTestId('live-open').click();
      const liveRows = t.getByTestId('live-row');
      await expect(liveRows).toHaveCount(3, { timeout: 10_000 });
      const simOf = () => liveRows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-sim-ms') || -1)));
      await expect.poll(async () => (await simOf()).every((ms) => ms > 0), { timeout: 10_000 }).toBe(true);
      liveNotes.before = await simOf();
      // Sim time increasing in every row (the hub's clock runs 10×: ~10 s of sim a second).
      await expect.poll(async () => (await simOf()).every((ms, i) => ms > liveNotes.before[i]), { timeout: 10_000 }).toBe(true);
      liveNotes.after = await simOf();
      await expect(t.locator('[data-testid="live-row"] [data-testid="live-connection"] .pill--ok')).not.toHaveCount(0);
      await shot(t, 'exam-13-live-grid', true);

      // Two more minutes for 李明: the hub pushes the new deadline; his countdown moves.
      const enderRow = t.locator(`[data-testid="live-row"][data-student-no="${ender.studentNo}"]`);
      await enderRow.getByTestId('live-extend-minutes').fill('2');
      await enderRow.getByTestId('live-extend').click();
      await expect(t.getByTestId('live-done')).toBeVisible();
      await expect(enderRow).toHaveAttribute('data-deadline', String(enderAttempt.deadline + 120_000));
      const countdownGain = async () => Number(await ender.page.getByTestId('exam-countdown').getAttribute('data-ms')) - (enderAttempt.deadline - hubAt(Date.now()));
      await expect.poll(countdownGain, { timeout: 10_000 }).toBeGreaterThan(100_000);

      // Watch 张悦 read-only: the room and the console, following the hub's clock.
      await t.locator(`[data-testid="live-row"][data-student-no="${reloader.studentNo}"]`).getByTestId('live-watch').click();
      await expect(t.getByTestId('watch-screen')).toBeVisible();
      await expect(t.getByTestId('watch-banner')).toHaveText('只读·实时观看');
      await expect(t.getByTestId('watch-console')).toHaveAttribute('inert', /.*/);
      const watchClock = t.getByTestId('watch-clock');
      await expect.poll(async () => Number(await watchClock.getAttribute('data-ms')), { timeout: 10_000 }).toBeGreaterThan(0);
      const w0 = Number(await watchClock.getAttribute('data-ms'));
      await expect.poll(async () => Number(await watchClock.getAttribute('data-ms')), { timeout: 10_000 }).toBeGreaterThan(w0 + 5_000);
      liveNotes.watch = [w0, Number(await watchClock.getAttribute('data-ms'))];
      await expect(t.getByTestId('live-room')).toBeVisible();
      await shot(t, 'exam-14-watch-read-only');
      await t.getByTestId('watch-back').click();
      await expect(t.getByTestId('exam-page')).toBeVisible();
    };

    await Promise.all([playEnder(), playReloader(), playOffline(), watchClass()]);
    testInfo.annotations.push({ type: 'live view', description: `rows ${liveNotes.before.join('/')} → ${liveNotes.after.join('/')} ms; watched ${liveNotes.watch.join(' → ')} ms` });
    await shot(ender.page, 'exam-09-submitted', true);

    // The reloaded page went on from where the hub's clock was, not from the start.
    expect(reloadNotes.simAfter).toBeGreaterThanOrEqual(reloadNotes.simBefore);
    expect(reloadNotes.resumed).not.toBeNull();

    // ---------------------------------------------------------------- the teacher ends the exam
    await teacher.getByTestId('exam-end').click();
    await teacher.getByTestId('exam-end-confirm').click();
    await expect(teacher.getByTestId('exam-state')).toHaveAttribute('data-state', 'ended', { timeout: 15_000 });
    await expect(teacher.getByTestId('exam-end')).toHaveCount(0);
    const rows = teacher.getByTestId('gradebook-row');
    await expect(rows).toHaveCount(3);
    // Every row graded (the table refreshes every 5 s; grading runs in a worker).
    await expect(teacher.locator('[data-testid="gradebook-total"][data-total]')).toHaveCount(3, { timeout: 60_000 });
    const rowOf = (s: Student) => teacher.locator(`[data-testid="gradebook-row"][data-student-no="${s.studentNo}"]`);
    for (const s of students) {
      await expect(rowOf(s)).toHaveAttribute('data-status', 'submitted');
      // The hub holds exactly what the page made and saw acknowledged.
      const acked = await s.page.getByTestId('exam-submitted').getAttribute('data-acked');
      await expect(rowOf(s).getByTestId('gradebook-acked')).toHaveText(acked!);
    }
    expect(await rowOf(reloader).getAttribute('data-attempt-id')).toBe(reloaderId);
    // 20 s of real time offline is 200 s of the hub's clock: a disconnect (≥ 15 s) is flagged.
    await expect(rowOf(offline).locator('[data-testid="gradebook-flag"][data-kind="disconnect"]')).toHaveCount(1);
    await expect(rowOf(ender).locator('[data-testid="gradebook-flag"][data-kind="disconnect"]')).toHaveCount(0);
    // What it played offline reached the hub minutes (of its clock) after it happened: flagged as
    // backdated ("expected after a disconnect"), once per attempt.
    await expect(rowOf(offline).locator('[data-testid="gradebook-flag"][data-kind="backdated"]')).toHaveCount(1);
    // Nobody ran ahead of the hub's clock, and a reload is not a hidden tab.
    await expect(teacher.locator('[data-testid="gradebook-flag"][data-kind="ahead"]')).toHaveCount(0);
    await expect(teacher.locator('[data-testid="gradebook-flag"][data-kind="hidden"]')).toHaveCount(0);
    const reloaderFlags = await rowOf(reloader).locator('[data-testid="gradebook-flag"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    testInfo.annotations.push({ type: 'reloader flags', description: reloaderFlags.join(', ') || 'none' });
    testInfo.annotations.push({ type: 'reload', description: `sim ${reloadNotes.simBefore} ms before, ${reloadNotes.simAfter} ms after, resumed from ${reloadNotes.resumed?.from}` });
    testInfo.annotations.push({ type: 'offline', description: `${offlineNotes.pendingWhileOffline} entries pending while ${offlineNotes.stateWhileOffline}` });
    await shot(teacher, 'exam-10-gradebook', true);
    // The audit log: the extra time (who, what) and the end of the exam.
    await expect(teacher.locator('[data-testid="audit-row"][data-action="extend-attempt"]')).toHaveCount(1);
    await expect(teacher.locator('[data-testid="audit-row"][data-action="extend-attempt"]')).toContainText('王老师');
    await expect(teacher.locator('[data-testid="audit-row"][data-action="end-exam"]')).toHaveCount(1, { timeout: 10_000 });

    const totals = new Map<string, number>();
    for (const s of students) totals.set(s.studentNo, Number(await rowOf(s).getByTestId('gradebook-total').getAttribute('data-total')));

    // ---------------------------------------------------------------- the CSV
    const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByTestId('exam-csv').click()]);
    const csvFile = testInfo.outputPath('gradebook.csv');
    await download.saveAs(csvFile);
    const bytes = readFileSync(csvFile);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(table).toHaveLength(4);
    const head = table[0];
    expect(head[0]).toBe('学号');
    const totalCol = head.indexOf('总分');
    expect(totalCol).toBeGreaterThan(0);
    for (const row of table.slice(1)) expect(row).toHaveLength(head.length);
    expect(table.slice(1).map((r) => r[0]).sort()).toEqual(students.map((s) => s.studentNo).sort());
    for (const row of table.slice(1)) expect(Number(row[totalCol])).toBe(totals.get(row[0]));

    // ---------------------------------------------------------------- grades = offline re-simulation
    const scenario = loadExamScenario(readFileSync(path.join(ROOT, DRILL_FILE), 'utf8'), `${DRILL_ID}.yaml`);
    for (const s of students) {
      const attemptId = (await rowOf(s).getAttribute('data-attempt-id'))!;
      const res = await teacher.request.get(`/api/attempts/${attemptId}/record`);
      expect(res.ok()).toBe(true);
      const rec = (await res.json()) as {
        attempt: { seed: number; engineVersion: string; timeLimitMs: number; studentNo: string };
        runFile: { seed: number; actions: ActionInput[] };
        grades: { n: number; total: number; digest: string; reason: string }[];
      };
      expect(rec.attempt.studentNo).toBe(s.studentNo);
      expect(rec.grades.length).toBeGreaterThanOrEqual(1);
      expect(rec.grades[0].reason).toBe('exam');
      const g = gradeAttempt({ scenario, seed: rec.runFile.seed, engineVersion: rec.attempt.engineVersion, timeLimitMs: rec.attempt.timeLimitMs, passMark: PASS_MARK, actions: rec.runFile.actions });
      expect(g.late).toBe(0);
      expect(g.digest, `${s.name}: the hub's digest`).toBe(rec.grades[0].digest);
      expect(g.total, `${s.name}: the hub's total`).toBe(rec.grades[0].total);
      expect(g.total).toBe(totals.get(s.studentNo));
      const types = rec.runFile.actions.map((a) => a.type);
      for (const t of ['start_explaining', 'show_card', 'say', 'reply_comment', 'reconnect_stream']) expect(types, `${s.name} did ${t}`).toContain(t);
      if (s === ender) expect(types).toContain('end_stream');
      // The page's own run ended where the hub's re-simulation ends.
      const pageRun = await runInfo(s.page);
      if (pageRun?.finished && pageRun.digest) expect(pageRun.digest, `${s.name}: the page's digest`).toBe(g.digest);
    }

    // ---------------------------------------------------------------- a report
    await rowOf(offline).getByTestId('row-report').click();
    await expect(teacher.getByTestId('teacher-report')).toBeVisible();
    await expect(teacher.getByTestId('report-student')).toContainText(offline.name);
    const gradeRow = teacher.getByTestId('report-grade-row').first();
    await expect(gradeRow).toHaveAttribute('data-total', String(totals.get(offline.studentNo)));
    await expect(teacher.getByTestId('score-report')).toHaveAttribute('data-total', String(totals.get(offline.studentNo)));
    await expect(teacher.locator('[data-testid="report-flag"][data-kind="disconnect"]')).toHaveCount(1);
    await shot(teacher, 'exam-11-report');
    // The report is the review screen built from the hub's record: its re-simulation is the graded run, and evidence opens the replay there.
    await expect(teacher.getByTestId('review-body')).toHaveAttribute('data-digest-match', 'true');
    await expect(teacher.getByTestId('review-charts')).toBeVisible();
    const criterion = teacher.locator('[data-testid="criterion"][data-criterion="stream-recovery"]');
    await criterion.locator('summary').click();
    const evidence = criterion.getByTestId('evidence').first();
    await evidence.scrollIntoViewIfNeeded();
    await shot(teacher, 'exam-11a-report-evidence');
    const evidenceMs = Number(await evidence.getAttribute('data-t'));
    await evidence.click();
    await expect(teacher.getByTestId('replay-screen')).toBeVisible({ timeout: 30_000 });
    await expect(teacher.getByTestId('teacher-report')).toBeHidden();
    await expect(teacher.getByTestId('replay-clock')).toHaveAttribute('data-target', String(evidenceMs));
    await expect(teacher.getByTestId('replay-clock')).toHaveAttribute('data-ms', String(Math.floor(evidenceMs / 1000) * 1000), { timeout: 30_000 });
    await expect(teacher.getByTestId('replay-console')).toBeVisible();
    await shot(teacher, 'exam-11b-report-replay');
    await teacher.getByTestId('replay-back').click();
    await expect(teacher.getByTestId('teacher-report')).toBeVisible();
    await expect(teacher.getByTestId('replay-screen')).toHaveCount(0);
    await expect(teacher.getByTestId('score-report')).toHaveAttribute('data-total', String(totals.get(offline.studentNo)));
    await expect(evidence).toBeInViewport();
    await shot(teacher, 'exam-11c-report-full', true);

    // The exams list, with the ended exam.
    await teacher.getByTestId('report-back').click();
    await expect(teacher.getByTestId('exam-page')).toBeVisible();
    await teacher.getByTestId('exam-back').click();
    const listed = teacher.locator(`[data-testid="exam-row"][data-join-code="${code}"]`);
    await expect(listed).toBeVisible();
    await expect(listed.getByTestId('exam-attempts')).toHaveText('3');
    await expect(listed.getByTestId('exam-state')).toHaveAttribute('data-state', 'ended');
    await shot(teacher, 'exam-12-exam-list');

    expect(teacherErrors, 'no page errors on the teacher pages').toEqual([]);
    for (const s of students) expect(s.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket connection/.test(e)), `${s.name}: no page errors`).toEqual([]);
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
});

// ------------------------------------------------------------------ template exams

/** Sign the teacher in: through the setup link while no teacher exists (this test run on its own), else with the class test's account. */
async function teacherSignedIn(page: Page, h: HubProc): Promise<void> {
  const info = (await (await page.request.get(`${h.url}/api/hub`)).json()) as { hasTeacher: boolean };
  if (!info.hasTeacher) {
    await page.goto(h.setupLink);
    await page.getByTestId('setup-username').fill(TEACHER.username);
    await page.getByTestId('setup-password').fill(TEACHER.password);
    await page.getByTestId('setup-repeat').fill(TEACHER.password);
    await page.getByTestId('setup-submit').click();
  } else {
    await page.goto('/?page=teacher');
    await page.getByTestId('login-username').fill(TEACHER.username);
    await page.getByTestId('login-password').fill(TEACHER.password);
    await page.getByTestId('login-submit').click();
  }
  await expect(page.getByTestId('exam-list')).toBeVisible();
}

/**
 * A template exam through the new-exam form: the template, a scenario per part (by id; undefined
 * keeps the form's choice), the pass mark and per-student seeds, in Chinese. Returns the join code
 * and the exam's id. `shotName`: a screenshot of the filled form.
 */
async function createTemplateExamThroughForm(page: Page, o: { title: string; template: string; scenarios?: (string | undefined)[]; passMark: number; shotName?: string }): Promise<{ code: string; examId: string }> {
  await page.getByTestId('exam-new').click();
  await expect(page.getByTestId('create-exam')).toBeVisible();
  await page.getByTestId('create-title').fill(o.title);
  await page.getByTestId('create-kind-template').check();
  await expect(page.getByTestId('create-time-limit')).toHaveCount(0);
  await page.getByTestId('create-template').selectOption(o.template);
  await expect(page.getByTestId('create-template-summary')).toHaveAttribute('data-template', o.template);
  for (const [i, id] of (o.scenarios ?? []).entries()) if (id) await page.locator(`[data-testid="create-part-scenario"][data-part="${i + 1}"]`).selectOption(id);
  await page.getByTestId('create-pass-mark').fill(String(o.passMark));
  await page.getByTestId('create-seed-per-student').check();
  await page.getByTestId('create-language').selectOption('zh');
  if (o.shotName) {
    await shot(page, o.shotName, true);
    // The same form in English (the page's language, not the exam's).
    await page.getByTestId('lang-toggle').click();
    await expect(page.getByTestId('create-template-formula')).toContainText('Total =');
    await shot(page, `${o.shotName}-en`, true);
    await page.getByTestId('lang-toggle').click();
    await expect(page.getByTestId('create-template-formula')).toContainText('总分 =');
  }
  await page.getByTestId('create-exam-submit').click();
  await expect(page.getByTestId('exam-page')).toBeVisible();
  const code = ((await page.getByTestId('exam-join-code').textContent()) ?? '').replace(/[\s-]/g, '');
  return { code, examId: (await page.getByTestId('exam-page').getAttribute('data-exam-id'))! };
}

interface AttemptInfoLite {
  attemptId: string;
  seed: number;
  startedAt: number | null;
  status: string;
  timeLimitMs: number;
  part?: { index: number; unit: string; next: number | null };
}

/**
 * A student who takes a template exam's parts through the hub's HTTP API and WebSocket, as the
 * page does, without a browser: each action is sent once the hub's clock has reached its sim time
 * (so no flag is raised), then 下播 (end_stream) and the end of the stream.
 */
class ApiStudent {
  token = '';
  attempt: AttemptInfoLite | null = null;
  constructor(
    private readonly h: HubProc,
    private readonly request: APIRequestContext,
    readonly who: { name: string; studentNo: string; className: string },
  ) {}

  private async call<T>(method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
    const r = await this.request.fetch(`${this.h.url}${url}`, { method, headers: this.token ? { Authorization: `Bearer ${this.token}` } : {}, ...(data !== undefined ? { data } : {}) });
    expect(r.ok(), `${method} ${url}: ${r.status()} ${await r.text()}`).toBe(true);
    return (await r.json()) as T;
  }

  async join(code: string): Promise<AttemptInfoLite> {
    const r = await this.call<{ token: string; attempt: AttemptInfoLite }>('POST', '/api/join', { code, ...this.who });
    this.token = r.token;
    return (this.attempt = r.attempt);
  }

  /** From the part just taken to the next (POST /api/attempt/next): the new token replaces this part's. */
  async next(): Promise<AttemptInfoLite> {
    const r = await this.call<{ token: string; attempt: AttemptInfoLite }>('POST', '/api/attempt/next', {});
    this.token = r.token;
    return (this.attempt = r.attempt);
  }

  /** Start the current part, send the actions before `endMs` paced by the hub's clock, then 下播 at `endMs` and the stream's end. */
  async takePart(actions: readonly ActionInput[], endMs: number): Promise<void> {
    const { attempt } = await this.call<{ attempt: AttemptInfoLite }>('POST', '/api/attempt/start', {});
    this.attempt = attempt;
    const started = attempt.startedAt!;
    const ws = new WebSocket(`${this.h.url.replace(/^http/, 'ws')}/api/ws`);
    const inbox: { type: string; seq?: number; message?: string }[] = [];
    let wake: (() => void) | null = null;
    ws.on('message', (d) => {
      inbox.push(JSON.parse(d.toString()) as { type: string });
      wake?.();
    });
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    const expectMessage = async (ok: (m: { type: string; seq?: number }) => boolean, what: string) => {
      const until = Date.now() + 15_000;
      for (;;) {
        const i = inbox.findIndex(ok);
        if (i >= 0) return inbox.splice(i, 1)[0];
        const refused = inbox.find((m) => m.type === 'refused' || m.type === 'error');
        expect(refused, `${this.who.name}: ${what}`).toBeUndefined();
        expect(Date.now(), `${this.who.name}: no ${what}`).toBeLessThan(until);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 200);
        });
      }
    };
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: this.token }));
    await expectMessage((m) => m.type === 'welcome', 'welcome');
    let seq = 0;
    const send = async (simMs: number, entry: unknown) => {
      seq++;
      ws.send(JSON.stringify({ type: 'entry', seq, simMs, wallMs: Date.now(), entry }));
      const want = seq;
      await expectMessage((m) => m.type === 'ack' && m.seq === want, `ack ${want}`);
    };
    const hubElapsed = () => this.h.origin + (Date.now() - this.h.origin) * SCALE - started;
    await send(0, { kind: 'start' });
    for (const a of [...actions.filter((x) => x.t < endMs), { t: endMs, type: 'end_stream' } as ActionInput]) {
      const wait = (a.t - hubElapsed()) / SCALE;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait + 20));
      await send(a.t, { kind: 'action', action: a });
    }
    await send(endMs, { kind: 'finish' });
    ws.close();
  }
}

/** The script the API student submits in the rehearsal part (as tests/e2e/rehearsal.spec.ts writes it). */
const REHEARSAL_SCRIPT = { format: 'demo', parts: HONEY_SCRIPT };

test('a template exam (直播销售员 五级): the teacher picks the template and a scenario per part; students take 2-1, then 2-2; the gradebook, the CSV and each report by part', async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  const h = hub!;
  const contexts: BrowserContext[] = [];
  const newPage = async () => {
    const context = await browser.newContext({ baseURL: h.url, viewport: VIEWPORT, acceptDownloads: true, locale: 'zh-CN' });
    contexts.push(context);
    return { context, page: await context.newPage() };
  };
  try {
    const { page: teacher } = await newPage();
    // Signed in first: the login page's own 401 from /api/me (no session yet) is not an error.
    await teacherSignedIn(teacher, h);
    const teacherErrors = watchErrors(teacher);

    // A template with a part that no shipped scenario fits can't be chosen; the others can.
    await teacher.getByTestId('exam-new').click();
    await teacher.getByTestId('create-kind-template').check();
    const shipped = ((await (await teacher.request.get('/api/scenarios')).json()) as { scenarios: ShippedScenario[] }).scenarios;
    for (const tp of EXAM_TEMPLATES) {
      const usable = tp.parts.every((p) => shipped.some((s) => fits(tp, p, s)));
      await expect(teacher.locator(`[data-testid="create-template"] option[data-template="${tp.id}"]`), tp.id).toHaveJSProperty('disabled', !usable);
    }
    await teacher.getByTestId('create-back').click();

    const { code } = await createTemplateExamThroughForm(teacher, { title: '直播销售员五级 实操考核（2班）', template: 'imkt-l5', scenarios: [REHEARSAL_ID, DRILL_ID], passMark: PASS_MARK, shotName: 'exam-15-create-template' });
    await expect(teacher.getByTestId('exam-part')).toHaveCount(2);
    await expect(teacher.getByTestId('exam-formula')).toContainText('(20 × 2-1 + 30 × 2-2) ÷ 50');

    // ---------------------------------------------------------------- a student in the browser
    const { page: student } = await newPage();
    const studentErrors = watchErrors(student);
    await student.goto(`/?join=${code}`);
    await student.getByTestId('join-name').fill('赵敏');
    await student.getByTestId('join-student-no').fill('2023020101');
    await student.getByTestId('join-class').fill('电商2302');
    await student.getByTestId('join-submit').click();
    await expect(student.getByTestId('exam-briefing')).toBeVisible();
    await expect(student.getByTestId('exam-part')).toHaveAttribute('data-part', '1');
    await expect(student.getByTestId('exam-time-limit')).toHaveAttribute('data-ms', String(15 * 60_000));
    await expect(student.getByTestId('exam-parts-item')).toHaveCount(2);
    await shot(student, 'exam-18-student-part-1-briefing');
    // Part 1 (2-1 直播预演): write and submit the script, then 下播.
    await student.getByTestId('exam-start').click();
    await expect(student.getByTestId('live-screen')).toBeVisible({ timeout: 20_000 });
    await expect(student.getByTestId('script-panel')).toBeVisible();
    await student.getByTestId('script-format').selectOption('demo');
    for (const p of REHEARSAL_SCRIPT.parts) {
      await student.getByTestId(`script-text-${p.part}`).fill(p.text);
      await student.getByTestId(`script-sec-${p.part}`).fill(String(p.sec));
    }
    await student.getByTestId('script-submit').click();
    await expect(student.getByTestId('script-status')).toHaveAttribute('data-submitted', 'true');
    // The teacher watching her sees the script as she submitted it (not an editor of its own).
    await teacher.getByTestId('live-open').click();
    const writingRow = teacher.locator('[data-testid="live-row"][data-student-no="2023020101"]');
    await expect(writingRow.getByTestId('live-part')).toHaveAttribute('data-part', '1', { timeout: 10_000 });
    await writingRow.getByTestId('live-watch').click();
    const watchedScript = teacher.getByTestId('watch-console').getByTestId('script-panel');
    await expect(watchedScript).toHaveAttribute('data-state', 'submitted', { timeout: 20_000 });
    await expect(watchedScript).toContainText(REHEARSAL_SCRIPT.parts[0].text);
    await expect(teacher.getByTestId('watch-console').getByTestId('script-editor')).toHaveCount(0);
    await shot(teacher, 'exam-18b-watch-part-1-script');
    await teacher.getByTestId('watch-back').click();
    await expect(teacher.getByTestId('exam-page')).toBeVisible();
    if (await teacher.getByTestId('live-row').first().isVisible()) await teacher.getByTestId('live-open').click();
    await student.getByTestId('end-stream').click();
    await student.getByTestId('end-stream-yes').click();
    await expectSubmitted(student);
    const nextPanel = student.getByTestId('exam-next-part');
    await expect(nextPanel).toHaveAttribute('data-next', '2');
    await shot(student, 'exam-19-student-next-part');
    // Part 2 (2-2 直播销售) after the next-part step; a reload there stays in part 2.
    await student.getByTestId('exam-next').click();
    await expect(student.getByTestId('exam-briefing')).toBeVisible();
    await expect(student.getByTestId('exam-part')).toHaveAttribute('data-part', '2');
    await expect(student.getByTestId('exam-time-limit')).toHaveAttribute('data-ms', String(20 * 60_000));
    await student.reload();
    await expect(student.getByTestId('exam-briefing')).toBeVisible();
    await expect(student.getByTestId('exam-part')).toHaveAttribute('data-part', '2');
    await student.getByTestId('exam-start').click();
    await expect(student.getByTestId('live-screen')).toBeVisible({ timeout: 20_000 });
    await opening(student);
    await expect(student.getByTestId('exam-sync')).toHaveAttribute('data-state', 'synced', { timeout: 15_000 });
    // The teacher watches her live, read-only, while she sells in part 2.
    await teacher.getByTestId('live-open').click();
    const watchedRow = teacher.locator('[data-testid="live-row"][data-student-no="2023020101"]');
    await expect(watchedRow.getByTestId('live-part')).toHaveAttribute('data-part', '2', { timeout: 10_000 });
    await watchedRow.getByTestId('live-watch').click();
    await expect(teacher.getByTestId('watch-screen')).toBeVisible();
    await expect(teacher.getByTestId('watch-console')).toHaveAttribute('inert', /.*/);
    const watchClock = teacher.getByTestId('watch-clock');
    await expect.poll(async () => Number(await watchClock.getAttribute('data-ms')), { timeout: 10_000 }).toBeGreaterThan(0);
    const w0 = Number(await watchClock.getAttribute('data-ms'));
    await expect.poll(async () => Number(await watchClock.getAttribute('data-ms')), { timeout: 15_000 }).toBeGreaterThan(w0 + 2_000);
    await shot(teacher, 'exam-20-watch-part-2');
    await teacher.getByTestId('watch-back').click();
    await expect(teacher.getByTestId('exam-page')).toBeVisible();
    if (await teacher.getByTestId('live-row').first().isVisible()) await teacher.getByTestId('live-open').click();
    await student.getByTestId('end-stream').click();
    await student.getByTestId('end-stream-yes').click();
    await expectSubmitted(student);
    await expect(student.getByTestId('exam-all-done')).toBeVisible();

    // ---------------------------------------------------------------- two students through the API
    const drill = loadExamScenario(readFileSync(path.join(ROOT, DRILL_FILE), 'utf8'), `${DRILL_ID}.yaml`);
    const both = new ApiStudent(h, teacher.request, { name: '钱程', studentNo: '2023020102', className: '电商2302' });
    const first = new ApiStudent(h, teacher.request, { name: '孙立', studentNo: '2023020103', className: '电商2302' });
    await both.join(code);
    await first.join(code);
    const script = { t: 3_000, type: 'submit_script', ...REHEARSAL_SCRIPT } as unknown as ActionInput;
    await Promise.all([both.takePart([script], 20_000), first.takePart([script], 10_000)]);
    const two = await both.next();
    expect(two.part).toMatchObject({ index: 2, unit: '2-2', next: null });
    await both.takePart(runWithBot(drill, two.seed, 'expert').actions, 60_000);

    // The live view: each student on their part.
    await teacher.getByTestId('live-open').click();
    const liveRow = (no: string) => teacher.locator(`[data-testid="live-row"][data-student-no="${no}"]`);
    await expect(liveRow('2023020101').getByTestId('live-part')).toHaveAttribute('data-part', '2', { timeout: 10_000 });
    await expect(liveRow('2023020103').getByTestId('live-part')).toHaveAttribute('data-part', '1');
    await teacher.getByTestId('live-open').click();

    // ---------------------------------------------------------------- the gradebook by part
    await teacher.getByTestId('exam-end').click();
    await teacher.getByTestId('exam-end-confirm').click();
    await expect(teacher.getByTestId('exam-state')).toHaveAttribute('data-state', 'ended', { timeout: 15_000 });
    const book = teacher.getByTestId('gradebook-students');
    await expect(book.getByTestId('gradebook-student')).toHaveCount(3);
    await expect(teacher.getByTestId('gradebook-row')).toHaveCount(5);
    const studentRow = (no: string) => teacher.locator(`[data-testid="gradebook-student"][data-student-no="${no}"]`);
    await expect(studentRow('2023020101').locator('[data-testid="gradebook-weighted-total"][data-total]')).toHaveCount(1, { timeout: 60_000 });
    await expect(studentRow('2023020102').locator('[data-testid="gradebook-weighted-total"][data-total]')).toHaveCount(1, { timeout: 60_000 });
    const scores = async (no: string) => Promise.all([1, 2].map(async (i) => Number(await studentRow(no).locator(`[data-testid="gradebook-part-score"][data-part="${i}"]`).getAttribute('data-score'))));
    for (const no of ['2023020101', '2023020102']) {
      const [s1, s2] = await scores(no);
      const total = Number(await studentRow(no).getByTestId('gradebook-weighted-total').getAttribute('data-total'));
      expect(total, `${no}: (20 × 2-1 + 30 × 2-2) ÷ 50`).toBe(Math.round((10 * (20 * s1 + 30 * s2)) / 50) / 10);
      // Pass: the total against the pass mark, and no part with a failed gate (named under the result).
      const result = studentRow(no).getByTestId('gradebook-student-passed');
      const gates = await result.locator('.gradebook__note').count();
      await expect(result).toHaveAttribute('data-passed', String(total >= PASS_MARK && gates === 0));
    }
    // 孙立 never reached part 2: no total.
    await expect(studentRow('2023020103').locator('[data-testid="gradebook-part-score"][data-part="2"]')).toContainText('未开始');
    await expect(studentRow('2023020103').getByTestId('gradebook-weighted-total')).toHaveText('—');
    // The exam is over: nobody may go on to a part elsewhere any more.
    await expect(teacher.getByTestId('row-rejoin')).toHaveCount(0);
    testInfo.annotations.push({ type: 'template exam', description: `赵敏 ${(await scores('2023020101')).join(' / ')}, 钱程 ${(await scores('2023020102')).join(' / ')}` });
    await shot(teacher, 'exam-16-gradebook-parts', true);

    // The CSV: a column per part, then the weighted total.
    const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByTestId('exam-csv').click()]);
    const csvFile = testInfo.outputPath('gradebook-parts.csv');
    await download.saveAs(csvFile);
    const table = parseCsv(readFileSync(csvFile).subarray(3).toString('utf8'));
    expect(table[0]).toEqual(['学号', '姓名', '班级', '2-1 直播预演（权重 20）', '2-2 直播销售（权重 30）', '加权总分 = (20 × 2-1 + 30 × 2-2) ÷ 50', '是否通过', '标记', '备注']);
    expect(table.slice(1).map((r) => r[0])).toEqual(['2023020101', '2023020102', '2023020103']);
    for (const r of table.slice(1, 3)) expect(Number(r[5])).toBe(Number(await studentRow(r[0]).getByTestId('gradebook-weighted-total').getAttribute('data-total')));

    // Each part's report, one leading to the other.
    await studentRow('2023020102').locator('[data-testid="gradebook-part-score"][data-part="1"]').getByTestId('gradebook-part-report').click();
    await expect(teacher.getByTestId('report-parts')).toBeVisible();
    await expect(teacher.locator('[data-testid="report-part"][data-current="true"]')).toHaveAttribute('data-part', '1');
    await expect(teacher.getByTestId('review-body')).toHaveAttribute('data-digest-match', 'true', { timeout: 30_000 });
    await teacher.getByTestId('report-part-link').click();
    await expect(teacher.locator('[data-testid="report-part"][data-current="true"]')).toHaveAttribute('data-part', '2');
    await expect(teacher.getByTestId('review-body')).toHaveAttribute('data-digest-match', 'true', { timeout: 30_000 });
    await shot(teacher, 'exam-17-report-parts');

    expect(teacherErrors, 'no page errors on the teacher pages').toEqual([]);
    expect(studentErrors, 'no page errors on the student page').toEqual([]);
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
});
