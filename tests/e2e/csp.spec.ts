/**
 * The built page under its Content-Security-Policy (src/csp.ts): the meta tag is in the page, the
 * preview server sends the policy with frame-ancestors and X-Frame-Options, the page has no inline
 * script, and going from the list through the briefing and the pre-live check into the live room
 * for a few seconds raises no policy violation at all (events or console errors).
 */
import { expect, test } from '@playwright/test';
import { contentSecurityPolicy } from '../../src/csp';
import { watchErrors } from './helpers';

const DRILL_ID = 'drill-stream-drop-5min';

test('the built page carries a strict CSP, is not frameable, and works under it', async ({ page, request }) => {
  test.setTimeout(60_000);
  // Headers from `vite preview` (the policy with frame-ancestors, and X-Frame-Options).
  const res = await request.get('/');
  const headers = res.headers();
  expect(headers['content-security-policy']).toBe(contentSecurityPolicy('header'));
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  const html = await res.text();
  // No inline script: every <script> has a src.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/\bsrc=/);
    expect(body.trim()).toBe('');
  }
  expect(html).not.toMatch(/<style\b/i);
  expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers

  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const errors = watchErrors(page);
  await page.goto('/?speed=4');

  // The meta tag, for static hosting: the same policy without frame-ancestors (ignored in a meta tag).
  const meta = page.locator('meta[http-equiv="Content-Security-Policy"]');
  await expect(meta).toHaveCount(1);
  expect(await meta.getAttribute('content')).toBe(contentSecurityPolicy('meta'));
  expect(contentSecurityPolicy('meta')).not.toContain('frame-ancestors');
  for (const directive of ["script-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'"]) expect(contentSecurityPolicy('meta')).toContain(directive);
  expect(contentSecurityPolicy('header')).not.toContain('unsafe-inline');
  expect(contentSecurityPolicy('header')).not.toContain('unsafe-eval');

  // Picker → briefing → pre-live check → live, a few seconds on air with some actions.
  await expect(page.getByTestId('scenario-list')).toBeVisible();
  await page.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await page.getByTestId('to-precheck').click();
  await expect(page.getByTestId('check-network')).toHaveAttribute('data-status', 'local');
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-screen')).toBeVisible();
  const row = page.locator('[data-testid="product-row"][data-product="oranges"]');
  await row.getByTestId('start-explaining').click();
  await row.getByTestId('show-card').click();
  await page.getByTestId('talk-input').fill('欢迎家人们！冰糖橙坏果包赔，拍1号链接！');
  await page.getByTestId('talk-input').press('Enter');
  await expect.poll(async () => Number(await page.getByTestId('live-clock').getAttribute('data-ms')), { timeout: 20_000 }).toBeGreaterThan(12_000);
  // The room really renders: styled (the stylesheet applied) and the comments flowing.
  const bg = await page.getByTestId('live-screen').evaluate((el) => getComputedStyle(el).display);
  expect(bg).not.toBe('inline');
  await page.waitForTimeout(3000);

  expect(violations).toEqual([]);
  expect(errors.filter((e) => /Content Security Policy|Content-Security-Policy|CSP/i.test(e))).toEqual([]);
  expect(errors).toEqual([]);
});

test('the page refuses to be framed', async ({ page, baseURL }) => {
  // Another page framing the app: the browser blocks it (frame-ancestors 'none', X-Frame-Options: DENY).
  await page.goto('about:blank');
  await page.setContent(`<iframe id="f" src="${baseURL}/?speed=4"></iframe>`);
  await page.waitForTimeout(1500);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  const loaded = frame ? await frame.evaluate(() => !!document.querySelector('[data-testid="scenario-list"]')).catch(() => false) : false;
  expect(loaded).toBe(false);
});

test('the WebGL room draws under the policy too (pixi gets its eval-free shader code first)', async ({ page }) => {
  test.setTimeout(60_000);
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const errors = watchErrors(page);
  const scripts: string[] = [];
  page.on('request', (r) => scripts.push(r.url()));
  await page.goto('/?speed=4&renderer=webgl');
  await page.locator(`[data-scenario-id="${DRILL_ID}"]`).getByTestId('scenario-start').click();
  await page.getByTestId('to-precheck').click();
  await page.getByTestId('go-live').click();
  await expect(page.locator('[data-testid="live-room"] canvas')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => Number(await page.getByTestId('live-clock').getAttribute('data-ms')), { timeout: 20_000 }).toBeGreaterThan(8_000);
  expect(scripts.some((u) => /pixi-no-eval/.test(u))).toBe(true);
  expect(violations).toEqual([]);
  expect(errors.filter((e) => /Content Security Policy|unsafe-eval|EvalError/i.test(e))).toEqual([]);
});
