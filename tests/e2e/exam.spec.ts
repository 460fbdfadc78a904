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
 * Time: the hub's clock runs SCALE times as fast (`--time-scale`, a test-only option) and the
 * student pages follow the hub's clock (attempt.serverNow and attempt.clockRate), so the 5-minute
 * drill takes 300/SCALE s of real time. Everything else is real: sockets, timers, the browser.
 */
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ActionInput } from '../../src/engine';
import { gradeAttempt, loadExamScenario } from '../../src/hub/grade';
import { parseCsv } from '../parse-csv';
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
    await teacher.getByTestId('setup-username').fill('王老师');
    await teacher.getByTestId('setup-password').fill('correct horse battery');
    await teacher.getByTestId('setup-repeat').fill('correct horse battery');
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
