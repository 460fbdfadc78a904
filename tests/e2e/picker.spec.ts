/**
 * The scenario picker shows every shipped scenario with its index tags (level, seat,
 * category, duration, incidents, rubric, language) and filters by them, in Chinese and English.
 */
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import zhCN from '../../src/ui/locales/zh-CN.json' with { type: 'json' };
import en from '../../src/ui/locales/en.json' with { type: 'json' };
import { scenarioIndexEntry, type ScenarioIndexEntry } from '../../src/engine';
import { loadScenarioText } from '../../src/engine';
import { ROOT, shot, watchErrors } from './helpers';

/** The index the picker should show: computed here from the files, the way the build does. */
const entries: ScenarioIndexEntry[] = readdirSync(path.join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => {
    const r = loadScenarioText(readFileSync(path.join(ROOT, 'scenarios', f), 'utf8'), `scenarios/${f}`);
    return r.ok ? [scenarioIndexEntry(r.scenario)] : [];
  });

test('the picker shows every scenario with its tags and filters by level, duration, seat, category and incident', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  const cards = page.locator('[data-testid="scenario-card"][data-scenario-id]');
  await expect(cards).toHaveCount(entries.length);

  // Each card shows its index: category, rubric, language, incidents.
  for (const e of entries) {
    const card = page.locator(`[data-scenario-id="${e.id}"]`);
    await expect(card.getByTestId('card-category')).toHaveText(e.category.zh);
    await expect(card.getByTestId('card-rubric')).toHaveText(e.rubric);
    await expect(card.getByTestId('card-language')).toContainText(zhCN.library.lang[e.language]);
    const kinds = await card.getByTestId('card-incidents').locator('[data-kind]').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
    expect(kinds, e.id).toEqual(e.incidents);
  }
  await shot(page, 'picker-zh', true);
  await shot(page, 'picker-zh-top');

  // Controller seat only.
  await page.getByTestId('filter-seat').selectOption('controller');
  const controller = entries.filter((e) => e.seat === 'controller');
  expect(controller.length).toBeGreaterThan(0);
  await expect(cards).toHaveCount(controller.length);
  for (const id of await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-seat')))) expect(id).toBe('controller');
  await page.getByTestId('filter-reset').click();
  await expect(cards).toHaveCount(entries.length);

  // Five-minute drills.
  await page.getByTestId('filter-duration').selectOption('5');
  await expect(cards).toHaveCount(entries.filter((e) => e.duration === '5').length);
  // …with a stream drop: the incident chip narrows further.
  await page.getByTestId('filter-incidents').getByRole('button', { name: zhCN.incident.kind.stream_drop }).click();
  await expect(cards).toHaveCount(entries.filter((e) => e.duration === '5' && e.incidents.includes('stream_drop')).length);
  await page.getByTestId('filter-reset').click();

  // A level and a category.
  const l5 = entries.filter((e) => e.level === 'imkt-l5');
  await page.getByTestId('filter-level').selectOption('imkt-l5');
  await expect(cards).toHaveCount(l5.length);
  await page.getByTestId('filter-reset').click();
  const cat = entries[0].category.zh;
  await page.getByTestId('filter-category').selectOption(cat);
  await expect(cards).toHaveCount(entries.filter((e) => e.category.zh === cat).length);
  await page.getByTestId('filter-reset').click();

  // Tags: the common ones show, the rest behind "more"; a rare tag finds its scenarios.
  const tagCount = new Map<string, number>();
  for (const e of entries) for (const x of e.tags) tagCount.set(x, (tagCount.get(x) ?? 0) + 1);
  const rare = [...tagCount].sort((a, b) => a[1] - b[1])[0][0];
  const tagRow = page.getByTestId('filter-tags');
  if (tagCount.size > 16) {
    await expect(tagRow.getByRole('button', { name: rare, exact: true })).toHaveCount(0);
    await page.getByTestId('tags-more').click();
  }
  await tagRow.getByRole('button', { name: rare, exact: true }).click();
  await expect(cards).toHaveCount(entries.filter((e) => e.tags.includes(rare)).length);
  await page.getByTestId('filter-reset').click();

  // English: categories, languages and incident names in English; the English room is findable.
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('app-title')).toHaveText(en.app.name);
  for (const e of entries) {
    const card = page.locator(`[data-scenario-id="${e.id}"]`);
    await expect(card.getByTestId('card-category')).toHaveText(e.category.en);
  }
  const english = entries.filter((e) => e.language === 'en');
  if (english.length > 0) {
    await page.getByTestId('filter-language').selectOption('en');
    await expect(cards).toHaveCount(english.length);
    await expect(cards.first().getByTestId('card-language')).toContainText(en.library.lang.en);
    await page.getByTestId('filter-reset').click();
  }
  // Tags in English too, and an English tag filters as the Chinese one does.
  const tagsEn = JSON.parse(readFileSync(path.join(ROOT, 'src/ui/locales/tags-en.json'), 'utf8')) as Record<string, string>;
  if (tagCount.size > 16 && (await page.getByTestId('tags-more').getAttribute('aria-expanded')) === 'false') await page.getByTestId('tags-more').click();
  await expect(tagRow.getByRole('button', { name: tagsEn[rare] ?? rare, exact: true })).toHaveCount(1);
  await expect(tagRow.getByRole('button', { name: rare, exact: true })).toHaveCount(tagsEn[rare] ? 0 : 1);
  await tagRow.getByRole('button', { name: tagsEn[rare] ?? rare, exact: true }).click();
  await expect(cards).toHaveCount(entries.filter((e) => e.tags.includes(rare)).length);
  await page.getByTestId('filter-reset').click();
  await shot(page, 'picker-en', true);
  await shot(page, 'picker-en-top');
  expect(errors).toEqual([]);
});
