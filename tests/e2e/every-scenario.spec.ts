/**
 * Every shipped scenario can be played to the end through the UI: picked, briefed, checked,
 * taken live, acted on, and finished with the score report. One test per file in scenarios/,
 * so a new scenario is covered the day it is added. The room runs at 256× (sim time; the
 * engine is deterministic, so the speed changes nothing but how long the test waits).
 */
import { expect, test } from '@playwright/test';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DRILL_FOCUS_WEIGHT, drillFocus } from '../../src/scoring';
import { frameUntilVisible, loadScenario, ROOT, shot, watchErrors } from './helpers';

const SPEED = 256;
const files = readdirSync(path.join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

test.use({ viewport: { width: 1440, height: 900 } });

for (const file of files) {
  const sc = loadScenario(`scenarios/${file}`);
  test(`${sc.meta.id}: played through the UI to the score report`, async ({ page }) => {
    test.setTimeout(60_000 + (sc.meta.duration / 60) * 1500);
    const errors = watchErrors(page);
    // Playwright's clock: wall time moves only when the test says so, so a 5-minute drill (1.2 s of
    // wall time at 256×) cannot end before the student has acted.
    await page.clock.install({ time: new Date('2025-03-01T09:00:00+08:00') });
    await page.goto(`/?speed=${SPEED}&seed=11`);
    const card = page.locator(`[data-scenario-id="${sc.meta.id}"]`);
    await expect(card.getByTestId('validation-badge')).toHaveAttribute('data-valid', 'true');
    await card.getByTestId('scenario-start').click();
    await expect(page.getByTestId('briefing')).toBeVisible();
    await page.getByTestId('to-precheck').click();
    await page.waitForLoadState('networkidle'); // the pre-live check fetches the live screen ahead
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
    await page.getByTestId('go-live').click();
    /** One frame or three of wall time, so what was just done shows. */
    const frame = () => page.clock.runFor(50);
    await frame();
    await frameUntilVisible(page, page.getByTestId('product-row').first());

    // The student acts: the first product listed, explained, its card popped; the host (or, in
    // the controller seat, nobody: the scripted host speaks) says a line.
    const row = page.getByTestId('product-row').first();
    if ((await row.getAttribute('data-listed')) === 'false') {
      await row.getByTestId('list-product').click();
      await frame();
    }
    await expect(row).toHaveAttribute('data-listed', 'true');
    if (sc.meta.seat === 'host') {
      await row.getByTestId('start-explaining').click();
      const input = page.getByTestId('talk-input');
      await input.fill(sc.meta.language === 'en' ? 'Welcome everyone, follow the room and check link one!' : '欢迎来到直播间，点点关注，一号链接已经上车');
      await input.press('Enter');
      await frame();
      await expect(page.getByTestId('speech-log').locator('li').first()).not.toHaveClass(/muted/);
    } else {
      await expect(page.getByTestId('talk-input')).toHaveCount(0);
    }
    await row.getByTestId('show-card').click();
    await frame();
    await expect(row).toHaveAttribute('data-card', 'true');

    // Wall time runs until the stream ends (at 256×, a second of wall time is 4¼ minutes of sim time).
    const finished = () => page.evaluate(() => (window as unknown as { livesim: { current(): { finished: boolean } | null } }).livesim.current()?.finished ?? false);
    for (let spent = 0; !(await finished()); spent += 1000) {
      expect(spent, 'wall time waited for the end').toBeLessThan((sc.meta.duration / SPEED) * 1000 + 5000);
      await page.clock.runFor(1000);
    }
    // The end screen and the score report load as their own chunks.
    await page.clock.resume();
    // On a busy 2-core machine the chunks and the score can take a while: a generous wait, not a timing check.
    await expect(page.getByTestId('end-screen')).toBeVisible({ timeout: 30_000 });

    // Played to the end: the report and the score against the scenario's rubric.
    await expect(page.getByTestId('report')).toBeVisible();
    await expect(page.getByTestId('score-report')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('score-report').locator('.score__total')).toHaveText(/(^|\s)\d+(\.\d+)?\s*\/ 100/);
    const info = await page.evaluate(() => (window as unknown as { livesim: { current(): { finished: boolean; actions: number; scenario: string } } }).livesim.current());
    expect(info).toMatchObject({ finished: true, scenario: sc.meta.id });
    expect(info.actions).toBeGreaterThanOrEqual(sc.meta.seat === 'host' ? 3 : 1);
    // A drill's report marks the criteria judging its incidents (they weigh more); other rooms mark none.
    const focus = [...drillFocus(sc)].sort();
    const marked = await page.getByTestId('score-report').locator('[data-testid="criterion"]:has([data-testid="criterion-focus"])').evaluateAll((els) => els.map((e) => e.getAttribute('data-criterion') ?? ''));
    expect(marked.sort()).toEqual(focus);
    if (sc.meta.mode === 'drill') expect(focus.length).toBeGreaterThan(0);
    for (const id of focus) {
      // The weight is shown only where the criterion was judged (one not applicable weighs nothing).
      const el = page.getByTestId('score-report').locator(`[data-testid="criterion"][data-criterion="${id}"]`);
      const judged = !/criterion--not_(applicable|assessed)/.test((await el.getAttribute('class')) ?? '');
      await expect(el.getByTestId('criterion-focus')).toHaveText(judged ? `本演练重点 · 权重 ×${DRILL_FOCUS_WEIGHT}` : '本演练重点');
    }
    if (focus.length > 0) {
      await page.locator(`[data-testid="criterion"][data-criterion="${focus[0]}"] summary`).scrollIntoViewIfNeeded();
      await shot(page, `report-focus-${sc.meta.id}`);
    }
    expect(errors).toEqual([]);
  });
}
