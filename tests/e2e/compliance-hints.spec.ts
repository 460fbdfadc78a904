/**
 * The console's live compliance hints: the live room starts without the explanations
 * (compliance/explain.ts, kept out of its JavaScript — docs/ui.md "The 350 KB budget"); the first
 * finding shows its category at once and loads them, then the reason and the suggestion appear,
 * and the sent line's pill in the speech log carries the reason.
 */
import { expect, test } from '@playwright/test';
import { goLive, shot, watchErrors } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

test('live hints: the category at once, the reason once the explanations load, none loaded before', async ({ page }) => {
  const errors = watchErrors(page);
  const explainRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/assets\/explain-[^/]*\.js$/.test(r.url())) explainRequests.push(r.url());
  });
  await page.goto('/?speed=16&seed=3');
  await goLive(page, 'drill-stream-drop-5min', 'ok');
  await expect(page.getByTestId('talk-input')).toBeVisible();
  expect(explainRequests, 'the live room loads no explanations before a finding').toEqual([]);

  const input = page.getByTestId('talk-input');
  await input.fill('家人们，这款橙子是全网最低价');
  const hints = page.getByTestId('compliance-findings');
  await expect(hints).toContainText('全网最低价');
  await expect(hints).toContainText('绝对化用语');
  // The reason and the suggestion of the lexicon entry (lexicon-text.json), once loaded.
  await expect(hints).toContainText('无法核实的价格比较');
  await expect(hints).toContainText('建议');
  expect(explainRequests.length).toBeGreaterThan(0);
  await shot(page, 'compliance-hints-live');

  await page.getByTestId('talk-send').click();
  const pill = page.getByTestId('speech-log').locator('.pill--bad').first();
  await expect(pill).toContainText('全网最低价');
  await expect(pill).toHaveAttribute('title', /比较/);
  expect(errors).toEqual([]);
});
