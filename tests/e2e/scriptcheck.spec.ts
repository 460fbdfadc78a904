import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { shot, watchErrors } from './helpers';

const SCRIPT = ['家人们晚上好，欢迎来到直播间！', '这款面霜是全网最低价。', '有问题加我薇信私聊。', '只剩10件了，原价399，今天只要29.9！', '这款蜂蜜的最佳食用期是十八个月。'].join('\n');

test('script check: paste, see highlights and reasons, accept fixes, facts from a scenario, export, reload, English', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('open-scriptcheck')).toHaveText('脚本合规审查');
  await shot(page, 'scriptcheck-picker-link');
  await page.getByTestId('open-scriptcheck').click();
  await expect(page).toHaveURL(/#scriptcheck$/);
  const input = page.getByTestId('sc-input');
  await input.fill(SCRIPT);

  // Findings listed with reasons, highlighted in the text.
  const findings = page.getByTestId('sc-finding');
  await expect(page.getByTestId('sc-summary')).toHaveAttribute('data-passed', 'false');
  await expect(findings.filter({ hasText: '加我薇信' })).toContainText('严重');
  await expect(findings.filter({ hasText: '全网最低价' }).first()).toContainText('建议');
  await expect(findings.filter({ hasText: '只剩10件' })).toContainText('需核对事实');
  await expect(page.getByTestId('sc-highlights').locator('mark')).toContainText(['全网最低价', '加我薇信私聊', '只剩10件']);
  // The exemption is said, not flagged.
  await expect(page.getByTestId('sc-notes')).toContainText('最佳');
  await shot(page, 'scriptcheck-zh', true);

  // Facts from a shipped scenario: the oranges drill (stock 400, list 39.9, live 29.9).
  await page.getByTestId('sc-scenario').selectOption('drill-stream-drop-5min');
  const stock = findings.filter({ hasText: '只剩10件' });
  await expect(stock).toContainText('400');
  await expect(stock).toContainText('虚假稀缺');
  await expect(page.getByTestId('sc-notes')).toContainText('今天只要29.9');

  // Accept one suggestion: the off-platform line is deleted.
  await findings.filter({ hasText: '加我薇信' }).getByTestId('sc-accept').click();
  await expect(input).not.toHaveValue(/薇信/);
  await expect(findings.filter({ hasText: '加我薇信' })).toHaveCount(0);

  // Accept all: the stock claim now says the real stock, the price anchor the real list price.
  await page.getByTestId('sc-accept-all').click();
  await expect(input).toHaveValue(/只剩400件/);
  await expect(input).toHaveValue(/原价39\.9/);
  await expect(input).toHaveValue(/直播间专享价/);

  // Export the cleaned script and the findings.
  const [txt] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sc-export-txt').click()]);
  expect(readFileSync((await txt.path())!, 'utf8')).toBe(await input.inputValue());
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sc-export-csv').click()]);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  expect(csvText.split('\r\n')[0]).toBe('\ufeffline,start,end,text,category,severity,rule,source,reason_zh,reason_en,suggestion_zh,suggestion_en,replacement,fact_status,rule_id');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sc-export-json').click()]);
  const report = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { summary: { scenario: string; findings: number } };
  expect(report.summary.scenario).toBe('drill-stream-drop-5min');
  expect(report.summary.findings).toBe(await findings.count());

  // Reload: the draft and the scenario choice are still there.
  const cleaned = await input.inputValue();
  await input.press('ControlOrMeta+End'); // End alone only reaches the end of the caret's line
  await input.pressSequentially('最后一句');
  await page.reload();
  await expect(page.getByTestId('scriptcheck')).toBeVisible();
  await expect(input).toHaveValue(cleaned + '最后一句');
  await expect(page.getByTestId('sc-scenario')).toHaveValue('drill-stream-drop-5min');

  // English.
  await input.fill(SCRIPT);
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByRole('heading', { name: 'Script compliance check' })).toBeVisible();
  await expect(findings.filter({ hasText: '加我薇信' })).toContainText('severe');
  await expect(findings.filter({ hasText: '只剩10件' })).toContainText('real stock');
  await shot(page, 'scriptcheck-en', true);

  // Back to the scenario list.
  await page.getByTestId('sc-back').click();
  await expect(page.getByTestId('scenario-list')).toBeVisible();
  expect(errors).toEqual([]);
});

test('script check opens from ?page=scriptcheck, and a clean script passes', async ({ page }) => {
  await page.goto('/?page=scriptcheck');
  await page.getByTestId('sc-input').fill('家人们晚上好，这款卫衣是纯棉的，点点关注不迷路。');
  await expect(page.getByTestId('sc-summary')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('sc-none')).toBeVisible();
});
