import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import zhCN from '../../src/ui/locales/zh-CN.json' with { type: 'json' };
import en from '../../src/ui/locales/en.json' with { type: 'json' };

// Screenshots are artefacts for people to look at (gitignored).
const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

test.beforeAll(() => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

test('scenario list: Chinese by default, every card validated, English toggle remembered', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });

  await page.goto('/');

  // Simplified Chinese by default.
  const title = page.getByTestId('app-title');
  await expect(title).toHaveText(zhCN.app.name);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveTitle(zhCN.app.name);

  // Either the list (every card carries a validation badge) or the empty-state message.
  const cards = page.getByTestId('scenario-card');
  const empty = page.getByTestId('empty-state');
  await expect(cards.first().or(empty)).toBeVisible();
  const cardCount = await cards.count();
  if (cardCount === 0) {
    await expect(empty).toContainText(zhCN.list.empty.title);
  } else {
    await expect(empty).toHaveCount(0);
    for (let i = 0; i < cardCount; i++) {
      const badge = cards.nth(i).getByTestId('validation-badge');
      await expect(badge).toHaveCount(1);
      await expect(badge).toHaveAttribute('data-valid', /^(true|false)$/);
      if ((await badge.getAttribute('data-valid')) === 'false') {
        // A file that failed shows it at once; a valid one keeps its badge in the technical details.
        await expect(badge).toBeVisible();
        // Each error is shown as file:line:col message.
        const errors = cards.nth(i).getByTestId('validation-errors').locator('li');
        expect(await errors.count()).toBeGreaterThan(0);
        for (const text of await errors.allInnerTexts()) {
          expect(text).toMatch(/^\S+:\d+:\d+ .+/);
        }
      }
    }
  }
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'scenario-list-zh.png'), fullPage: true });

  // Switch to English.
  await page.getByTestId('lang-toggle').click();
  await expect(title).toHaveText(en.app.name);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle(en.app.name);
  await expect(page.getByTestId('lang-toggle')).toHaveText(en.lang.toggle);
  await expect(cards).toHaveCount(cardCount);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'scenario-list-en.png'), fullPage: true });

  // The choice survives a reload (localStorage).
  await page.reload();
  await expect(page.getByTestId('app-title')).toHaveText(en.app.name);

  // And back to Chinese.
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('app-title')).toHaveText(zhCN.app.name);

  expect(pageErrors, 'no page or console errors').toEqual([]);
});

test('page works without network access beyond its own origin', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(baseURL ?? 'http://127.0.0.1') && !url.startsWith('data:')) foreign.push(url);
  });
  await page.goto('/');
  await expect(page.getByTestId('app-title')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(foreign, 'no requests to other origins (fonts, CDNs, analytics)').toEqual([]);
});
