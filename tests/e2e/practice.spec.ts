/**
 * Self-study (issue #17): a new student does three micro-drills (one all right, one left blank,
 * one half right), sees the skills map take them in, follows the recommendation, exports the
 * progress file and imports it in a fresh browser, where the map is the same. The right answers
 * are found here in Node from the same variant (the drill's own generate() with the seed the
 * page shows), and the expected levels and recommendation come from src/ui/practice/progress.ts.
 * A drill left midway counts, with the items not answered as wrong.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { scenarioIndexEntry, type Scenario } from '../../src/engine';
import { shippedScenarios } from '../shipped-scenarios';
import { DRILL_KINDS, type DrillAnswer, type DrillKind, type DrillVariant } from '../../src/drills';
import { DRILL_CATALOG } from '../../src/drills/catalog';
import { dailySet, skillLevels, suggestNext, type DrillDone } from '../../src/ui/practice/progress';
import { shot, watchErrors } from './helpers';

const scenarios: Scenario[] = shippedScenarios();
const rooms = scenarios.map(scenarioIndexEntry);
const kind = (id: string) => DRILL_KINDS.find((k) => k.id === id)!;

test.use({ viewport: { width: 1366, height: 768 } });

/** An answer that earns full credit for one item (tried in Node against the kind's own scoring). */
function rightAnswer(k: DrillKind, v: DrillVariant, itemId: string): string {
  const item = v.items.find((i) => i.id === itemId)!;
  const expected = k.score(v, []).items.find((r) => r.item === itemId)!.expected;
  const candidates = item.input.type === 'choice' ? item.input.options.map((o) => o.id) : [expected.zh, expected.en, expected.zh.split(/[：:]/).pop() ?? ''];
  const hit = candidates.find((c) => k.score(v, [{ item: itemId, value: c, ms: 0 }]).items.find((r) => r.item === itemId)!.credit === 1);
  if (hit === undefined) throw new Error(`${k.id}: no right answer found for ${itemId} among ${JSON.stringify(candidates)}`);
  return hit;
}

/** Start a drill from its skill row and play it: `answer` gives each item's answer ('' leaves it blank). */
async function playDrill(page: Page, id: string, answer: (k: DrillKind, v: DrillVariant, itemId: string, index: number) => string): Promise<{ percent: number; answers: DrillAnswer[] }> {
  await page.locator(`[data-testid="skill-drill"][data-kind="${id}"]`).click();
  const screen = page.getByTestId('drill-screen');
  await expect(screen).toHaveAttribute('data-step', 'intro', { timeout: 30_000 });
  const seed = Number(await screen.getAttribute('data-seed'));
  const k = kind(id);
  const v = k.generate(seed, { scenarios, runs: [], language: 'zh' });
  await page.getByTestId('drill-begin').click();
  const answers: DrillAnswer[] = [];
  for (const [i, item] of v.items.entries()) {
    await expect(page.getByTestId('drill-item')).toHaveAttribute('data-item', item.id);
    await expect(page.getByTestId('drill-prompt')).toHaveText(item.prompt.zh);
    const value = answer(k, v, item.id, i);
    if (value !== '') {
      if (item.input.type === 'choice') await page.locator(`[data-testid="drill-choice"][data-option="${value}"]`).check();
      else await page.getByTestId('drill-input').fill(value);
    }
    if (i === 0) await shot(page, `practice-drill-${id}`);
    await page.getByTestId('drill-submit').click();
    answers.push({ item: item.id, value, ms: 1000 });
  }
  await expect(page.getByTestId('drill-saved')).toHaveAttribute('data-state', 'saved');
  const percent = k.score(v, answers).percent;
  await expect(page.getByTestId('drill-result')).toHaveAttribute('data-percent', String(percent));
  await shot(page, `practice-result-${id}`);
  await page.getByTestId('drill-done-skills').click();
  await expect(page.getByTestId('skills-screen')).toBeVisible();
  return { percent, answers };
}

async function levelsOnScreen(page: Page): Promise<Record<string, string>> {
  const rows = page.getByTestId('skill-row');
  const out: Record<string, string> = {};
  for (const r of await rows.all()) out[(await r.getAttribute('data-skill'))!] = `${await r.getAttribute('data-level')}/${await r.getAttribute('data-samples')}`;
  return out;
}

test('a new student does three drills, the skills map takes them in, the recommendation is followed, and progress moves to another browser', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('open-skills').click();
  await expect(page.getByTestId('skills-screen')).toBeVisible();
  for (const r of await page.getByTestId('skill-row').all()) await expect(r).toHaveAttribute('data-samples', '0');
  await expect(page.getByTestId('skills-streak')).toHaveAttribute('data-days', '0');
  await shot(page, 'practice-skills-empty', true);

  const done: DrillDone[] = [];
  const record = (id: string, percent: number) => done.push({ id: `${id}-${done.length}`, kind: id, skill: kind(id).skill, at: Date.now(), percent });
  // 1. All right; 2. all blank; 3. right on the even items only.
  record('question-sprint', (await playDrill(page, 'question-sprint', rightAnswer)).percent);
  record('price-maths', (await playDrill(page, 'price-maths', () => '')).percent);
  record('controller-cues', (await playDrill(page, 'controller-cues', (k, v, item, i) => (i % 2 === 0 ? rightAnswer(k, v, item) : ''))).percent);
  expect(done.map((d) => d.percent)).toEqual([100, 0, done[2].percent]);
  expect(done[2].percent).toBeGreaterThan(0);
  expect(done[2].percent).toBeLessThan(100);

  // The map: each drill's skill at its mark, one sample each; the rest untouched.
  const now = Date.now();
  const levels = skillLevels([], now, done);
  const expected = Object.fromEntries(levels.map((l) => [l.skill, `${l.level ?? ''}/${l.samples.length}`]));
  expect(await levelsOnScreen(page)).toEqual(expected);
  await expect(page.getByTestId('skills-streak')).toHaveAttribute('data-days', '1');
  await expect(page.getByTestId('skills-drill-count')).toHaveText('3');
  await page.locator('[data-skill="console"] [data-testid="skill-more"]').click();
  await expect(page.locator('[data-skill="console"] [data-testid="skill-sample"]')).toHaveCount(1);
  await shot(page, 'practice-skills-after', true);

  // The recommendation (today's first item and the picker's "next") is the weakest skill's drill.
  const next = suggestNext(levels, [], rooms, now, { micro: DRILL_CATALOG, drills: done })!;
  expect(next).toMatchObject({ kind: 'micro', skill: 'offers', micro: { id: 'price-maths' } });
  // Today's set was made from what was done before today (nothing: a first drill room), and stays put all day.
  const dayStart = new Date(now).setHours(0, 0, 0, 0);
  const set = dailySet(skillLevels([], dayStart), [], rooms, dayStart, { micro: DRILL_CATALOG, drills: [] });
  expect(set[0].kind).toBe('start');
  await expect(page.getByTestId('today-item')).toHaveCount(set.length);
  for (const [i, item] of set.entries()) await expect(page.getByTestId('today-item').nth(i)).toHaveAttribute('data-target', item.kind === 'micro' ? `drill:${item.micro.id}` : item.room.id);
  await page.getByTestId('skills-back').click();
  await expect(page.getByTestId('next-suggestion')).toHaveAttribute('data-room', 'drill:price-maths');
  await shot(page, 'practice-picker-next');
  await page.getByTestId('next-start').click();
  await expect(page.getByTestId('drill-screen')).toHaveAttribute('data-kind', 'price-maths');
  await expect(page.getByTestId('drill-screen')).toHaveAttribute('data-step', 'intro', { timeout: 30_000 });
  await page.getByTestId('drill-to-skills').click();

  // Export, then import in a browser with nothing in it: the same map.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('progress-export').click()]);
  const file = testInfo.outputPath('progress.json');
  await download.saveAs(file);
  await expect(page.getByTestId('progress-message')).toHaveAttribute('data-kind', 'ok');
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; drills: unknown[]; runs: unknown[] };
  expect(exported).toMatchObject({ format: 'livesim/progress@1', runs: [] });
  expect(exported.drills).toHaveLength(3);

  const other = await browser.newContext();
  const page2 = await other.newPage();
  const errors2 = watchErrors(page2);
  await page2.goto('/');
  await page2.getByTestId('open-skills').click();
  await page2.getByTestId('progress-import').setInputFiles(file);
  await expect(page2.getByTestId('progress-message')).toHaveAttribute('data-kind', 'ok', { timeout: 30_000 });
  await expect(page2.getByTestId('progress-message')).toContainText('3');
  await expect.poll(() => levelsOnScreen(page2)).toEqual(expected);
  await shot(page2, 'practice-imported');
  // Importing it again adds nothing.
  await page2.getByTestId('progress-import').setInputFiles(file);
  await expect(page2.getByTestId('progress-message')).toContainText('0');
  await expect(page2.getByTestId('skills-drill-count')).toHaveText('3');
  expect(errors).toEqual([]);
  expect(errors2).toEqual([]);
  await context.close();
  await other.close();
});

test('a drill left midway counts: what was answered is kept, the rest is marked wrong (a drill left before its first answer at 0 %, not as a day of practice), and it is still there after a reload', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('open-skills').click();
  // Begun and left at once: its skill takes a 0 % sample, but it is not a day's practice.
  await page.locator('[data-testid="skill-drill"][data-kind="price-maths"]').click();
  await expect(page.getByTestId('drill-screen')).toHaveAttribute('data-step', 'intro', { timeout: 30_000 });
  await page.getByTestId('drill-begin').click();
  await expect(page.getByTestId('drill-item')).toBeVisible();
  await page.getByTestId('drill-to-skills').click();
  const at0 = Date.now();
  const begun: DrillDone = { id: 'begun', kind: 'price-maths', skill: kind('price-maths').skill, at: at0, percent: 0, answered: 0 };
  const levels0 = skillLevels([], at0, [begun]);
  await expect.poll(() => levelsOnScreen(page)).toEqual(Object.fromEntries(levels0.map((l) => [l.skill, `${l.level ?? ''}/${l.samples.length}`])));
  await expect(page.getByTestId('skills-streak')).toHaveAttribute('data-days', '0');

  await page.locator('[data-testid="skill-drill"][data-kind="question-sprint"]').click();
  const screen = page.getByTestId('drill-screen');
  await expect(screen).toHaveAttribute('data-step', 'intro', { timeout: 30_000 });
  const k = kind('question-sprint');
  const v = k.generate(Number(await screen.getAttribute('data-seed')), { scenarios, runs: [], language: 'zh' });
  await page.getByTestId('drill-begin').click();
  const first = v.items[0];
  await expect(page.getByTestId('drill-item')).toHaveAttribute('data-item', first.id);
  const value = rightAnswer(k, v, first.id);
  if (first.input.type === 'choice') await page.locator(`[data-testid="drill-choice"][data-option="${value}"]`).check();
  else await page.getByTestId('drill-input').fill(value);
  await page.getByTestId('drill-submit').click();
  await expect(page.getByTestId('drill-item')).toHaveAttribute('data-item', v.items[1].id);
  // The student leaves on the second item, as one would after a bad start.
  await page.getByTestId('drill-to-skills').click();
  const percent = k.score(v, [{ item: first.id, value, ms: 1000 }]).percent;
  expect(percent).toBeGreaterThan(0);
  expect(percent).toBeLessThan(100);
  const levels = skillLevels([], Date.now(), [begun, { id: 'left', kind: k.id, skill: k.skill, at: Date.now(), percent }]);
  const expected = Object.fromEntries(levels.map((l) => [l.skill, `${l.level ?? ''}/${l.samples.length}`]));
  await expect.poll(() => levelsOnScreen(page)).toEqual(expected);
  await expect(page.getByTestId('skills-drill-count')).toHaveText('2');
  await expect(page.getByTestId('skills-streak')).toHaveAttribute('data-days', '1');
  await shot(page, 'practice-drill-left-midway', true);
  await page.reload();
  await page.getByTestId('open-skills').click();
  await expect.poll(() => levelsOnScreen(page)).toEqual(expected);
  expect(errors).toEqual([]);
});

test('the data review drill shows a chart and a table drawn from a shipped run', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('open-skills').click();
  await page.locator('[data-testid="skill-drill"][data-kind="data-review"]').click();
  const screen = page.getByTestId('drill-screen');
  await expect(screen).toHaveAttribute('data-step', 'intro', { timeout: 30_000 });
  const v = kind('data-review').generate(Number(await screen.getAttribute('data-seed')), { scenarios, runs: [], language: 'zh' });
  await page.getByTestId('drill-begin').click();
  const first = v.items[0];
  await expect(page.getByTestId('drill-prompt')).toHaveText(first.prompt.zh);
  if (first.table) await expect(page.getByTestId('drill-table').locator('tbody tr')).toHaveCount(first.table.rows.length);
  if (first.chart) await expect(page.getByTestId('drill-chart').locator('.recharts-line')).toHaveCount(first.chart.series.length);
  expect(first.table ?? first.chart).toBeTruthy();
  await shot(page, 'practice-drill-data-review', true);
  expect(errors).toEqual([]);
});

test('an English question sprint is drawn from the cross-border room', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('open-skills').click();
  await page.locator('[data-testid="skill-drill-en"][data-kind="question-sprint"]').click();
  const screen = page.getByTestId('drill-screen');
  await expect(screen).toHaveAttribute('data-step', 'intro', { timeout: 30_000 });
  const v = kind('question-sprint').generate(Number(await screen.getAttribute('data-seed')), { scenarios, runs: [], language: 'en' });
  expect(v.language).toBe('en');
  expect(scenarios.find((x) => x.meta.id === v.source)?.meta.language).toBe('en');
  await page.getByTestId('drill-begin').click();
  await expect(page.getByTestId('drill-prompt')).toHaveText(v.items[0].prompt.zh);
  // The viewer's question is in English (the Chinese page frames it in Chinese).
  expect(v.items[0].prompt.en).toMatch(/^[\x20-\x7E\u2018-\u201D]+$/);
  await shot(page, 'practice-drill-english');
  expect(errors).toEqual([]);
});
