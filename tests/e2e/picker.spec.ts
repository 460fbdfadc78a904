/**
 * The scenario picker by purpose: drills grouped by the skill they train, exam rooms by level,
 * practice rooms; a few filters (seat, length, level, language); ids, rubrics, file names and the
 * validation badge only in each card's technical details; and a "next" suggestion that follows the
 * student's history (a first-time student is sent to a short drill; after a run, to the weakest
 * skill's room, as src/ui/practice/progress.ts computes it from the same report).
 */
import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zhCN from '../../src/ui/locales/zh-CN.json' with { type: 'json' };
import en from '../../src/ui/locales/en.json' with { type: 'json' };
import { makeRunFile, replay, runWithBot, scenarioIndexEntry, type ScenarioIndexEntry } from '../../src/engine';
import { scoreRun } from '../../src/scoring';
import { drillSkills, SKILLS } from '../../src/scoring/skills';
import { DRILL_CATALOG } from '../../src/drills/catalog';
import { skillLevels, suggestNext } from '../../src/ui/practice/progress';
import { loadScenario, ROOT, shot, watchErrors } from './helpers';
import { shippedScenarios } from '../shipped-scenarios';

/** The index the picker should show: computed here from the files, the way the build does. */
const entries: ScenarioIndexEntry[] = shippedScenarios().map(scenarioIndexEntry);

test.use({ viewport: { width: 1366, height: 768 } });

test('the picker groups rooms by purpose, filters by seat, length, level and language, and keeps ids in the technical details', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  const cards = page.locator('[data-testid="scenario-card"][data-scenario-id]');
  await expect(cards).toHaveCount(entries.length);

  // Each room in its group: drills under the skill they train, exam rooms under their level, the rest with practice.
  for (const e of entries) {
    const card = page.locator(`[data-scenario-id="${e.id}"]`);
    const group = e.mode === 'drill' ? 'drills' : e.mode === 'exam' ? 'exams' : 'practice';
    await expect(page.locator(`[data-group="${group}"] [data-scenario-id="${e.id}"]`), e.id).toHaveCount(1);
    if (e.mode === 'drill') await expect(page.locator(`[data-subgroup="${drillSkills(e)[0]}"] [data-scenario-id="${e.id}"]`), e.id).toHaveCount(1);
    if (e.mode === 'exam') await expect(page.locator(`[data-subgroup="${e.level}"] [data-scenario-id="${e.id}"]`), e.id).toHaveCount(1);
    await expect(card.getByTestId('card-category')).toHaveText(e.category.zh);
    const kinds = await card.getByTestId('card-incidents').locator('[data-kind]').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
    expect(kinds, e.id).toEqual(e.incidents);
    // Ids, the rubric and the badge are there for a teacher, out of a student's sight until opened.
    await expect(card.getByTestId('card-rubric')).toBeHidden();
    await expect(card.getByTestId('validation-badge')).toHaveAttribute('data-valid', 'true');
    await expect(card.getByTestId('validation-badge')).toBeHidden();
  }
  const skillTitles = await page.locator('[data-group="drills"] [data-subgroup]').evaluateAll((els) => els.map((el) => el.getAttribute('data-subgroup')));
  expect(skillTitles.length).toBeGreaterThan(1);
  for (const s of skillTitles) expect(SKILLS.map((x) => x.id)).toContain(s);
  // What a student sees names no scenario id, no rubric id, no file and no validation badge.
  const visible = await page.locator('main').innerText();
  for (const e of entries) {
    expect(visible, e.id).not.toContain(e.id);
    expect(visible, e.rubric).not.toContain(e.rubric);
  }
  expect(visible).not.toContain(zhCN.card.valid);
  expect(visible).not.toContain('.yaml');
  await shot(page, 'picker-zh', true);
  await shot(page, 'picker-zh-top');
  // The technical details open on a click.
  const first = cards.first();
  await first.getByTestId('card-tech').locator('summary').click();
  await expect(first.getByTestId('card-rubric')).toBeVisible();
  await expect(first.getByTestId('card-id')).toHaveText((await first.getAttribute('data-scenario-id'))!);
  await shot(page, 'picker-zh-tech');

  // Controller seat only.
  await page.getByTestId('filter-seat').selectOption('controller');
  const controller = entries.filter((e) => e.seat === 'controller');
  expect(controller.length).toBeGreaterThan(0);
  await expect(cards).toHaveCount(controller.length);
  for (const seat of await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-seat')))) expect(seat).toBe('controller');
  await page.getByTestId('filter-reset').click();
  await expect(cards).toHaveCount(entries.length);

  // Five minutes, then a level.
  await page.getByTestId('filter-duration').selectOption('5');
  await expect(cards).toHaveCount(entries.filter((e) => e.duration === '5').length);
  await expect(page.locator('[data-group="exams"]')).toHaveCount(entries.some((e) => e.duration === '5' && e.mode === 'exam') ? 1 : 0);
  await page.getByTestId('filter-reset').click();
  await page.getByTestId('filter-level').selectOption('imkt-l5');
  await expect(cards).toHaveCount(entries.filter((e) => e.level === 'imkt-l5').length);
  await page.getByTestId('filter-reset').click();
  // Four filters at most: no tag cloud.
  expect(await page.getByTestId('scenario-filters').locator('select').count()).toBeLessThanOrEqual(4);
  await expect(page.getByTestId('filter-tags')).toHaveCount(0);

  // English: group titles, skills, categories and tags in English; the English room is findable.
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('app-title')).toHaveText(en.app.name);
  await expect(page.locator('#group-drills')).toHaveText(en.picker.group.drills);
  for (const s of skillTitles) await expect(page.locator(`[data-subgroup="${s}"] h4`)).toContainText(SKILLS.find((x) => x.id === s)!.title.en);
  for (const e of entries) await expect(page.locator(`[data-scenario-id="${e.id}"]`).getByTestId('card-category')).toHaveText(e.category.en);
  const tagsEn = JSON.parse(readFileSync(path.join(ROOT, 'src/ui/locales/tags-en.json'), 'utf8')) as Record<string, string>;
  const tagged = entries.find((e) => e.tags.some((x) => tagsEn[x]))!;
  const tagged1 = page.locator(`[data-scenario-id="${tagged.id}"]`);
  await tagged1.getByTestId('card-tech').locator('summary').click();
  await expect(tagged1.getByTestId('card-tags')).toContainText(tagsEn[tagged.tags.find((x) => tagsEn[x])!]);
  const english = entries.filter((e) => e.language === 'en');
  if (english.length > 0) {
    await page.getByTestId('filter-language').selectOption('en');
    await expect(cards).toHaveCount(english.length);
    await expect(cards.first().getByTestId('card-language')).toContainText(en.library.lang.en);
    await page.getByTestId('filter-reset').click();
  }
  await shot(page, 'picker-en', true);
  await shot(page, 'picker-en-top');
  expect(errors).toEqual([]);
});

test('"next": a first-time student is sent to a short drill; after a run, to the room that trains the weakest skill', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('/');
  const next = page.getByTestId('next-suggestion');
  await expect(next).toHaveAttribute('data-kind', 'start');
  const startId = await next.getAttribute('data-room');
  const startRoom = entries.find((e) => e.id === startId)!;
  expect(startRoom.mode).toBe('drill');
  expect(startRoom.durationSec).toBeLessThanOrEqual(600);
  await expect(next).toContainText(startRoom.title.zh);

  // A run enters the history (imported from a file): a passive host on the 10-minute exam room.
  const file = 'scenarios/imkt-l5-agri-618-10min.yaml';
  const scenario = loadScenario(file);
  const seed = 7;
  const actions = runWithBot(scenario, seed, 'passive').actions;
  const sim = replay(scenario, seed, actions);
  const runPath = path.join(testInfo.outputPath(), 'passive-run.json');
  writeFileSync(runPath, JSON.stringify(makeRunFile(scenario, seed, actions, sim, 'test')));
  await page.getByTestId('open-history').click();
  await page.getByTestId('import-file').setInputFiles(runPath);
  await expect(page.getByTestId('history-row')).toHaveCount(1, { timeout: 60_000 });

  // What the suggestion should be, from the same report.
  const report = scoreRun(scenario, sim.log);
  const now = Date.now();
  const runs = [{ id: 'r', scenarioId: scenario.meta.id, at: now, report }];
  const expected = suggestNext(skillLevels(runs, now), runs, entries, now, { micro: DRILL_CATALOG })!;
  expect(['skill', 'micro']).toContain(expected.kind);

  await page.getByTestId('history-back').click();
  await expect(next).toHaveAttribute('data-kind', expected.kind);
  await expect(next).toHaveAttribute('data-skill', expected.kind === 'skill' || expected.kind === 'micro' ? expected.skill : '');
  await expect(next).toHaveAttribute('data-room', expected.kind === 'micro' ? `drill:${expected.micro.id}` : expected.kind === 'skill' ? expected.room.id : '');
  await shot(page, 'picker-next-after-run');
  await page.getByTestId('next-start').click();
  await expect(page.getByTestId(expected.kind === 'micro' ? 'drill-screen' : 'briefing')).toBeVisible();
  expect(errors).toEqual([]);
});
