/**
 * Review (复盘, docs/review.md), under Playwright's clock so every run is the same:
 * - a run is saved as it happens: the student plays part of the drill, the page reloads, the
 *   run is continued where it stopped and finished; the run the UI ends with is exactly the
 *   re-simulation of its actions; the review opens, evidence and chart markers open the
 *   replay at their moment;
 * - two attempts at the same scenario and seed are compared; a run exported from the history is
 *   recognised as already there when imported (no new row), imports again once deleted, and a
 *   file with one action edited (or cut short) is refused with the reason.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { replay } from '../../src/engine';
import type { ActionInput } from '../../src/engine';
import { frameUntilVisible, runUntilVisible, loadScenario, shot, simTime, watchErrors } from './helpers';

const DRILL = 'scenarios/drill-stream-drop-5min.yaml';
const DRILL_ID = 'drill-stream-drop-5min';

test.use({ viewport: { width: 1440, height: 900 } });

interface Livesim {
  current(): {
    now: number;
    actions: number;
    finished: boolean;
    paused: boolean;
    digest: string | null;
    resumed: { from: 'snapshot' | 'replay'; snapshotMs?: number; toMs: number; reason?: string } | null;
  } | null;
  actionLog(): { actions: ActionInput[] } | null;
  snapshots(): { saved: { simMs: number; actionCount: number; bytes: number } | null; error: string | null } | null;
}
const livesim = (page: Page) => page.evaluate(() => (window as unknown as { livesim: Livesim }).livesim.current());

/** Install the test clock and open the list. Returns `run(ms)`: let wall time run, then let React commit. */
async function startClock(page: Page, query: string): Promise<(ms: number) => Promise<void>> {
  await page.clock.install({ time: new Date('2025-03-01T09:00:00+08:00') });
  await page.goto(`/?${query}`);
  await expect(page.getByTestId('scenario-list')).toBeVisible();
  return async (ms: number) => {
    await page.clock.runFor(ms);
    await page.evaluate(() => new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(0);
    }));
  };
}

/**
 * From the briefing (or the list) to the live room with wall time standing still between the
 * test's steps, starting on an animation-frame boundary (as live-room.spec.ts does).
 */
async function goLiveOnClock(page: Page, fromList: boolean): Promise<void> {
  if (fromList) await page.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await page.getByTestId('to-precheck').click();
  await expect(page.getByTestId('check-camera')).toHaveAttribute('data-status', 'ok');
  await page.waitForLoadState('networkidle');
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  const now = await page.evaluate(() => performance.now());
  await page.clock.runFor(16 - (now % 16));
  await page.getByTestId('go-live').click();
  await frameUntilVisible(page, page.getByTestId('live-screen'));
}


async function toEnglish(page: Page): Promise<void> {
  await page.getByTestId('lang-toggle').first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}
async function toChinese(page: Page): Promise<void> {
  await page.getByTestId('lang-toggle').first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
}

test('a run survives a reload, is continued and finished; its review links evidence to the replay', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const run = await startClock(page, 'speed=16&seed=25');
  await goLiveOnClock(page, true);
  await run(200);

  // Part of a run: the oranges explained, the card popped, a pitch.
  const row = page.locator('[data-testid="product-row"][data-product="oranges"]');
  await row.getByTestId('start-explaining').click();
  await row.getByTestId('show-card').click();
  await page.getByTestId('talk-input').fill('欢迎家人们！云南高山冰糖橙，海拔1500米，果肉化渣汁多，坏果包赔，直播间到手价29.9元，拍1号链接！');
  await page.getByTestId('talk-input').press('Enter');
  await run(2500); // 40 s of sim time at 16×
  const before = await livesim(page);
  // The plan (set_plan at go-live) and the three actions above.
  expect(before?.actions).toBe(4);
  const simBefore = await simTime(page);
  expect(simBefore).toBeGreaterThan(30_000);

  // Saved as it happened: every action, and the sim time at least once a second of wall time.
  const saved = async () =>
    page.evaluate(
      () =>
        new Promise<{ actions: number; simMs: number }>((resolve, reject) => {
          const req = indexedDB.open('livesim-journal');
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const all = req.result.transaction('runs').objectStore('runs').getAll();
            all.onsuccess = () => {
              const e = all.result[0] as { actions: unknown[]; simMs: number } | undefined;
              req.result.close();
              resolve({ actions: e?.actions.length ?? 0, simMs: e?.simMs ?? 0 });
            };
          };
        }),
    );
  await expect.poll(async () => (await saved()).actions).toBe(4);
  // And the engine's snapshot, once 30 s of sim time had passed (taken when the browser was idle).
  const snapshot = await page.evaluate(() => (window as unknown as { livesim: Livesim }).livesim.snapshots());
  expect(snapshot).toMatchObject({ error: null, saved: { actionCount: 4 } });
  expect(snapshot?.saved?.simMs).toBeGreaterThanOrEqual(30_000);
  const journal = await saved();
  expect(journal.simMs).toBeGreaterThanOrEqual(simBefore - 16_000); // 1 s of wall time at 16×
  expect(journal.simMs).toBeLessThanOrEqual(simBefore);

  // The page goes away (a reload, a crash): the list offers to continue.
  await page.clock.resume();
  await page.reload();
  await expect(page.getByTestId('scenario-list')).toBeVisible();
  const offer = page.getByTestId('resume-offer');
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('4');
  await shot(page, 'rev-01-resume-offer-zh');
  await toEnglish(page);
  await shot(page, 'rev-01-resume-offer-en');
  await toChinese(page);
  // The page ran on in real time between the clock's resume and the reload, so the journal may
  // have saved a later moment than the one read above: the run continues from what was saved last.
  const lastSaved = await saved();
  expect(lastSaved.actions).toBe(4);
  expect(lastSaved.simMs).toBeGreaterThanOrEqual(journal.simMs);
  await page.getByTestId('resume-run').click();
  await expect(page.getByTestId('live-screen')).toBeVisible();
  // Continued where it stopped (paused, so the student can get ready), with every action.
  const resumed = await livesim(page);
  expect(resumed).toMatchObject({ actions: 4, paused: true, finished: false, now: lastSaved.simMs });
  // Restored from the engine's snapshot saved with the journal (every 30 s of sim time, and as the
  // page went away), not re-simulated from the start.
  expect(resumed?.resumed).toMatchObject({ from: 'snapshot', toMs: lastSaved.simMs });
  expect(resumed?.resumed?.snapshotMs).toBeGreaterThanOrEqual(30_000);
  expect(resumed?.resumed?.snapshotMs).toBeLessThanOrEqual(lastSaved.simMs);
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  const now = await page.evaluate(() => performance.now());
  await page.clock.runFor(16 - (now % 16));
  await expect(row).toHaveAttribute('data-card', 'true');
  await expect(page.getByTestId('speech-log')).toContainText('云南高山冰糖橙');

  // Finish it: resume, answer the stream drop, play to the end.
  await page.getByTestId('pause').click();
  const drop = page.locator('[data-testid="incident"][data-incident="drop"]');
  await runUntilVisible(run, drop, 250);
  await run(300);
  await drop.getByTestId('reconnect-stream-backup').click();
  await run(100);
  await runUntilVisible(run, page.getByTestId('end-screen'), 250);
  await page.clock.resume();
  await expect(page.getByTestId('saved-status')).toHaveAttribute('data-saved', 'true');

  // The run the UI ended with is the re-simulation of its actions (before and after the reload).
  const log = await page.evaluate(() => (window as unknown as { livesim: Livesim }).livesim.actionLog());
  expect(log!.actions.length).toBe(5);
  const sim = replay(loadScenario(DRILL), 25, log!.actions);
  await expect(page.getByTestId('run-digest')).toHaveText(sim.digest());
  await expect(page.getByTestId('review-body')).toHaveAttribute('data-digest', sim.digest());

  // The review: funnel with formulas, per-product table, charts with markers, score report.
  const m = sim.metrics();
  await expect(page.getByTestId('funnel-entered')).toHaveAttribute('data-value', String(m.uv));
  await expect(page.getByTestId('funnel-paid')).toHaveAttribute('data-value', String(m.buyers));
  await expect(page.getByTestId('funnel-formula-clicked')).toContainText(`${m.clickers} ÷`);
  await expect(page.locator('[data-testid="product-stats"][data-product="oranges"]')).toBeVisible();
  await expect(page.getByTestId('score-report')).toBeVisible();
  await shot(page, 'rev-02-end-review-zh', true);

  // Hovering the incident marker says what happened; clicking it opens the replay there.
  const incident = page.locator('[data-testid="marker"][data-kind="incident"]');
  await expect(incident).toHaveCount(1);
  await incident.hover();
  await expect(page.getByTestId('marker-info')).toContainText('2:00 突发事件: 推流中断');
  await incident.click();
  await expect(page.getByTestId('replay-screen')).toBeVisible();
  await expect(page.getByTestId('replay-clock')).toHaveAttribute('data-ms', '120000');
  await expect(page.getByTestId('live-room')).toHaveAttribute('data-status', 'interrupted');
  await expect(page.getByTestId('replay-console')).toHaveAttribute('inert', '');
  await expect(page.locator('[data-testid="incident"][data-incident="drop"]')).toBeVisible();
  expect(await livesim(page)).toMatchObject({ now: 120_100, paused: true }); // the tick in which the drop happened
  await shot(page, 'rev-03-replay-zh');
  // Scrub and play at 8×: sim time moves 8 s per second of wall time.
  await page.getByTestId('replay-scrub').fill('60000');
  await expect(page.getByTestId('replay-clock')).toHaveAttribute('data-ms', '60000');
  await page.getByTestId('replay-speed-8').click();
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
  await page.getByTestId('replay-play').click();
  await run(1000);
  const played = (await livesim(page))!.now;
  expect(played).toBeGreaterThanOrEqual(60_000 + 7_000);
  expect(played).toBeLessThanOrEqual(60_000 + 8_100);
  await page.getByTestId('replay-play').click();
  await page.clock.resume();
  await toEnglish(page);
  await shot(page, 'rev-03-replay-en');
  await toChinese(page);
  await page.getByTestId('replay-back').click();

  // Back on the report: a piece of evidence opens the replay at its moment.
  await expect(page.getByTestId('end-screen')).toBeVisible();
  await expect(page.getByTestId('run-digest')).toHaveText(sim.digest());
  const criterion = page.locator('[data-testid="criterion"][data-criterion="stream-recovery"]');
  await criterion.locator('summary').click();
  const evidence = criterion.getByTestId('evidence').first();
  const t = Number(await evidence.getAttribute('data-t'));
  const eventId = Number(await evidence.getAttribute('data-event'));
  expect(sim.log[eventId].t).toBe(t);
  await evidence.click();
  await expect(page.getByTestId('replay-screen')).toBeVisible();
  await expect(page.getByTestId('replay-clock')).toHaveAttribute('data-target', String(t));
  await expect(page.getByTestId('replay-clock')).toHaveAttribute('data-ms', String(Math.floor(t / 1000) * 1000));
  const at = (await livesim(page))!.now;
  expect(at).toBeGreaterThanOrEqual(t);
  expect(at).toBeLessThanOrEqual(t + 100); // the event itself, logged within the tick after its time
  await page.getByTestId('replay-back').click();
  await expect(page.getByTestId('end-screen')).toBeVisible();

  // The review quiz: one answer right, one wrong, the rest blank (confirmed); its own line is then marked (quiz.spec.ts: locked).
  await page.locator('[data-testid="quiz-question"][data-question="uv"]').getByTestId('quiz-input').fill(String(m.uv));
  await page.locator('[data-testid="quiz-question"][data-question="peak-online"]').getByTestId('quiz-input').fill('1');
  await page.getByTestId('quiz-submit').click();
  await page.getByTestId('quiz-confirm-yes').click();
  await expect(page.locator('[data-testid="quiz-question"][data-question="uv"]')).toHaveAttribute('data-correct', 'true');
  await expect(page.locator('[data-testid="quiz-question"][data-question="peak-online"]')).toHaveAttribute('data-correct', 'false');
  await expect(page.getByTestId('score-quiz')).toHaveAttribute('data-submitted', 'true');
  await shot(page, 'rev-04-quiz-zh');

  // The history has it, with the quiz answers kept.
  await page.getByTestId('to-history').click();
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await expect(page.getByTestId('history-row')).toHaveAttribute('data-status', 'finished');
  await page.getByTestId('history-review').click();
  await expect(page.getByTestId('review-screen')).toBeVisible();
  await expect(page.locator('[data-testid="quiz-question"][data-question="uv"]')).toHaveAttribute('data-correct', 'true');
  await expect(page.getByTestId('review-body')).toHaveAttribute('data-digest', sim.digest());
  await shot(page, 'rev-05-review-zh', true);
  await toEnglish(page);
  await shot(page, 'rev-05-review-en', true);
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'rev-06-review-print-en', true);
  await expect(page.getByTestId('print-report')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  // The per-minute CSV.
  const csvDl = page.waitForEvent('download');
  await page.getByTestId('download-csv').click();
  const csv = readFileSync((await (await csvDl).path())!, 'utf8').trimEnd().split('\r\n');
  expect(csv[0]).toBe('minute,start,online_end,online_peak,arrivals,departures,comments,product_clicks,orders,paid_orders,gmv_yuan,gmv_total_yuan');
  expect(csv).toHaveLength(6);
  expect(Number(csv[5].split(',').at(-1))).toBeCloseTo(m.gmv, 2);
  expect(errors).toEqual([]);
});

test('two attempts compared; a run exported and imported again; an edited or cut file is refused', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const run = await startClock(page, 'speed=256&seed=9');

  // Attempt 1: the student does nothing.
  await goLiveOnClock(page, true);
  await runUntilVisible(run, page.getByTestId('end-screen'), 250);
  await page.clock.resume();
  await expect(page.getByTestId('saved-status')).toHaveAttribute('data-saved', 'true');
  // Attempt 2, same scenario and seed: explains, pops the card, pitches.
  await page.getByTestId('play-again').click();
  await goLiveOnClock(page, false);
  await page.getByTestId('pause').click();
  const row = page.locator('[data-testid="product-row"][data-product="oranges"]');
  await row.getByTestId('start-explaining').click();
  await row.getByTestId('show-card').click();
  await page.getByTestId('talk-input').fill('欢迎家人们！云南高山冰糖橙，海拔1500米，果肉化渣汁多，坏果包赔，直播间到手价29.9元，拍1号链接！');
  await page.getByTestId('talk-input').press('Enter');
  await page.getByTestId('pause').click();
  await runUntilVisible(run, page.getByTestId('end-screen'), 250);
  await expect(page.getByTestId('saved-status')).toHaveAttribute('data-saved', 'true');
  await page.clock.resume();

  // The history lists both; compare them.
  await page.getByTestId('to-history').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('compare')).toBeDisabled();
  await rows.nth(0).getByTestId('history-select').check();
  await rows.nth(1).getByTestId('history-select').check();
  await shot(page, 'rev-07-history-zh');
  await page.getByTestId('compare').click();
  await expect(page.getByTestId('compare-screen')).toBeVisible();
  const total = page.getByTestId('compare-total');
  await expect(total).toBeVisible();
  const a = Number(await total.getAttribute('data-a'));
  const b = Number(await total.getAttribute('data-b'));
  expect(b).toBeGreaterThan(a); // the attempt that sold beats the one that did nothing, on the same audience
  await expect(total.locator('td').last()).toHaveText(`+${(Math.round((b - a) * 10) / 10).toFixed(1)}`);
  expect(await page.getByTestId('compare-criterion').count()).toBeGreaterThan(5);
  await expect(page.getByTestId('compare-charts').locator('.recharts-line')).toHaveCount(6);
  await shot(page, 'rev-08-compare-zh', true);
  await toEnglish(page);
  await shot(page, 'rev-08-compare-en', true);
  await page.getByTestId('compare-back').click();
  await shot(page, 'rev-07-history-en');
  await toChinese(page);

  // Export the later attempt; the file re-simulates to its digest in Node too.
  const later = rows.nth(0);
  const dl = page.waitForEvent('download');
  await later.getByTestId('history-export').click();
  const file = JSON.parse(readFileSync((await (await dl).path())!, 'utf8'));
  expect(file.format).toBe('livesim/run@2');
  expect(replay(loadScenario(DRILL), 9, file.actions).digest()).toBe(file.result.digest);
  const score = await later.getByTestId('history-score').textContent();

  // Imported while it is still in the history: the same run, so no new row; the message names its row.
  const dir = testInfo.outputPath();
  const good = path.join(dir, 'run.json');
  writeFileSync(good, JSON.stringify(file));
  const result = page.getByTestId('import-result');
  await page.getByTestId('import-file').setInputFiles(good);
  await expect(result).toHaveAttribute('data-kind', 'duplicate');
  await expect(rows).toHaveCount(2);
  const date = (await later.locator('td').nth(1).textContent())!;
  await expect(result).toHaveText(`run.json 已在历史记录中（${date} 的那条记录，已高亮），未重复添加。`);
  await expect(later).toHaveAttribute('data-duplicate', 'true');
  await shot(page, 'rev-10-import-duplicate-zh');
  await toEnglish(page);
  await page.getByTestId('import-file').setInputFiles(good);
  const dateEn = (await later.locator('td').nth(1).textContent())!;
  await expect(result).toHaveText(`run.json is already in the history (the run of ${dateEn}, highlighted); nothing was added.`);
  await expect(rows).toHaveCount(2);
  await shot(page, 'rev-10-import-duplicate-en');
  await toChinese(page);

  // Deleted from the history, the file imports again: a new row, the same score.
  await later.getByTestId('history-delete').click();
  await later.getByTestId('history-delete-yes').click();
  await expect(rows).toHaveCount(1);
  await page.getByTestId('import-file').setInputFiles(good);
  await expect(result).toHaveAttribute('data-kind', 'ok');
  await expect(rows).toHaveCount(2);
  const imported = page.locator('[data-testid="history-row"][data-status="imported"]');
  await expect(imported.getByTestId('history-score')).toHaveText(score!);

  // One action edited: refused, with the reason; nothing added.
  const edited = structuredClone(file);
  const say = edited.actions.find((x: { type: string }) => x.type === 'say');
  say.text = say.text.replace('29.9', '19.9');
  const bad = path.join(dir, 'edited.json');
  writeFileSync(bad, JSON.stringify(edited));
  await page.getByTestId('import-file').setInputFiles(bad);
  await expect(result).toHaveAttribute('data-kind', 'error');
  await expect(result).toContainText('edited.json: the file was edited: actions changed since it was made (integrity seal)');
  await shot(page, 'rev-09-import-refused-zh');
  // Cut short: refused too.
  const cut = path.join(dir, 'cut.json');
  writeFileSync(cut, JSON.stringify(file).slice(0, 300));
  await page.getByTestId('import-file').setInputFiles(cut);
  await expect(result).toContainText('cut.json: not valid JSON');
  await expect(rows).toHaveCount(2);

  // Filter by scenario, delete one.
  await page.getByTestId('history-filter').selectOption(DRILL_ID);
  await expect(rows).toHaveCount(2);
  await imported.getByTestId('history-delete').click();
  await imported.getByTestId('history-delete-yes').click();
  await expect(rows).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('practise again with the same audience (the same seed, so the attempts compare) or a new one', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto('/?speed=16');
  const endNow = async () => {
    await page.getByTestId('to-precheck').click();
    await page.getByTestId('go-live').click();
    await expect(page.getByTestId('live-screen')).toBeVisible();
    await page.getByTestId('end-stream').click();
    const t0 = Date.now();
    await page.getByTestId('end-stream-yes').click();
    await expect(page.getByTestId('end-screen')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('score-report')).toBeVisible({ timeout: 30_000 });
    // How long the score report took to appear after the live ended (production build): a figure
    // for docs/ui.md, not a pass mark (a busy machine stretches it).
    const ms = Date.now() - t0;
    testInfo.annotations.push({ type: 'score report after the end (ms)', description: String(ms) });
    console.log(`score report ${ms} ms after the live ended`);
  };
  await page.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  const first = await page.getByTestId('seed-input').inputValue();
  await endNow();
  await expect(page.getByTestId('play-again')).toContainText('同一批观众');
  await shot(page, 'rev-09-practise-again');
  await page.getByTestId('play-again').click();
  await expect(page.getByTestId('seed-input')).toHaveValue(first);
  await endNow();
  await page.getByTestId('play-again-new').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  expect(await page.getByTestId('seed-input').inputValue()).not.toBe(first);
  // The two attempts with the same audience can be compared at once.
  await page.getByTestId('back-to-list').click();
  await page.getByTestId('open-history').click();
  const rows = page.locator(`[data-testid="history-row"][data-seed="${first}"]`);
  await expect(rows).toHaveCount(2);
  await rows.nth(0).getByTestId('history-select').check();
  await rows.nth(1).getByTestId('history-select').check();
  await expect(page.getByTestId('compare')).toBeEnabled();
  expect(errors).toEqual([]);
});
