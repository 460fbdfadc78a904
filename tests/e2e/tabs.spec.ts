/**
 * Two tabs on one run (two pages in one browser context): the tab playing a run owns it (Web Lock);
 * a second tab says the run is open in another tab and offers to take it over, never to resume or
 * archive it beside the first. Taking over: the first tab stops, saves its last state and shows
 * that the run moved; the second continues the run with every action; only it writes from then on.
 */
import { expect, test, type Page } from '@playwright/test';
import zhCN from '../../src/ui/locales/zh-CN.json' with { type: 'json' };
import en from '../../src/ui/locales/en.json' with { type: 'json' };
import { shot } from './helpers';

const DRILL_ID = 'drill-stream-drop-5min';
type Info = { actions: number; now: number; paused: boolean; resumed: { from: string } | null };
const current = (page: Page) => page.evaluate(() => (window as unknown as { livesim: { current(): Info | null } }).livesim.current());
const journal = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ id: string; actions: number; simMs: number; status: string }[]>((resolve, reject) => {
        const req = indexedDB.open('livesim-journal');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => {
            req.result.close();
            resolve((all.result as { id: string; actions: unknown[]; simMs: number; status: string }[]).map((e) => ({ id: e.id, actions: e.actions.length, simMs: e.simMs, status: e.status })));
          };
        };
      }),
  );

test('a second tab sees the run is open elsewhere and takes it over cleanly: never two writers', async ({ context }) => {
  test.setTimeout(90_000);
  const first = await context.newPage();
  await first.goto('/?speed=4&seed=9');
  await first.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  await first.getByTestId('to-precheck').click();
  await first.getByTestId('go-live').click();
  await expect(first.getByTestId('live-screen')).toBeVisible();
  const row = first.locator('[data-testid="product-row"][data-product="oranges"]');
  await row.getByTestId('start-explaining').click();
  await row.getByTestId('show-card').click();
  await first.getByTestId('talk-input').fill('欢迎家人们！云南高山冰糖橙，坏果包赔，拍1号链接！');
  await first.getByTestId('talk-input').press('Enter');
  await expect.poll(async () => (await journal(first))[0]?.actions).toBe(4);

  // The second tab: the run is live in the first, so it is not offered for resuming or archiving.
  const second = await context.newPage();
  await second.goto('/?speed=4');
  const offer = second.getByTestId('resume-offer');
  await expect(offer).toBeVisible();
  await expect(offer).toHaveAttribute('data-elsewhere', 'true');
  await expect(second.getByTestId('run-elsewhere')).toContainText(zhCN.storage.elsewhereTitle);
  await expect(second.getByTestId('resume-run')).toHaveCount(0);
  await expect(second.getByTestId('resume-discard')).toHaveCount(0);
  await shot(second, 'tabs-01-open-elsewhere-zh');
  await second.getByTestId('lang-toggle').first().click();
  await expect(second.getByTestId('run-elsewhere')).toContainText(en.storage.elsewhereTitle);
  await shot(second, 'tabs-01-open-elsewhere-en');
  await second.getByTestId('lang-toggle').first().click();
  // The first tab plays on meanwhile, undisturbed.
  await first.getByTestId('talk-input').fill('有问题评论区问我，马上回答。');
  await first.getByTestId('talk-input').press('Enter');
  const before = await current(first);
  expect(before?.actions).toBe(5);

  // Take it over.
  await second.getByTestId('take-over').click();
  // The first tab stops, says the run moved, and takes no more actions.
  const moved = first.getByTestId('run-moved');
  await expect(moved).toBeVisible();
  await expect(moved).toContainText(zhCN.storage.movedTitle);
  await shot(first, 'tabs-02-moved-zh');
  await first.getByTestId('lang-toggle').first().click();
  await expect(moved).toContainText(en.storage.movedTitle);
  await shot(first, 'tabs-02-moved-en');
  const stoppedAt = (await current(first))!.now;
  // The second tab continues the run: every action, from the first tab's last snapshot, paused for the student.
  await expect(second.getByTestId('live-screen')).toBeVisible();
  const taken = await current(second);
  expect(taken?.actions).toBe(5);
  expect(taken?.resumed?.from).toBe('snapshot');
  expect(taken?.now).toBe(stoppedAt);
  expect(taken?.paused).toBe(true);
  // The first tab has stopped: its clock stands, its console is dead.
  await first.waitForTimeout(1000);
  expect((await current(first))!.now).toBe(stoppedAt);

  // Only the second tab writes from now on.
  await second.getByTestId('pause').click();
  await second.getByTestId('talk-input').fill('谢谢大家支持！');
  await second.getByTestId('talk-input').press('Enter');
  await expect.poll(async () => (await journal(second))[0]?.actions).toBe(6);
  await first.waitForTimeout(1500);
  const [rec] = await journal(first);
  expect(rec.actions).toBe(6);
  expect(rec.status).toBe('live');
  expect(rec.simMs).toBeGreaterThan(stoppedAt);

  // And the first tab, back on the list, sees the run open elsewhere (in the second tab) now.
  await first.getByTestId('run-moved-back').click();
  await expect(first.getByTestId('resume-offer')).toHaveAttribute('data-elsewhere', 'true');
  expect((await journal(second))[0].actions).toBe(6);
});

test('a run that ends in the first tab while the second offers to take it over is not continued twice', async ({ context }) => {
  test.setTimeout(90_000);
  const first = await context.newPage();
  await first.goto('/?speed=64&seed=4');
  await first.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  await first.getByTestId('to-precheck').click();
  await first.getByTestId('go-live').click();
  await expect(first.getByTestId('live-screen')).toBeVisible();
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByTestId('resume-offer')).toHaveAttribute('data-elsewhere', 'true');
  // The first tab plays to the end (5 minutes at 64×) and archives the run.
  await expect(first.getByTestId('saved-status')).toHaveAttribute('data-saved', 'true', { timeout: 40_000 });
  await second.getByTestId('take-over').click();
  await expect(second.getByRole('alert')).toContainText('ended in the other tab');
  await expect(second.getByTestId('live-screen')).toHaveCount(0);
  expect(await journal(second)).toEqual([]);
});
