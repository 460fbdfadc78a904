/**
 * Importing a big run file (docs/review.md "Import"): 100,000 actions, generated here with the
 * engine in Node (the drill, the expert bot's actions and many cheap ones, sealed by makeRunFile).
 * The page checks it in a worker: the progress line appears and moves, the page answers a click
 * (the language toggle) while the check runs, and its main thread is never blocked for long; the
 * run is stored once, with the file's result.
 *
 * How long the check takes depends on the machine, so the test holds the worker's last messages
 * (from the grade phase on) at the page's end of the channel until it has clicked: the page is
 * still checking when the click comes, however fast the worker was. Nothing in the app knows.
 */
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSim, makeRunFile, replay, runWithBot, type ActionInput } from '../../src/engine';
import { loadScenario, shot, watchErrors } from './helpers';

const DRILL = 'scenarios/drill-stream-drop-5min.yaml';
const SEED = 5;
const CHEAP = 100_000;

test.use({ viewport: { width: 1280, height: 800 } });

test('a run file of 100,000 actions imports in a worker: progress is shown and the page stays responsive', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  // The file: the expert's run plus 100,000 cheap actions (hiding a card that is not shown) spread over the live.
  const scenario = loadScenario(DRILL);
  const duration = createSim(scenario, { seed: SEED }).durationMs;
  const cheap: ActionInput[] = Array.from({ length: CHEAP }, (_, i) => ({ t: Math.floor((i * (duration - 1000)) / CHEAP), type: 'hide_card' }) as ActionInput);
  const actions = [...runWithBot(scenario, SEED, 'expert').actions, ...cheap].sort((a, b) => a.t - b.t);
  const file = makeRunFile(scenario, SEED, actions, replay(scenario, SEED, actions), 'test');
  const big = path.join(testInfo.outputPath(), 'big-run.json');
  writeFileSync(big, JSON.stringify(file));

  const errors = watchErrors(page);
  await page.addInitScript(holdImportWorker);
  await page.goto('/');
  await page.getByTestId('open-history').click();
  await expect(page.getByTestId('history-empty')).toBeVisible();

  // The longest gap between two timer callbacks on the page's thread while the import runs.
  await page.evaluate(() => {
    const w = window as unknown as { __gap: number; __last: number; __tick: () => void };
    w.__gap = 0;
    w.__last = performance.now();
    w.__tick = () => {
      const now = performance.now();
      w.__gap = Math.max(w.__gap, now - w.__last);
      w.__last = now;
      setTimeout(w.__tick, 16);
    };
    setTimeout(w.__tick, 16);
  });

  // The check runs in a worker, under the page's policy (src/csp.ts): nothing it logs is an error.
  const workerErrors: string[] = [];
  const started = page.waitForEvent('worker');
  page.on('worker', (w) => w.on('console', (m) => void (m.type() === 'error' && workerErrors.push(m.text()))));
  await page.getByTestId('import-file').setInputFiles(big);
  expect((await started).url()).toMatch(/import\.worker/);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-phase', 'simulate', { timeout: 60_000 });
  await expect(progress).toContainText('正在校验 big-run.json：');
  await shot(page, 'import-01-progress-zh');
  // A click while it runs is answered at once: the page switches language, the check still going.
  await page.getByTestId('lang-toggle').first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en', { timeout: 15_000 });
  await expect(progress).toContainText('Checking big-run.json:');
  await expect(progress).toBeVisible();
  await shot(page, 'import-01-progress-en');

  // The worker has simulated the whole file; the progress it reported went up, from 0 to 100.
  await expect.poll(() => page.evaluate(() => (window as unknown as HeldWindow).__held.length), { timeout: 120_000 }).toBeGreaterThan(0);
  const pcts = await page.evaluate(() => (window as unknown as HeldWindow).__pcts);
  expect(pcts[0]).toBe(0);
  expect(pcts.at(-1)).toBe(100);
  expect(pcts.length).toBeGreaterThan(2);
  for (let i = 1; i < pcts.length; i++) expect(pcts[i]).toBeGreaterThan(pcts[i - 1]);
  const shown = Number(await progress.getAttribute('data-pct'));
  expect(pcts).toContain(shown);
  await page.evaluate(() => (window as unknown as HeldWindow).__release());

  // Stored once, with the file's result and a grade.
  const result = page.getByTestId('import-result');
  await expect(result).toHaveAttribute('data-kind', 'ok', { timeout: 120_000 });
  await expect(result).toHaveText('Imported big-run.json.');
  await expect(progress).toHaveCount(0);
  const row = page.locator('[data-testid="history-row"][data-status="imported"]');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-seed', String(SEED));
  await expect(row.getByTestId('history-score')).toHaveAttribute('data-total', /\d/);

  // How long the page's thread was blocked at most is a figure, not a pass mark (a busy CI machine
  // stretches it): it goes into the test's annotations and output. That the page answered a click
  // while the check ran, above, is the test.
  const gap = await page.evaluate(() => (window as unknown as { __gap: number }).__gap);
  testInfo.annotations.push({ type: 'longest main-thread gap (ms)', description: gap.toFixed(0) });
  console.log(`longest main-thread gap during the import: ${gap.toFixed(0)} ms`);
  expect(errors).toEqual([]);
  expect(workerErrors).toEqual([]);
});

interface HeldWindow {
  /** Messages from the import worker held back, in order. */
  __held: (() => void)[];
  /** The simulate phase's progress as the worker reported it. */
  __pcts: number[];
  __release(): void;
}

/**
 * Runs in the page before its scripts: wraps Worker so that message listeners see the import
 * worker's progress as it comes until its grade phase; from there on (the grade, the result) they
 * are held until the test calls __release(), then delivered in order.
 */
function holdImportWorker(): void {
  const w = window as unknown as HeldWindow;
  w.__held = [];
  w.__pcts = [];
  let holding = false;
  let released = false;
  w.__release = () => {
    holding = false;
    released = true;
    for (const deliver of w.__held.splice(0)) deliver();
  };
  const Native = window.Worker;
  window.Worker = class extends Native {
    override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void {
      if (type !== 'message' || typeof listener !== 'function') return super.addEventListener(type, listener, options);
      super.addEventListener(
        type,
        (e: Event) => {
          const data = (e as MessageEvent).data as { type?: string; progress?: { phase?: string; pct?: number } } | null;
          if (data?.type === 'progress' && data.progress?.phase === 'simulate' && data.progress.pct !== undefined) w.__pcts.push(data.progress.pct);
          if (!released && (data?.type === 'done' || (data?.type === 'progress' && data.progress?.phase === 'grade'))) holding = true;
          if (holding) w.__held.push(() => listener.call(this, e));
          else listener.call(this, e);
        },
        options,
      );
    }
  };
}
