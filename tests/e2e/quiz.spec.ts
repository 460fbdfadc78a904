/**
 * The review quiz is one locked submission, and the live grade is frozen when the live ends
 * (docs/review.md, docs/scoring.md §7), under Playwright's clock so every run is the same:
 * a short drill is played to the end; nothing about the answers shows before submitting; a
 * partly blank submission is confirmed first; after it the quiz is locked — after a reload too —
 * and the report's total (unchanged by the quiz) equals the history's.
 */
import { expect, test, type Page } from '@playwright/test';
import { replay, type ActionInput } from '../../src/engine';
import { reviewQuiz, scoreRun } from '../../src/scoring';
import { frameUntilVisible, runUntilVisible, loadScenario, shot, watchErrors } from './helpers';

const DRILL = 'scenarios/drill-stream-drop-5min.yaml';
const DRILL_ID = 'drill-stream-drop-5min';

test.use({ viewport: { width: 1440, height: 900 } });

async function startClock(page: Page, query: string): Promise<(ms: number) => Promise<void>> {
  await page.clock.install({ time: new Date('2025-03-01T09:00:00+08:00') });
  await page.goto(`/?${query}`);
  await expect(page.getByTestId('scenario-list')).toBeVisible();
  return async (ms: number) => {
    await page.clock.runFor(ms);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = resolve;
          channel.port2.postMessage(0);
        }),
    );
  };
}


async function setLang(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) !== lang) await page.getByTestId('lang-toggle').first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** The run's record as IndexedDB holds it (database livesim, store runs). */
function storedRun(page: Page): Promise<{ grade?: { total: number }; quiz?: { answers: Record<string, string>; submittedAt: number; result?: { correct: number } } } | null> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('livesim');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => {
            req.result.close();
            resolve(all.result[0] ?? null);
          };
        };
      }),
  );
}

test('the quiz is submitted once and stays locked after a reload; the report and the history show the same frozen grade', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const run = await startClock(page, 'speed=256&seed=11');

  // A short drill: a pitch, then the stream drop is left alone; played to the end.
  await page.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await page.getByTestId('to-precheck').click();
  await expect(page.getByTestId('check-camera')).toHaveAttribute('data-status', 'ok');
  await page.waitForLoadState('networkidle');
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  await page.getByTestId('go-live').click();
  await frameUntilVisible(page, page.getByTestId('live-screen'));
  await page.getByTestId('pause').click();
  const row = page.locator('[data-testid="product-row"][data-product="oranges"]');
  await row.getByTestId('start-explaining').click();
  await page.getByTestId('talk-input').fill('欢迎家人们！云南高山冰糖橙，坏果包赔，直播间到手价29.9元，拍1号链接！');
  await page.getByTestId('talk-input').press('Enter');
  await page.getByTestId('pause').click();
  await runUntilVisible(run, page.getByTestId('end-screen'), 250);
  await page.clock.resume();
  await expect(page.getByTestId('saved-status')).toHaveAttribute('data-saved', 'true');

  // What Node computes from the same actions: the live grade and the quiz's answers.
  const actions = (await page.evaluate(() => (window as unknown as { livesim: { actionLog(): { actions: ActionInput[] } | null } }).livesim.actionLog()))!.actions;
  const scenario = loadScenario(DRILL);
  const sim = replay(scenario, 11, actions);
  const expected = scoreRun(scenario, sim.log);
  const questions = reviewQuiz(scenario, sim.log);

  // The end screen shows the frozen grade, its verdict in one sentence, and the quiz not taken.
  const report = page.getByTestId('score-report');
  await expect(report).toHaveAttribute('data-source', 'frozen');
  await expect(page.getByTestId('score-total')).toHaveText(String(expected.total));
  await expect(page.getByTestId('score-verdict')).toHaveText(expected.verdict.zh);
  await expect(page.getByTestId('score-verdict')).toHaveText(/^(通过|未通过)：.*分数 \d+\.\d (≥|<) 60$/);
  await expect(page.getByTestId('score-quiz')).toHaveAttribute('data-submitted', 'false');

  // Before submitting, nothing about the answers is shown.
  const quiz = page.getByTestId('quiz');
  await expect(quiz).toHaveAttribute('data-locked', 'false');
  await expect(page.getByTestId('quiz-question')).toHaveCount(questions.length);
  await expect(page.getByTestId('quiz-feedback')).toHaveCount(0);
  await expect(quiz).not.toContainText(`正确答案`);

  // One answer right, one wrong, the rest blank: confirmed first, and still nothing is shown.
  const uv = questions.find((q) => q.id === 'uv')!;
  const likes = questions.find((q) => q.id === 'likes')!;
  await page.locator('[data-testid="quiz-question"][data-question="uv"]').getByTestId('quiz-input').fill(String(uv.answer));
  await page.locator('[data-testid="quiz-question"][data-question="likes"]').getByTestId('quiz-input').fill(String((likes.answer as number) + 1000));
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByTestId('quiz-confirm')).toBeVisible();
  await expect(page.getByTestId('quiz-confirm')).toContainText(`${questions.length - 2}`);
  await expect(page.getByTestId('quiz-feedback')).toHaveCount(0);
  await page.getByTestId('quiz-confirm-no').click();
  await expect(page.getByTestId('quiz-confirm')).toHaveCount(0);
  await expect(quiz).toHaveAttribute('data-locked', 'false');
  await page.getByTestId('quiz-submit').click();
  await page.getByTestId('quiz-confirm-yes').click();

  // Locked: the answers and feedback are shown, the form cannot be changed, the grade did not move.
  await expect(quiz).toHaveAttribute('data-locked', 'true');
  await expect(page.getByTestId('quiz-submit')).toHaveCount(0);
  await expect(page.getByTestId('quiz-feedback')).toHaveCount(questions.length);
  await expect(page.locator('[data-testid="quiz-question"][data-question="uv"]')).toHaveAttribute('data-correct', 'true');
  await expect(page.locator('[data-testid="quiz-question"][data-question="likes"]')).toHaveAttribute('data-correct', 'false');
  const blankId = questions.find((q) => q.id !== 'uv' && q.id !== 'likes')!.id;
  await expect(page.locator(`[data-testid="quiz-question"][data-question="${blankId}"]`)).toHaveAttribute('data-correct', 'false');
  for (const input of await page.getByTestId('quiz-input').all()) await expect(input).toBeDisabled();
  await expect(page.getByTestId('quiz-result')).toHaveAttribute('data-correct', '1');
  await expect(page.getByTestId('score-total')).toHaveText(String(expected.total));
  await expect(page.getByTestId('score-quiz')).toHaveAttribute('data-submitted', 'true');
  const stored = await storedRun(page);
  expect(stored?.quiz?.result?.correct).toBe(1);
  expect(stored?.grade?.total).toBe(expected.total);
  const toReport = () => page.getByTestId('score-report').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await toReport();
  await shot(page, 'quiz-01-end-report-zh');
  await page.getByTestId('quiz').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'quiz-02-locked-zh');
  await setLang(page, 'en');
  await expect(page.getByTestId('score-verdict')).toHaveText(expected.verdict.en);
  await toReport();
  await shot(page, 'quiz-01-end-report-en');
  await setLang(page, 'zh-CN');

  // After a reload: the history shows the same total; the review shows the quiz locked.
  await page.reload();
  await expect(page.getByTestId('scenario-list')).toBeVisible();
  await page.getByTestId('open-history').click();
  const hrow = page.getByTestId('history-row');
  await expect(hrow).toHaveCount(1);
  await expect(hrow.getByTestId('history-score')).toHaveAttribute('data-total', String(expected.total));
  await expect(hrow.getByTestId('history-score')).toContainText(String(expected.total));
  await expect(hrow.getByTestId('history-quiz')).toHaveAttribute('data-submitted', 'true');
  await shot(page, 'quiz-03-history-zh');
  await setLang(page, 'en');
  await shot(page, 'quiz-03-history-en');
  await setLang(page, 'zh-CN');
  await hrow.getByTestId('history-review').click();
  await expect(page.getByTestId('review-screen')).toBeVisible();
  await expect(page.getByTestId('score-total')).toHaveText(String(expected.total));
  await expect(page.getByTestId('quiz')).toHaveAttribute('data-locked', 'true');
  await expect(page.getByTestId('quiz-submit')).toHaveCount(0);
  await expect(page.getByTestId('quiz-locked')).toBeVisible();
  for (const input of await page.getByTestId('quiz-input').all()) await expect(input).toBeDisabled();
  await expect(page.locator('[data-testid="quiz-question"][data-question="uv"]').getByTestId('quiz-input')).toHaveValue(String(uv.answer));
  // The stored submission is the first one, unchanged.
  const after = await storedRun(page);
  expect(after?.quiz).toEqual(stored?.quiz);
  expect(errors).toEqual([]);
});
