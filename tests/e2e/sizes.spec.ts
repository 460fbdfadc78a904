/**
 * The live console at the screen sizes schools have (issue: lab PCs at 1366×768 and 1280×720, old
 * ones at 1024×768, tablets, phones): nothing scrolls sideways, every column is inside the screen,
 * and the talk box and the comments are within reach (on a phone, stacked: room and talk box
 * first, then the comments, then the products and marketing). Screenshots of each size.
 */
import { expect, test, type Page } from '@playwright/test';
import { shot, watchErrors } from './helpers';

const DRILL_ID = 'drill-stream-drop-5min';
const SIZES = [
  { name: 'lab-1366', width: 1366, height: 768, columns: 3 },
  { name: 'lab-1280', width: 1280, height: 720, columns: 3 },
  { name: 'old-1024', width: 1024, height: 768, columns: 3 },
  { name: 'tablet-768', width: 768, height: 1024, columns: 1 },
  { name: 'phone-390', width: 390, height: 844, columns: 1 },
] as const;

async function goLiveAt(page: Page): Promise<void> {
  await page.goto('/?speed=1&seed=3');
  await page.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  await page.getByTestId('to-precheck').click();
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-screen')).toBeVisible();
  await page.getByTestId('pause').click();
}

for (const size of SIZES) {
  test(`the live console at ${size.width}×${size.height}: nothing sideways, everything reachable`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: size.width, height: size.height });
    await goLiveAt(page);
    // No horizontal scrolling, on the page or inside the console.
    const overflow = await page.evaluate(() => {
      const doc = document.scrollingElement!;
      const grid = document.querySelector('.live__grid') as HTMLElement;
      return { page: doc.scrollWidth - doc.clientWidth, grid: grid.scrollWidth - grid.clientWidth };
    });
    expect(overflow.page, 'the page scrolls sideways').toBeLessThanOrEqual(0);
    expect(overflow.grid, 'the console scrolls sideways').toBeLessThanOrEqual(0);
    // Every column starts and ends inside the screen.
    for (const col of ['.live__left', '.live__center', '.live__right']) {
      const box = (await page.locator(col).boundingBox())!;
      expect(box.x, `${col} left edge`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${col} right edge`).toBeLessThanOrEqual(size.width + 0.5);
    }
    const lefts = await page.locator('.live__col').evaluateAll((cols) => new Set(cols.map((c) => Math.round(c.getBoundingClientRect().left))).size);
    expect(lefts, 'columns side by side').toBe(size.columns);
    // The talk box, the room and the comments can be reached and used; on every size the talk box
    // is on the first screen, without scrolling.
    const talk = page.getByTestId('talk-input');
    await expect(talk).toBeInViewport();
    await talk.scrollIntoViewIfNeeded();
    await expect(talk).toBeInViewport();
    await talk.fill('欢迎家人们！');
    await talk.press('Enter');
    await expect(page.getByTestId('speech-log').locator('li').last()).toContainText('欢迎家人们');
    const room = (await page.locator('[data-testid="live-room"] .room__phone').boundingBox())!;
    expect(room.width, 'the room is big enough to watch').toBeGreaterThanOrEqual(size.width < 500 ? 200 : 240);
    await page.getByTestId('comments-panel').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('comments-panel')).toBeInViewport();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('.live__grid').evaluate((g) => g.scrollTo(0, 0));
    await shot(page, `size-${size.name}`);
    expect(errors).toEqual([]);
  });
}
