import { expect, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioText, type Scenario } from '../../src/engine';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots are artefacts for people to look at (gitignored). */
export const SCREENSHOT_DIR = path.join(ROOT, 'tests/screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

export function shot(page: Page, name: string, fullPage = false): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

export function loadScenario(file: string): Scenario {
  const r = loadScenarioText(readFileSync(path.join(ROOT, file), 'utf8'), file);
  if (!r.ok) throw new Error(`${file} is invalid`);
  return r.scenario;
}

/** Replay an action file with the CLI, as a teacher would: `npm run livesim -- run … --actions FILE --json`. */
export function cliReplay(scenarioFile: string, seed: number, actionsFile: string): { digest: string; metrics: { orders: number }; incidents: { id: string; handled: boolean }[] } {
  const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'run', scenarioFile, '--seed', String(seed), '--actions', actionsFile, '--json'], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Collect page errors and console errors (WebGL driver chatter is a warning, not an error). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return errors;
}

/** Sim time shown by the console, in ms. */
export async function simTime(page: Page): Promise<number> {
  return Number(await page.getByTestId('live-clock').getAttribute('data-ms'));
}

export async function waitForSimTime(page: Page, ms: number, timeout = 30_000): Promise<void> {
  await expect.poll(() => simTime(page), { timeout, intervals: [100] }).toBeGreaterThanOrEqual(ms);
}

/** From the scenario list to the live screen. */
export async function goLive(page: Page, scenarioId: string, expectCamera: 'ok' | 'denied'): Promise<void> {
  await page.locator(`[data-scenario-id="${scenarioId}"]`).getByTestId('scenario-start').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await page.getByTestId('to-precheck').click();
  await expect(page.getByTestId('check-camera')).toHaveAttribute('data-status', expectCamera);
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-screen')).toBeVisible();
}

/**
 * With Playwright's clock paused, let the page's clock run in steps of `stepMs` (through `run`)
 * until the locator shows. What bounds the wait is the test's own wall time, not the page's: a
 * lazily loaded screen arrives over the network and is revealed by React on a timer, and on a busy
 * machine that takes more steps than on an idle one. A fixed number of steps would be a guess at
 * the machine's speed.
 */
export async function runUntilVisible(run: (ms: number) => Promise<void>, locator: Locator, stepMs: number, maxRealMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await locator.isVisible())) {
    expect(Date.now() - start, `real time waited for ${String(locator)}`).toBeLessThan(maxRealMs);
    await run(stepMs);
  }
}

/** runUntilVisible one animation frame (16 ms of the page's clock) at a time. */
export async function frameUntilVisible(page: Page, locator: Locator, maxRealMs = 30_000): Promise<void> {
  await runUntilVisible((ms) => page.clock.runFor(ms), locator, 16, maxRealMs);
}
