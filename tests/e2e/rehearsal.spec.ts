/**
 * The rehearsal task (2-1 直播预演) played through the UI: the student writes the five parts of a
 * single-product script in the console's script panel, reorders a part and puts it back, submits,
 * starts the rehearsal early, sees the prompter follow the plan, says each part in its window
 * (explaining the product for the points, popping its card for the price), and gets the report
 * with the rehearsal criteria. The UI run's action log replays to the same digest and score, and
 * the draft survives a reload before it is submitted.
 */
import { expect, test, type Page } from '@playwright/test';
import { replay, type ActionInput } from '../../src/engine';
import { scoreRun } from '../../src/scoring';
import { frameUntilVisible, loadScenario, shot, watchErrors } from './helpers';
import { HONEY_SCRIPT } from '../rehearsal-script';

const FILE = 'scenarios/imkt-l5-rehearsal-honey-15min.yaml';
const ID = 'imkt-l5-rehearsal-honey-15min';
const SEED = 7;
const SPEED = 16;

const SCRIPT = HONEY_SCRIPT;

type Livesim = { current(): { finished: boolean; actions: number } | null; actionLog(): { actions: ActionInput[] } | null };
const simMs = async (page: Page) => Number(await page.getByTestId('live-clock').getAttribute('data-ms'));

test.use({ viewport: { width: 1440, height: 900 } });

test('a student writes a script, rehearses it part by part, and is graded on following it', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.clock.install({ time: new Date('2025-03-01T09:00:00+08:00') });
  await page.goto(`/?speed=${SPEED}&seed=${SEED}`);
  await page.locator(`[data-scenario-id="${ID}"]`).getByTestId('scenario-start').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await page.getByTestId('to-precheck').click();
  await page.waitForLoadState('networkidle');
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  await page.getByTestId('go-live').click();
  await frameUntilVisible(page, page.getByTestId('script-panel'));
  const panel = page.getByTestId('script-panel');
  await expect(panel).toHaveAttribute('data-state', 'editing');
  await expect(page.getByTestId('script-status')).toHaveAttribute('data-submitted', 'false');

  // Write the script; the draft is kept as it is typed.
  await page.getByTestId('script-format').selectOption('demo');
  for (const p of SCRIPT) {
    await page.getByTestId(`script-text-${p.part}`).fill(p.text);
    await page.getByTestId(`script-sec-${p.part}`).fill(String(p.sec));
  }
  // Move the price up above the points, then back: the order listed is the flow.
  await page.getByTestId('script-up-price').click();
  await expect(page.getByTestId('script-part').nth(1)).toHaveAttribute('data-part', 'price');
  await page.getByTestId('script-down-price').click();
  await expect(page.getByTestId('script-part').nth(2)).toHaveAttribute('data-part', 'price');
  await expect(page.getByTestId('script-total')).toContainText('6:20');
  await shot(page, 'rehearsal-01-script-editor');

  // A reload before submitting loses nothing: the run is continued (paused, as every continued
  // run is) and the draft is still there.
  await page.clock.resume();
  await page.reload();
  await expect(page.getByTestId('resume-offer')).toBeVisible();
  await page.getByTestId('resume-run').click();
  await expect(page.getByTestId('live-screen')).toBeVisible();
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  await frameUntilVisible(page, page.getByTestId('script-panel'));
  for (const p of SCRIPT) await expect(page.getByTestId(`script-text-${p.part}`)).toHaveValue(p.text);
  await expect(page.getByTestId('script-format')).toHaveValue('demo');
  await page.getByTestId('pause').click();

  await page.getByTestId('script-submit').click();
  await page.clock.runFor(100);
  await expect(page.getByTestId('script-status')).toHaveAttribute('data-submitted', 'true');
  await expect(page.getByTestId('script-status')).toHaveAttribute('data-changed', 'false');
  await expect(page.getByTestId('script-submit')).toBeDisabled();

  // Start the rehearsal now: the panel becomes the prompter, the opening current.
  await page.getByTestId('ros-next').click();
  await page.clock.runFor(100);
  await expect(panel).toHaveAttribute('data-state', 'prompter');
  const start = await simMs(page);
  await expect(page.locator('[data-testid="prompter-part"][data-current="true"]')).toHaveAttribute('data-part', 'opening');
  await shot(page, 'rehearsal-02-prompter');

  // Say each part in its window, sentence by sentence; explain for the points, the card for the price.
  const row = page.locator('[data-testid="product-row"][data-product="honey"]');
  const current = page.locator('[data-testid="prompter-part"][data-current="true"]');
  await rehearseOnPage(page, SCRIPT, start, {
    fab: [() => expect(current).toHaveAttribute('data-part', 'fab'), () => row.getByTestId('start-explaining').click()],
    price: [() => row.getByTestId('show-card').click()],
  });

  // The flow is over: the prompter says so, and the student ends the rehearsal.
  await expect(page.getByTestId('script-done')).toBeVisible();
  const { log, report } = await endAndScore(page, FILE, errors, ['script-elements', 'script-compliance', 'flow-plan', 'rehearsal-follow'], 'rehearsal-03-report');
  // The page's grade is the engine's: the action log replays to the same score.
  const follow = report.criteria.find((c) => c.id === 'rehearsal-follow')!;
  expect(follow.points / follow.max).toBeGreaterThan(0.8);
  expect(report.criteria.find((c) => c.id === 'script-elements')!.points).toBeGreaterThan(0);
  expect(log.actions.filter((a) => a.type === 'submit_script')).toHaveLength(1);
  expect(errors).toEqual([]);
});

/** Say each part's sentences in its window from `start` (sim ms), doing the part's console steps first; `skip`: parts left out. */
async function rehearseOnPage(page: Page, parts: readonly { part: string; sec: number; text: string }[], start: number, steps: Record<string, (() => Promise<void>)[]>, skip: string[] = []): Promise<number> {
  let at = start;
  for (const p of parts) {
    const sentences = p.text.split(/(?<=[。！？])/).filter((x) => x.length > 0);
    const step = (p.sec * 1000) / (sentences.length + 1);
    for (let i = 0; i < sentences.length; i++) {
      const due = at + 2000 + i * step;
      const now = await simMs(page);
      if (due > now) await page.clock.runFor(Math.ceil((due - now) / SPEED));
      if (i === 0) for (const s of steps[p.part] ?? []) await s();
      if (skip.includes(p.part)) continue;
      await page.getByTestId('talk-input').fill(sentences[i]);
      await page.getByTestId('talk-input').press('Enter');
    }
    at += p.sec * 1000;
  }
  const now = await simMs(page);
  if (at + 1000 > now) await page.clock.runFor(Math.ceil((at + 1000 - now) / SPEED));
  return at;
}

test('level 3: team roles and a team script, a first rehearsal, its analysis and revision, a better second rehearsal', async ({ page }) => {
  test.setTimeout(240_000);
  const FILE3 = 'scenarios/imkt-l3-rehearsal-noodles-15min.yaml';
  const errors = watchErrors(page);
  await page.clock.install({ time: new Date('2025-03-01T09:00:00+08:00') });
  await page.goto(`/?speed=${SPEED}&seed=${SEED}`);
  await page.locator('[data-scenario-id="imkt-l3-rehearsal-noodles-15min"]').getByTestId('scenario-start').click();
  await page.getByTestId('to-precheck').click();
  await page.waitForLoadState('networkidle');
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  await page.getByTestId('go-live').click();
  await frameUntilVisible(page, page.getByTestId('script-panel'));

  const parts = [
    { part: 'opening', text: '欢迎来到直播间的家人们，大家好！今天给大家带来河南的手工空心挂面。', team: { assistant: '新来的家人点个关注' } },
    { part: 'fab', text: '这是手工拉制的挂面，自然晾晒36小时，面条中间是空心的。空心的面容易熟、吸汤汁，煮久了也不糊。配料只有小麦粉、水和盐。早上三分钟就能煮一碗热乎面。', team: { controller: '1号链接开始讲解' }, cues: ['start_explaining'] },
    { part: 'price', text: '平时卖39.9元，今天直播间到手价29.9元，再领5元直播间专享券。', team: { controller: '弹出商品卡，发券' }, cues: ['show_card', 'issue_coupon'] },
    { part: 'close', text: '喜欢的家人们现在就拍1号链接，券只在今天直播时能用，抓紧下单！', team: { floor: '看评论区，提醒主播回答问题' } },
    { part: 'ending', text: '感谢家人们的陪伴，点个关注，明天晚上八点不见不散！', team: { assistant: '明天见' } },
  ] as const;
  await expect(page.getByTestId('script-structure')).toHaveValue('standard');
  for (const [seat, duty] of Object.entries({ host: '讲解商品、回答提问、引导下单', assistant: '配合展示煮面、提醒关注和领券', controller: '上链接、弹卡片、发券、盯库存', floor: '看评论和节奏，提醒主播调整' })) await page.getByTestId(`script-duty-${seat}`).fill(duty);
  for (const p of parts) {
    await page.getByTestId(`script-text-${p.part}`).fill(p.text);
    for (const [seat, line] of Object.entries(p.team)) await page.getByTestId(`script-team-${p.part}-${seat}`).fill(line);
    for (const c of 'cues' in p ? p.cues : []) await page.getByTestId(`script-cue-${p.part}-${c}`).check();
  }
  await shot(page, 'rehearsal-11-team-script');
  await page.getByTestId('script-submit').click();
  await page.clock.runFor(100);
  await expect(page.getByTestId('script-status')).toHaveAttribute('data-changed', 'false');
  const secs = Object.fromEntries(await Promise.all(parts.map(async (p) => [p.part, Number(await page.getByTestId(`script-sec-${p.part}`).inputValue())] as const)));
  const flow = parts.map((p) => ({ part: p.part, sec: secs[p.part], text: p.text }));

  const row = page.locator('[data-testid="product-row"][data-product="noodles"]');
  const steps = {
    fab: [() => row.getByTestId('start-explaining').click()],
    price: [() => row.getByTestId('show-card').click(), () => page.locator('[data-testid="coupon-row"][data-coupon="live5"]').getByTestId('issue-coupon').click()],
  };
  // First rehearsal: the close is left out.
  await page.getByTestId('ros-next').click();
  await page.clock.runFor(100);
  await expect(page.getByTestId('script-panel')).toHaveAttribute('data-state', 'prompter');
  await rehearseOnPage(page, flow, await simMs(page), steps, ['close']);
  await shot(page, 'rehearsal-12-prompter-team');

  // Analyse and adjust: the panel lists the close as weak; the analysis names it, the close is rewritten and lengthened.
  await page.getByTestId('ros-next').click();
  await frameUntilVisible(page, page.locator('[data-testid="rehearsed-part"][data-part="close"]'));
  await expect(page.locator('[data-testid="rehearsed-part"][data-part="close"]')).toHaveAttribute('data-score', '0');
  await page.getByTestId('script-analysis-text').fill('第一次预演漏掉了促单部分，下单引导没有讲；把促单话术改短，时长加到60秒。');
  const close = '喜欢的家人们现在就拍1号链接，今天直播间到手价只在直播时有效，抓紧下单！';
  await page.getByTestId('script-text-close').fill(close);
  await page.getByTestId('script-sec-close').fill('60');
  await shot(page, 'rehearsal-13-analysis');
  await page.getByTestId('script-submit').click();
  await page.clock.runFor(100);
  await expect(page.getByTestId('script-status')).toHaveAttribute('data-changed', 'false');

  // Second rehearsal, in full, then end.
  await page.getByTestId('ros-next').click();
  await page.clock.runFor(100);
  const flow2 = flow.map((p) => (p.part === 'close' ? { ...p, sec: 60, text: close } : p));
  // The product is still on explain and its card still up from the first rehearsal.
  await rehearseOnPage(page, flow2, await simMs(page), {});
  const { report } = await endAndScore(page, FILE3, errors, ['team-division', 'team-script', 'rehearsal-improvement', 'rehearsal-follow'], 'rehearsal-14-report-l3');
  expect(report.failedGates).toEqual([]);
  const pts = (id: string) => report.criteria.find((c) => c.id === id)!;
  expect(pts('rehearsal-improvement').points / pts('rehearsal-improvement').max).toBeGreaterThan(0.9);
  expect(pts('team-division').points / pts('team-division').max).toBeGreaterThan(0.9);
  expect(errors).toEqual([]);
});

/**
 * End the stream from the console, wait for the report and its criteria, and re-simulate the
 * page's action log: the report on the page must show the re-simulation's total.
 */
async function endAndScore(page: Page, file: string, errors: string[], criteria: string[], screenshot: string) {
  await page.getByTestId('end-stream').click();
  await page.getByTestId('end-stream-yes').click();
  await page.clock.runFor(200);
  expect(await page.evaluate(() => (window as unknown as { livesim: Livesim }).livesim.current()?.finished ?? false)).toBe(true);
  const log = (await page.evaluate(() => (window as unknown as { livesim: Livesim }).livesim.actionLog()))!;
  await page.clock.resume();
  await expect(page.getByTestId('end-screen'), errors.join('\n')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('score-report')).toBeVisible({ timeout: 30_000 });
  for (const id of criteria) await expect(page.locator(`[data-testid="criterion"][data-criterion="${id}"]`)).toBeVisible();
  await shot(page, screenshot, true);
  const scenario = loadScenario(file);
  const report = scoreRun(scenario, replay(scenario, SEED, log.actions).log);
  expect(await page.getByTestId('score-report').locator('.score__total').textContent()).toContain(String(report.total));
  return { log, report };
}
