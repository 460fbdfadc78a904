/**
 * A full disk, in Chromium: IndexedDB's put throws QuotaExceededError (injected before the app
 * loads) while a short drill is played with a few actions. The live console shows the storage
 * banner at once with the run file to download, the end screen does not claim the run was saved,
 * and once the failure stops, the retry saves it: the banner goes, the history has every action.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { RUN_FILE_FORMAT } from '../../src/engine';
import zhCN from '../../src/ui/locales/zh-CN.json' with { type: 'json' };
import en from '../../src/ui/locales/en.json' with { type: 'json' };
import { shot } from './helpers';

const DRILL_ID = 'drill-stream-drop-5min';
type Win = { __failPut: boolean; livesim: { current(): { actions: number; finished: boolean } | null } };
const current = (page: Page) => page.evaluate(() => (window as unknown as Win).livesim.current());

/** The runs in the history database (dexie's `livesim`), with how many actions each has. */
const historyRuns = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ id: string; status: string; actions: number }[]>((resolve, reject) => {
        const req = indexedDB.open('livesim');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('runs')) {
            db.close();
            return resolve([]);
          }
          const all = db.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as { id: string; status: string; actions: unknown[] }[]).map((r) => ({ id: r.id, status: r.status, actions: r.actions.length })));
          };
        };
      }),
  );

test('a full disk: the banner and the run file at once, never "saved", and the retry saves it when space frees up', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __failPut: boolean };
    w.__failPut = true;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (w.__failPut) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await page.goto('/?speed=16&seed=3');
  await page.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  await page.getByTestId('to-precheck').click();
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-screen')).toBeVisible();

  // The first write already failed: the banner is up, non-blocking, while the run goes on.
  const banner = page.getByTestId('storage-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-error', 'QuotaExceededError');
  await expect(banner).toContainText(zhCN.storage.failedTitle);
  await expect(banner).toContainText(zhCN.storage.reasonQuota);
  const row = page.locator('[data-testid="product-row"][data-product="oranges"]');
  await row.getByTestId('start-explaining').click();
  await row.getByTestId('show-card').click();
  for (const line of ['欢迎家人们！云南高山冰糖橙，坏果包赔。', '直播间到手价29.9元，拍1号链接！']) {
    await page.getByTestId('talk-input').fill(line);
    await page.getByTestId('talk-input').press('Enter');
  }
  const during = await current(page);
  expect(during?.actions).toBe(5); // the plan and the four above
  await expect(banner).toContainText('5');
  await shot(page, 'storage-01-banner-zh');
  await page.getByTestId('lang-toggle').first().click();
  await expect(banner).toContainText(en.storage.failedTitle);
  await expect(banner).toContainText(en.storage.reasonQuota);
  await shot(page, 'storage-01-banner-en');
  await page.getByTestId('lang-toggle').first().click();
  await expect(banner).toContainText(zhCN.storage.failedTitle);

  // The run file, offered at once: the run so far, every action.
  const [download] = await Promise.all([page.waitForEvent('download'), banner.getByTestId('storage-download').click()]);
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; seed: number; actions: unknown[]; scenario: { id: string } };
  expect(file.format).toBe(RUN_FILE_FORMAT);
  expect(file.scenario.id).toBe(DRILL_ID);
  expect(file.seed).toBe(3);
  expect(file.actions.length).toBeGreaterThanOrEqual(5);

  // The end of the run (5 minutes at 16×): the end screen says the run is NOT saved.
  await expect(page.getByTestId('end-screen')).toBeVisible({ timeout: 40_000 });
  const status = page.getByTestId('saved-status');
  await expect(status).toHaveAttribute('data-saved', 'error');
  await expect(status).not.toContainText(zhCN.history.savedNote);
  await expect(page.getByTestId('storage-banner')).toBeVisible();
  await shot(page, 'storage-02-end-unsaved-zh');
  expect(await historyRuns(page)).toEqual([]);
  const ended = await current(page);
  expect(ended?.finished).toBe(true);

  // Space frees up; the page comes back to the foreground: the retry saves the run.
  await page.evaluate(() => {
    (window as unknown as Win).__failPut = false;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(status).toHaveAttribute('data-saved', 'true', { timeout: 30_000 });
  await expect(status).toContainText(zhCN.history.savedNote);
  await expect(page.getByTestId('storage-banner')).toHaveCount(0);
  const runs = await historyRuns(page);
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ status: 'finished', actions: ended!.actions });
  await shot(page, 'storage-03-end-saved-zh');
});

test('without the page coming back, the timer retries and the banner clears in the live console', async ({ page }) => {
  test.setTimeout(60_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __failPut: boolean };
    w.__failPut = true;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (w.__failPut) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await page.goto('/?speed=2&seed=5');
  await page.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  await page.getByTestId('to-precheck').click();
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('storage-banner')).toBeVisible();
  await page.getByTestId('talk-input').fill('欢迎来到直播间！');
  await page.getByTestId('talk-input').press('Enter');
  await page.evaluate(() => ((window as unknown as Win).__failPut = false));
  // Backoff: 1 s, 2 s, 4 s … — the next attempt lands within a few seconds.
  await expect(page.getByTestId('storage-banner')).toHaveCount(0, { timeout: 20_000 });
  const saved = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('livesim-journal');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => {
            req.result.close();
            resolve((all.result[0] as { actions: unknown[] } | undefined)?.actions.length ?? 0);
          };
        };
      }),
  );
  expect(saved).toBe((await current(page))?.actions);
});
