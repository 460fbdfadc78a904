/**
 * A student plays the 5-minute stream-drop drill end to end through the UI, at the
 * test speed (?speed=16, docs/ui.md): lists the product, explains it, pops the card,
 * types a pitch, issues the coupon, answers the scripted question, handles the stream
 * drop; then the report appears, and the action log the UI recorded replays with the CLI
 * to the very digest the browser computed.
 */
import { expect, test } from '@playwright/test';
import { replay } from '../../src/engine';
import type { ActionInput } from '../../src/engine';
import { readFileSync } from 'node:fs';
import { cliReplay, frameUntilVisible, runUntilVisible, goLive, loadScenario, shot, simTime, waitForSimTime, watchErrors } from './helpers';

const DRILL = 'scenarios/drill-stream-drop-5min.yaml';
const SEED = 25;

test.use({ viewport: { width: 1440, height: 900 } });

test('a student plays the stream-drop drill end to end; the UI run replays to the same digest', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  // The page's clock is Playwright's: wall time moves only when the test says so, so every
  // action lands at the same sim time on every run and the run (seed 25) is reproducible.
  await page.clock.install({ time: new Date('2025-03-01T09:00:00+08:00') });
  await page.goto(`/?speed=16&seed=${SEED}`);
  await expect(page.getByTestId('scenario-list')).toBeVisible();
  await shot(page, '01-picker');

  // Picker → briefing → pre-live check (fake camera) → live.
  await page.locator('[data-scenario-id="drill-stream-drop-5min"]').getByTestId('scenario-start').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await shot(page, '02-briefing', true);
  await page.getByTestId('to-precheck').click();
  await expect(page.getByTestId('check-camera')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('check-network')).toHaveAttribute('data-status', 'local');
  await shot(page, '03-precheck');
  await page.waitForLoadState('networkidle'); // the pre-live check fetches the live screen ahead
  // From going live on, wall time stands still between the test's steps. Animation frames come
  // every 16 ms of the test clock: start on a frame boundary.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  const now = await page.evaluate(() => performance.now());
  await page.clock.runFor(16 - (now % 16));
  await page.getByTestId('go-live').click();
  /** Let wall time run, then let React commit what the last frame published. */
  const run = async (ms: number) => {
    await page.clock.runFor(ms);
    await page.evaluate(() => new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(0);
    }));
  };
  await run(200);
  await frameUntilVisible(page, page.getByTestId('live-screen'));
  await expect(page.getByTestId('live-room')).toHaveAttribute('data-camera', 'on');

  const row = page.locator('[data-testid="product-row"][data-product="oranges"]');
  const orders = page.getByTestId('metric-orders');

  // The oranges start in the bag; take them out, so nothing can sell before the student is ready.
  await row.getByTestId('delist-product').click();
  await run(100);
  await expect(row).toHaveAttribute('data-listed', 'false');
  await run(1200);
  expect(await simTime(page)).toBeGreaterThanOrEqual(20_000);
  await expect(orders).toHaveAttribute('data-value', '0');

  // Paused, each action still takes effect (the room moves one 0.1 s tick per action).
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-paused', 'true');
  await row.getByTestId('list-product').click();
  await expect(row).toHaveAttribute('data-listed', 'true');
  await row.getByTestId('start-explaining').click();
  await expect(row).toHaveAttribute('data-explaining', 'true');
  await expect(orders).toHaveAttribute('data-value', '0');
  await row.getByTestId('show-card').click();
  await expect(row).toHaveAttribute('data-card', 'true');

  const pitch = '欢迎家人们！今天的云南高山冰糖橙，海拔1500米，昼夜温差大，果肉化渣汁多，老人孩子都爱吃，坏果包赔，直播间到手价29.9元，点击下方小黄车1号链接直接拍！';
  await page.getByTestId('talk-input').fill(pitch);
  await page.getByTestId('talk-input').press('Enter');
  await expect(page.getByTestId('speech-log')).toContainText('云南高山冰糖橙');

  const coupon = page.locator('[data-testid="coupon-row"][data-coupon="live3"]');
  await coupon.getByTestId('issue-coupon').click();
  await expect(coupon).toHaveAttribute('data-state', 'live');
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-paused', 'false');

  // The scripted question at 0:55.
  const question = page.locator('[data-testid="comment"]', { hasText: '橙子是哪里产的？' }).first();
  await runUntilVisible(run, question, 250);
  await question.click();
  await page.getByTestId('reply-input').fill('是云南玉溪新平县的高山果园，产地直发哦');
  await page.getByTestId('reply-send').click();
  await run(100);
  await expect(question).toHaveAttribute('data-answered', 'correct');
  await page.getByTestId('talk-input').fill('新进来的宝宝点个关注，先领3元券再下单更划算，拍1号链接！');
  await page.getByTestId('talk-input').press('Enter');
  await run(1500);
  await shot(page, '04-live');

  // The scripted stream drop at 2:00: the room freezes with 网络异常; switch to the backup network.
  const drop = page.locator('[data-testid="incident"][data-incident="drop"]');
  await runUntilVisible(run, drop, 250);
  await run(300);
  await expect(page.getByTestId('live-room')).toHaveAttribute('data-status', 'interrupted');
  await shot(page, '05-live-stream-drop');
  await drop.getByTestId('reconnect-stream-backup').click();
  await run(100);
  await expect(drop).toHaveAttribute('data-status', 'handled');
  await expect(page.getByTestId('live-room')).toHaveAttribute('data-status', 'live');
  // Back on air: push the card again with the call to buy (the room has changed since 0:20).
  await page.getByTestId('hide-card').click();
  await run(100);
  await row.getByTestId('show-card').click();
  await run(100);
  await expect(row).toHaveAttribute('data-card', 'true');
  await page.getByTestId('talk-input').fill('抱歉刚才网络断了一下，让大家久等了！冰糖橙清甜化渣，坏果包赔，喜欢的宝宝拍1号链接！');
  await page.getByTestId('talk-input').press('Enter');
  await run(100);

  // The shortcut help overlay.
  await page.getByTestId('talk-input').press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await shot(page, '06-help-overlay');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);

  // The stream ends at 5:00; the report (the metrics summary until scoring lands) appears.
  await runUntilVisible(run, page.getByTestId('end-screen'), 250);
  await page.clock.resume();
  await expect(page.getByTestId('report')).toBeVisible();
  // The score report (src/scoring) when it is in the build, or the note that it is coming.
  await expect(page.getByTestId('score-report').or(page.getByTestId('score-pending'))).toBeVisible();
  await expect(page.locator('[data-testid="end-incidents"] [data-incident="drop"]')).toHaveAttribute('data-status', 'handled');
  const uiDigest = (await page.getByTestId('run-digest').textContent())!.trim();
  expect(uiDigest).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('review-charts')).toBeVisible();
  await shot(page, '07-end', true);

  // The action log the UI recorded replays, with the CLI, to the same digest.
  // The files and the digest are for teachers: behind the technical-details disclosure.
  await page.getByTestId('tech-details').locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-actions').click()]);
  const file = testInfo.outputPath('actions.json');
  await download.saveAs(file);
  const log = JSON.parse(readFileSync(file, 'utf8')) as { format: string; scenario: string; seed: number; actions: ActionInput[] };
  expect(log.format).toBe('livesim/actions@1');
  expect(log.scenario).toBe('drill-stream-drop-5min');
  expect(log.seed).toBe(SEED);
  const cli = cliReplay(DRILL, SEED, file);
  expect(cli.digest, 'CLI replay of the UI action log').toBe(uiDigest);
  expect(cli.incidents.find((i) => i.id === 'drop')?.handled).toBe(true);

  // Viewers opened the product only once it was back in the bag, most of them from the card;
  // any order came after that. (A 5-minute drill in a room of a few dozen sells about one box on
  // average, so whether seed 25 sells is the audience's luck, not the UI's: the order count the
  // end screen showed must be the replay's, whatever it is.)
  const sim = replay(loadScenario(DRILL), SEED, log.actions);
  expect(sim.digest()).toBe(uiDigest);
  const listedAt = sim.log.find((e) => e.type === 'action.accepted' && e.action === 'list_product')!.t;
  const cardAt = sim.log.find((e) => e.type === 'product.card.shown')!.t;
  const clicks = sim.log.flatMap((e) => (e.type === 'product.click' ? [e] : []));
  expect(clicks.filter((e) => e.via === 'card').length, 'clicks on the card').toBeGreaterThan(0);
  expect(Math.min(...clicks.map((e) => e.t)), 'no click while delisted').toBeGreaterThanOrEqual(listedAt);
  expect(Math.min(cardAt, ...clicks.map((e) => e.t))).toBe(cardAt);
  const placed = sim.log.filter((e) => e.type === 'order.placed');
  for (const o of placed) expect(o.t, 'an order before the card').toBeGreaterThan(cardAt);
  expect(cli.metrics.orders).toBe(placed.length);
  await expect(page.getByTestId('summary-orders').locator('td').first()).toHaveText(new RegExp(`^${placed.length} `));
  expect(sim.log.some((e) => e.type === 'question.answered' && e.correct)).toBe(true);
  const types = log.actions.map((a) => a.type);
  for (const t of ['delist_product', 'list_product', 'start_explaining', 'show_card', 'say', 'issue_coupon', 'reply_comment', 'reconnect_stream']) expect(types).toContain(t);

  expect(errors, 'no page or console errors').toEqual([]);
});

test('with the camera refused the run still works, with the avatar', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    const deny = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: deny, configurable: true });
  });
  await page.goto('/?speed=16&seed=3');
  await page.locator('[data-scenario-id="drill-stream-drop-5min"]').getByTestId('scenario-start').click();
  // The student may reorder the run of show; the console follows their order.
  await page.getByTestId('plan-item').first().getByTestId('plan-down').click();
  await expect(page.getByTestId('plan-item').first()).toHaveAttribute('data-segment', 'pitch');
  await page.getByTestId('to-precheck').click();
  await expect(page.getByTestId('check-camera')).toHaveAttribute('data-status', 'denied');
  await expect(page.getByTestId('check-mic')).toHaveAttribute('data-status', 'denied');
  await shot(page, '08-precheck-camera-refused');
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-room')).toHaveAttribute('data-camera', 'avatar');
  await expect(page.getByTestId('room-video')).toHaveCount(0);
  await expect(page.getByTestId('ros-current')).toHaveAttribute('data-segment', 'pitch');

  // Keyboard shortcuts: 1 pops the card of link 1, H hides it.
  const row = page.locator('[data-testid="product-row"][data-product="oranges"]');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('1');
  await expect(row).toHaveAttribute('data-card', 'true');
  await page.getByTestId('talk-input').fill('欢迎宝宝们，今天的冰糖橙产地直发！');
  await page.getByTestId('talk-input').press('Enter');
  await page.getByTestId('danmaku-toggle').check();
  await waitForSimTime(page, 60_000);
  await page.getByTestId('pause').click();
  await shot(page, '09-live-avatar');
  await page.getByTestId('talk-input').press('Escape');
  await page.keyboard.press('h');
  await expect(row).toHaveAttribute('data-card', 'false');

  // "进入下一环节" moves on in the student's order, and the engine logs it.
  await page.getByTestId('ros-next').click();
  await expect(page.getByTestId('ros-current')).toHaveAttribute('data-segment', 'opening');

  // The console in English.
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('live-status')).toContainText('Paused');
  await shot(page, '10-live-en');
  await page.getByTestId('lang-toggle').click();

  // Ending early goes to the report.
  await page.getByTestId('end-stream').click();
  await page.getByTestId('end-stream-yes').click();
  await expect(page.getByTestId('end-screen')).toBeVisible();
  await expect(page.getByTestId('report')).toBeVisible();

  // The action log holds the student's plan and their move to the next segment, and replays to the UI's digest.
  const uiDigest = (await page.getByTestId('run-digest').textContent())!.trim();
  // The files and the digest are for teachers: behind the technical-details disclosure.
  await page.getByTestId('tech-details').locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-actions').click()]);
  const file = testInfo.outputPath('actions.json');
  await download.saveAs(file);
  const log = JSON.parse(readFileSync(file, 'utf8')) as { seed: number; actions: ActionInput[] };
  expect(log.actions[0]).toMatchObject({ t: 0, type: 'set_plan', order: ['pitch', 'opening', 'close'] });
  expect(log.actions).toContainEqual(expect.objectContaining({ type: 'start_segment', segment: 'opening' }));
  const sim = replay(loadScenario(DRILL), log.seed, log.actions);
  expect(sim.digest()).toBe(uiDigest);
  expect(sim.log.find((e) => e.type === 'plan.set')).toMatchObject({ order: ['pitch', 'opening', 'close'] });
  expect(sim.log.filter((e) => e.type === 'segment.start').map((e) => (e.type === 'segment.start' ? `${e.segment}:${e.by ?? 'schedule'}` : ''))).toEqual(['opening:schedule', 'pitch:plan', 'opening:host']);
  expect(errors).toEqual([]);
});

test('sim time follows the page clock at 1× while the console is busy', async ({ page }) => {
  // Wall-clock timing on a shared 2-core machine is a benchmark (npm run bench:ui reports the
  // largest lag and the drift), not a test. Here the page's clock is Playwright's, so the loop
  // sees exact wall times and the check is about the mapping, not about the machine's speed.
  test.setTimeout(60_000);
  await page.clock.install({ time: new Date('2025-03-01T09:00:00+08:00') });
  await page.goto('/?seed=5');
  await goLive(page, 'imkt-l5-kidswear-20min', 'ok');
  await expect(page.locator('[data-testid="live-room"] canvas')).toBeVisible();
  // From here wall time moves only when the test says so.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
  await page.clock.runFor(100);
  const simNow = () => page.evaluate(() => (window as unknown as { livesim: { current(): { now: number } } }).livesim.current().now);
  const sim0 = await simNow();
  const input = page.getByTestId('talk-input');
  let wall = 0;
  for (let i = 0; i < 6; i++) {
    await input.fill(`大家好，欢迎来到直播间，第${i + 1}次打招呼，今天的卫衣是95%棉的`);
    await input.press('Enter');
    await page.getByTestId('filter-questions').click();
    await page.getByTestId('filter-all').click();
    await page.clock.runFor(1500);
    wall += 1500;
    // Sim time moves in whole 100 ms ticks; within that it is the wall time since going live.
    const sim = (await simNow()) - sim0;
    expect(Math.abs(sim - wall), `after ${wall} ms of wall time, ${sim} ms of sim time`).toBeLessThanOrEqual(100 + 17);
  }
  // Every line was taken; the box lists the last three.
  await expect(page.getByTestId('speech-log').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('speech-log').locator('li').last()).toContainText('第6次打招呼');
});
