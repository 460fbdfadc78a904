/**
 * Consequences visible in the live: a platform warning and the traffic cut that comes with it show
 * in the console the moment they happen, with the reason and how long traffic is cut (issue #12,
 * item 8). Steering buyers off the platform on air brings both at once.
 */
import { expect, test } from '@playwright/test';
import { goLive, shot, watchErrors } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

test('a platform warning and a traffic cut show in the console with the reason and the time left', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?speed=4&seed=3');
  await goLive(page, 'drill-stream-drop-5min', 'ok');
  await expect(page.getByTestId('talk-input')).toBeVisible();
  await expect(page.getByTestId('platform-alerts')).toHaveCount(0);

  await page.getByTestId('talk-input').fill('想要更便宜的，加我微信私聊下单');
  await page.getByTestId('talk-send').click();

  const warning = page.getByTestId('platform-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('平台警告');
  await expect(warning).toContainText('站外引流');
  await expect(warning).toContainText('加我微信');
  const cut = page.getByTestId('platform-penalty');
  await expect(cut).toBeVisible();
  await expect(cut).toContainText('平台限流中');
  await expect(cut).toContainText('推荐流量降至 50%');
  await expect(cut).toContainText('引导用户站外交易');
  // The time left counts down with the run (a three-minute cut).
  await expect(cut).toContainText(/还剩 (2:5\d|3:00)/);
  await shot(page, 'platform-alerts-zh');

  await page.getByTestId('pause').click();
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('live-status')).toContainText('Paused');
  await expect(cut).toContainText('Recommended traffic down to 50%');
  await expect(cut).toContainText('steering buyers off the platform');
  await expect(warning).toContainText('Platform warning');
  await shot(page, 'platform-alerts-en');
  expect(errors).toEqual([]);
});
